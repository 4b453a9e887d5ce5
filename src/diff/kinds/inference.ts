// Inference scenarios: the `plan` search for a model on the hardware (fixed batch, concurrency or
// offline serving), reporting the best plan's metrics under the names `plan --json` uses.
import { ModelingError } from '../../errors.js';
import { PRECISIONS } from '../../hardware/schema.js';
import type { Precision } from '../../hardware/types.js';
import { DEFAULT_ENGINE, type InferencePlan, type PlanContext } from '../../planner/inference.js';
import { metricsView } from '../../planner/metrics-view.js';
import { OBJECTIVES, searchInference, type Objective, type SearchOptions } from '../../planner/search.js';
import { inferenceHardware } from '../../planner/setup.js';
import { resolveFormat } from '../../workloads/precision.js';
import { pick, type KindSpec, type MetricDef, type ScenarioCommon, type WithModel } from '../scenario.js';

export interface InferenceScenario extends ScenarioCommon, WithModel {
  kind: 'inference';
  input: number;
  output: number;
  /** fixed batch per replica; without it and `concurrency`: offline serving */
  batch?: number;
  concurrency?: number;
  objective: Objective;
  tp?: number;
  pp?: number;
  ep?: number;
  precision?: Precision;
  weightBits?: number;
  kvBits?: number;
}

const METRICS: readonly MetricDef[] = [
  { name: 'prefill_ms', better: 'lower', description: "one request's prefill alone" },
  { name: 'ttft_ms', better: 'lower', description: 'time to the first token' },
  { name: 'tpot_ms', better: 'lower', description: 'time per output token of the running batch' },
  { name: 'e2e_latency_ms', better: 'lower', description: "one request's end-to-end latency" },
  { name: 'output_tokens_per_s', better: 'higher', description: 'output tokens per second over all replicas' },
  { name: 'input_tokens_per_s', better: 'higher', description: 'prompt tokens per second over all replicas' },
  { name: 'output_tokens_per_s_per_device', better: 'higher', description: 'output tokens per second per device' },
  { name: 'memory_gb_per_device', better: 'neither', description: 'weights, KV cache and workspace per device' },
  { name: 'max_batch', better: 'higher', description: 'largest batch per replica whose KV cache fits' },
];

function planText(p: InferencePlan): string {
  return `TP=${p.tp}${p.ep && p.ep > 1 ? ` EP=${p.ep}` : ''} PP=${p.pp} DP=${p.dp}, batch ${p.batch}`;
}

export const inferenceKind: KindSpec<InferenceScenario> = {
  description: 'the best inference plan (llmsim plan) and its metrics',
  takesModel: true,
  timesLinks: true,
  fields: [
    'input',
    'output',
    'batch',
    'concurrency',
    'objective',
    'tp',
    'pp',
    'ep',
    'precision',
    'weightBits',
    'kvBits',
  ],
  metrics: METRICS,
  defaultMetrics: ['ttft_ms', 'tpot_ms', 'output_tokens_per_s'],
  read(r) {
    const batch = r.positiveInt('batch');
    const concurrency = r.positiveInt('concurrency');
    if (batch !== undefined && concurrency !== undefined)
      r.bad('/concurrency', 'give "batch" or "concurrency", not both');
    return {
      input: r.positiveInt('input') ?? 1024,
      output: r.positiveInt('output') ?? 256,
      objective: r.oneOf('objective', OBJECTIVES) ?? 'throughput',
      batch,
      concurrency,
      tp: r.positiveInt('tp'),
      pp: r.positiveInt('pp'),
      ep: r.positiveInt('ep'),
      precision: r.oneOf('precision', PRECISIONS),
      weightBits: r.positiveNumber('weightBits', false, 32),
      kvBits: r.positiveNumber('kvBits', false, 32),
    };
  },
  evaluate(s, cluster) {
    const hw = inferenceHardware(cluster);
    const format = resolveFormat(hw.device, { precision: s.precision, weightBits: s.weightBits, kvBits: s.kvBits });
    const ctx: PlanContext = {
      model: s.model,
      hw,
      workload: { input: s.input, output: s.output, serving: s.batch === undefined && s.concurrency === undefined },
      engine: DEFAULT_ENGINE,
    };
    const options: SearchOptions = {
      format,
      objective: s.objective,
      flashAttention: true,
      tp: s.tp,
      pp: s.pp,
      ep: s.ep,
      batch: s.batch,
      concurrency: s.concurrency,
    };
    const result = searchInference(ctx, options);
    const best = result.ranked[0];
    if (!best) throw new ModelingError(`does not fit with any plan: ${result.infeasible[0]?.reason ?? 'no plan'}`);
    const { decode_bound: _bound, ...numbers } = metricsView(best.metrics);
    return { status: 'ok', values: pick(numbers, s.metrics), plan: planText(best.plan) };
  },
};
