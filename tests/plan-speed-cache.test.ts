// The planner's speed caches change nothing: a search shares graphs and op sums between plans
// (PlanMemo) and per split (SplitShared), and every plan it returns has exactly the metrics of the
// same plan evaluated alone, from scratch. A memo that returned another plan's graph or time
// (a stale key) would fail here.
import { describe, expect, it } from 'vitest';
import { findModel } from '../src/workloads/models.js';
import { resolveFormat } from '../src/workloads/precision.js';
import { resolveHardware } from '../src/hardware/cluster.js';
import { inferenceHardware } from '../src/planner/setup.js';
import {
  DEFAULT_ENGINE,
  evaluateInference,
  planMemo,
  splitShared,
  type InferencePlan,
  type InferenceWorkload,
  type PlanContext,
} from '../src/planner/inference.js';
import { searchInference, type SearchOptions } from '../src/planner/search.js';
import { buildPhaseGraph } from '../src/workloads/phase-graph.js';
import { mixedGraph, mixedStepTime, opSums, stepFromSums, stepTime } from '../src/parallelism/step-time.js';
import { catalog } from './helpers/graphs.js';

function context(model: string, hw: string, workload: Partial<InferenceWorkload> = {}): PlanContext {
  return {
    model: findModel(model),
    hw: inferenceHardware(resolveHardware(hw, catalog)),
    workload: { input: 1024, output: 256, serving: true, ...workload },
    engine: DEFAULT_ENGINE,
  };
}
const options = (ctx: PlanContext, extra: Partial<SearchOptions> = {}): SearchOptions => ({
  format: resolveFormat(ctx.hw.device, {}),
  objective: 'throughput',
  flashAttention: true,
  ...extra,
});

/** Every plan a search evaluated, with what the search made of it. */
function searched(ctx: PlanContext, o: SearchOptions) {
  const r = searchInference(ctx, o);
  return [...r.ranked, ...r.missed.map((m) => m.evaluation), ...r.infeasible];
}

describe('plan speed caches', () => {
  const cases: [string, PlanContext, Partial<SearchOptions>][] = [
    ['dense, offline serving, TP × PP over 8 nodes', context('llama-3.1-70b', 'h100x64'), {}],
    ['MoE with expert parallelism inside and across replicas', context('mixtral-8x7b', 'h100x64'), {}],
    [
      'static batch, prefill and decode graphs per batch',
      context('llama-3.1-70b', 'h100x64', { serving: false }),
      { batch: 24 },
    ],
    [
      'speculative decoding: draft graphs on the target plan’s links',
      context('llama-3.1-70b', 'h100x8', {
        speculative: { draft: findModel('llama-3.1-8b'), k: 4, acceptance: 0.7 },
      }),
      {},
    ],
    [
      'long prompts: chunks narrower than the prompt, prefill-only iterations',
      context('llama-3.1-8b', 'a100x8', { input: 7000, output: 64 }),
      {},
    ],
  ];

  it.each(cases)('every plan of a search equals the plan evaluated alone: %s', (_, ctx, extra) => {
    const plans = searched(ctx, options(ctx, extra));
    expect(plans.length).toBeGreaterThan(5);
    for (const e of plans) expect(evaluateInference(ctx, e.plan)).toEqual(e);
  });

  it('a micro-batch shared by two pipeline depths keeps each depth’s hand-offs', () => {
    const ctx = context('llama-3.1-70b', 'h100x64');
    const format = resolveFormat(ctx.hw.device, {});
    const plan = (pp: number, batch: number): InferencePlan => ({
      tp: 4,
      ep: 1,
      pp,
      dp: 64 / (4 * pp),
      batch,
      format,
      flashAttention: true,
    });
    const memo = planMemo(ctx, format);
    // 16 sequences over 2 stages and 8 over 1: the same decode graph of 8, timed on different links
    const one = evaluateInference(ctx, plan(1, 8), undefined, memo);
    const timed = memo.sums.size;
    const two = evaluateInference(ctx, plan(2, 16), undefined, memo);
    expect(memo.sums.size).toBe(timed); // no graph built or timed again
    expect(two).toEqual(evaluateInference(ctx, plan(2, 16)));
    expect(one).toEqual(evaluateInference(ctx, plan(1, 8)));
    if (!one.fits || !two.fits) throw new Error('both plans fit');
    expect(two.decode.time).toBeGreaterThan(one.decode.time);
  });

  it('the split-shared prefill and max batch are those of the plan alone', () => {
    const ctx = context('mixtral-8x7b', 'h100x64');
    const format = resolveFormat(ctx.hw.device, {});
    const memo = planMemo(ctx, format);
    const base = { tp: 4, ep: 8, pp: 2, dp: 8, format, flashAttention: true };
    const shared = splitShared(ctx, base, memo);
    expect(shared).toEqual(splitShared(ctx, base));
    for (const batch of [1, 3, 64]) {
      expect(evaluateInference(ctx, { ...base, batch }, shared, memo)).toEqual(
        evaluateInference(ctx, { ...base, batch }),
      );
    }
  });

  it('a memo serves only the context and format it was made for', () => {
    const ctx = context('llama-3.1-8b', 'h100x8');
    const format = resolveFormat(ctx.hw.device, {});
    const plan: InferencePlan = { tp: 1, pp: 1, dp: 8, batch: 4, format, flashAttention: true };
    expect(() => evaluateInference({ ...ctx }, plan, undefined, planMemo(ctx, format))).toThrow(/memo/);
    const fp8 = resolveFormat(ctx.hw.device, { precision: 'fp8' });
    expect(() => evaluateInference(ctx, { ...plan, format: fp8 }, undefined, planMemo(ctx, format))).toThrow(/memo/);
  });

  it('op sums plus hand-offs are stepTime, and a mixed graph timed is mixedStepTime', () => {
    const ctx = context('llama-3.1-70b', 'h100x64');
    const format = resolveFormat(ctx.hw.device, {});
    const request = (phase: 'decode' | 'chunked', batch: number, input: number, context: number) =>
      buildPhaseGraph({
        model: ctx.model,
        phase,
        batch,
        input,
        context,
        chunk: input,
        format,
        tp: 8,
        ep: 1,
        sequenceParallel: false,
        flashAttention: true,
        recompute: 'none',
      });
    const decode = request('decode', 32, 1, 1152);
    const chunk = request('chunked', 1, 512, 256);
    const tier = ctx.hw.device.memory[0]!;
    const placement = { weights: tier, kv: tier, activations: tier };
    for (const pp of [1, 2, 10]) {
      const links = { scaleUp: ctx.hw.scaleUp, stageLink: pp > 1 ? ctx.hw.nic : ctx.hw.scaleUp, pp };
      const d = ctx.hw.device;
      expect(stepFromSums(opSums(decode.ops, d, placement, links), decode, links)).toEqual(
        stepTime(decode, d, placement, links),
      );
      const merged = mixedGraph(decode, chunk);
      expect(stepTime(merged, d, placement, links)).toEqual(mixedStepTime(decode, chunk, d, placement, links));
    }
  });
});
