// The inputs block of each command's report: what was asked, in the words of the flags.
import type { Cluster } from '../../hardware/types.js';
import type { InferencePlan, PlanContext } from '../../planner/inference.js';
import type { SearchOptions } from '../../planner/search.js';
import type { RooflineAnalysis } from '../../roofline/analysis.js';
import type { NumericFormat } from '../../workloads/precision.js';
import { hardwareInputs, modelInputs, type ReportInputs } from './provenance.js';

const formatText = (f: NumericFormat) =>
  `${f.weightBits}-bit weights, ${f.activation} activations, ${f.kvBits}-bit KV cache, ${f.compute} compute`;

export function rooflineInputs(modelArg: string, hw: string, cluster: Cluster, a: RooflineAnalysis): ReportInputs {
  const r = a.graph.request;
  const workload: [string, string][] = [
    ['phase', r.phase],
    ['batch', String(r.batch)],
    [r.phase === 'train' ? 'sequence' : 'input (prompt)', `${r.input} tokens`],
  ];
  if (r.phase === 'decode' || r.phase === 'chunked') workload.push(['context', `${r.context} tokens`]);
  if (r.phase === 'chunked') workload.push(['chunk', `${r.chunk} tokens`]);
  if (r.phase === 'train') workload.push(['recomputation', r.recompute]);
  workload.push(['numeric format', formatText(r.format)], ['flash attention', r.flashAttention ? 'yes' : 'no']);
  if (a.device.activeProcessor) workload.push(['processor', a.device.activeProcessor]);
  return {
    model: modelInputs(modelArg, r.model),
    hardware: hardwareInputs(hw, cluster),
    workload,
    plan: [
      ['tensor parallelism', `TP=${r.tp}${r.sequenceParallel ? ' with sequence parallelism' : ''}`],
      ['expert parallelism', `EP=${r.ep ?? 1}`],
    ],
    notes: [
      'The roofline uses datasheet peaks without efficiency: it is the floor, not the prediction (see llmsim plan).',
    ],
  };
}

/** Workload and search settings of `plan` and `sweep`. */
export function planWorkload(ctx: PlanContext, o: SearchOptions, assumptions: string[]): [string, string][] {
  const w = ctx.workload;
  const out: [string, string][] = [
    ['request', `${w.input} input + ${w.output} output tokens`],
    [
      'batching',
      o.batch !== undefined
        ? `fixed batch ${o.batch} per replica`
        : o.concurrency !== undefined
          ? `${o.concurrency} concurrent requests`
          : 'offline serving (all requests queued, in-flight batching)',
    ],
    ['objective', o.objective],
    ['numeric format', formatText(o.format)],
    [
      'engine',
      `max batch ${ctx.engine.maxBatch}, max tokens per step ${ctx.engine.maxNumTokens}, memory utilization ${ctx.engine.memoryUtilization}`,
    ],
  ];
  if (o.sloTtftS !== undefined) out.push(['TTFT SLO', `${Number((o.sloTtftS * 1e3).toPrecision(6))} ms`]);
  if (o.sloTpotS !== undefined) out.push(['TPOT SLO', `${Number((o.sloTpotS * 1e3).toPrecision(6))} ms`]);
  const fixed = (['tp', 'pp', 'ep'] as const)
    .filter((k) => o[k] !== undefined)
    .map((k) => `${k.toUpperCase()}=${o[k]}`);
  if (fixed.length) out.push(['fixed by flags', fixed.join(', ')]);
  if (w.speculative)
    out.push([
      'speculative decoding',
      `draft ${w.speculative.draft.name}, ${w.speculative.k} tokens per step, acceptance ${w.speculative.acceptance}`,
    ]);
  out.push(...assumptions.map((a, i): [string, string] => [i === 0 ? 'assumptions' : '', a]));
  return out;
}

export function planText(p: InferencePlan): string {
  const ep = p.ep && p.ep > 1 ? ` EP=${p.ep}` : '';
  return `TP=${p.tp}${ep} PP=${p.pp} DP=${p.dp}, batch ${p.batch} per replica`;
}

export function planInputs(
  modelArg: string,
  hw: string,
  cluster: Cluster,
  ctx: PlanContext,
  o: SearchOptions,
  assumptions: string[],
  chosen: InferencePlan | undefined,
): ReportInputs {
  return {
    model: modelInputs(modelArg, ctx.model),
    hardware: hardwareInputs(hw, cluster),
    workload: planWorkload(ctx, o, assumptions),
    ...(chosen && { plan: [['chosen', planText(chosen)]] }),
  };
}
