// Training scenarios: the `plan --mode train` search for a model on the hardware, reporting the
// fastest plan's metrics under the names `plan --mode train --json` uses.
import { ModelingError } from '../../errors.js';
import { PRECISIONS } from '../../hardware/schema.js';
import type { Precision } from '../../hardware/types.js';
import type { ZeroStage } from '../../parallelism/data-parallel.js';
import { inferenceHardware } from '../../planner/setup.js';
import { trainingDevice, type TrainContext, type TrainPlan } from '../../planner/training.js';
import { searchTraining, trainSearchOptions } from '../../planner/training-search.js';
import { trainMetricsView } from '../../reports/train-report.js';
import type { Recompute } from '../../workloads/backward-graph.js';
import { parsePeft } from '../../workloads/peft.js';
import { pick, type KindSpec, type MetricDef, type ScenarioCommon, type WithModel } from '../scenario.js';

export interface TrainScenario extends ScenarioCommon, WithModel {
  kind: 'train';
  seqLen: number;
  globalBatch: number;
  /** a --peft spec, e.g. "lora:r=16" */
  peft?: string;
  tp?: number;
  pp?: number;
  cp?: number;
  microBatch?: number;
  zero?: ZeroStage;
  recompute?: Recompute;
  precision?: Precision;
}

const METRICS: readonly MetricDef[] = [
  { name: 'step_s', better: 'lower', description: 'one optimizer step' },
  { name: 'tokens_per_s', better: 'higher', description: 'training tokens per second over all devices' },
  { name: 'tokens_per_s_per_device', better: 'higher', description: 'training tokens per second per device' },
  { name: 'tflops_per_device', better: 'higher', description: 'model TFLOP/s per device (PaLM convention)' },
  { name: 'mfu', better: 'higher', description: 'model FLOPs utilization' },
  {
    name: 'memory_gb_per_device',
    better: 'neither',
    description: 'weights, gradients, optimizer, activations, workspace',
  },
  { name: 'communication_share', better: 'lower', description: 'exposed communication share of the step' },
  { name: 'bubble_share', better: 'lower', description: 'pipeline bubble share of the step' },
];

function planText(p: TrainPlan): string {
  return `TP=${p.tp} PP=${p.pp}${p.vp > 1 ? `×${p.vp}` : ''} DP=${p.dp}${p.cp > 1 ? ` CP=${p.cp}` : ''}, micro-batch ${p.microBatch}, ${p.recompute} recompute, ZeRO-${p.zero}`;
}

export const trainKind: KindSpec<TrainScenario> = {
  description: 'the fastest training plan (llmsim plan --mode train) and its metrics',
  takesModel: true,
  timesLinks: true,
  fields: ['seqLen', 'globalBatch', 'peft', 'tp', 'pp', 'cp', 'microBatch', 'zero', 'recompute', 'precision'],
  metrics: METRICS,
  defaultMetrics: ['step_s', 'mfu', 'memory_gb_per_device'],
  read(r) {
    const peft = r.string('peft');
    if (peft !== undefined) {
      try {
        parsePeft(peft);
      } catch (e) {
        r.bad('/peft', (e as Error).message);
      }
    }
    const zero = r.oneOf('zero', ['0', '1', '2', '3'] as const);
    return {
      seqLen: r.positiveInt('seqLen') ?? 4096,
      globalBatch: r.positiveInt('globalBatch') ?? 1024,
      peft,
      tp: r.positiveInt('tp'),
      pp: r.positiveInt('pp'),
      cp: r.positiveInt('cp'),
      microBatch: r.positiveInt('microBatch'),
      zero: zero === undefined ? undefined : (Number(zero) as ZeroStage),
      recompute: r.oneOf('recompute', ['none', 'selective', 'full'] as const),
      precision: r.oneOf('precision', PRECISIONS),
    };
  },
  evaluate(s, cluster) {
    const hw = inferenceHardware(cluster);
    const peft = s.peft !== undefined ? parsePeft(s.peft) : undefined;
    const ctx: TrainContext = {
      model: s.model,
      hw: { ...hw, device: trainingDevice(hw.device) },
      workload: { seqLen: s.seqLen, globalBatch: s.globalBatch },
    };
    const result = searchTraining(
      ctx,
      trainSearchOptions(hw.device, {
        precision: s.precision,
        peft,
        tp: s.tp,
        pp: s.pp,
        cp: s.cp,
        microBatch: s.microBatch,
        zero: s.zero,
        recompute: s.recompute,
      }),
    );
    const best = result.ranked[0];
    if (!best)
      throw new ModelingError(`does not fit with any training plan: ${result.infeasible[0]?.reason ?? 'no plan'}`);
    const view = trainMetricsView(best.metrics);
    const numbers = Object.fromEntries(
      Object.entries(view).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
    return { status: 'ok', values: pick(numbers, s.metrics), plan: planText(best.plan) };
  },
};
