// Where the best plan's time goes: one request's prefill and one decode step of the running batch,
// each op at its achieved time (the planner's calibrated model) and the rest of the step, which is
// communication (tensor-parallel collectives, pipeline hand-offs), from the planner's own totals.
import type { Feasible } from '../../planner/search.js';
import type { PlanContext } from '../../planner/inference.js';
import { achievedTime } from '../../roofline/efficiency.js';
import type { Placement } from '../../roofline/roofline.js';
import { buildPhaseGraph, type Phase } from '../../workloads/phase-graph.js';
import type { PhaseTimes, TimedOp } from './time-breakdown.js';

/** The phase graph the planner times for this plan (batch per micro-batch, as in evaluateInference). */
function graphOf(ctx: PlanContext, e: Feasible, phase: Phase, batch: number, input: number, context: number) {
  const p = e.plan;
  return buildPhaseGraph({
    model: ctx.model,
    phase,
    batch,
    input,
    context,
    chunk: input,
    format: p.format,
    tp: p.tp,
    ep: p.ep ?? 1,
    sequenceParallel: false,
    flashAttention: p.flashAttention,
    recompute: 'none',
  });
}

function timed(ctx: PlanContext, label: string, g: ReturnType<typeof buildPhaseGraph>, stepS: number): PhaseTimes {
  const tier = ctx.hw.device.memory[0]!;
  const placement: Placement = { weights: tier, kv: tier, activations: tier };
  const ops: TimedOp[] = g.ops
    .filter((op) => op.shape.type !== 'collective')
    .map((op) => ({
      kind: op.kind,
      group: op.group,
      seconds: achievedTime(op, ctx.hw.device, placement).time * op.count,
    }));
  const computed = ops.reduce((s, o) => s + o.seconds, 0);
  // what the planner's step has beyond its ops: collectives and hand-offs (rounding aside)
  const rest = stepS - computed;
  if (rest < -1e-9 * stepS)
    throw new Error(`${label}: the ops take longer (${computed} s) than the planner's step (${stepS} s)`);
  if (rest > 1e-12) ops.push({ kind: 'communication', group: 'communication', seconds: rest });
  return { label, ops };
}

/**
 * Prefill of one request and a decode step at the average context. Speculative decoding mixes the
 * draft's steps into decode, which this split does not show: then only the prefill is returned.
 */
export function planPhaseTimes(ctx: PlanContext, e: Feasible): PhaseTimes[] {
  const { input, output } = ctx.workload;
  const out = [
    timed(ctx, `prefill (1 request, ${input} tokens)`, graphOf(ctx, e, 'prefill', 1, input, 0), e.metrics.prefillS),
  ];
  if (!ctx.workload.speculative) {
    const micro = Math.ceil(e.plan.batch / e.plan.pp);
    const context = input + Math.floor(output / 2);
    out.push(
      timed(
        ctx,
        `decode step (${e.plan.pp > 1 ? `micro-batch ${micro} of ${e.plan.batch}` : `batch ${micro}`}, ${context} context)`,
        graphOf(ctx, e, 'decode', micro, 1, context),
        e.decode.time,
      ),
    );
  }
  return out;
}
