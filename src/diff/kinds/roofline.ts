// Roofline scenarios: one inference phase of a model on one device of the hardware at the
// datasheet roofs (llmsim roofline), so a change to a peak or a bandwidth shows undiluted.
import { InputError, ModelingError } from '../../errors.js';
import { PRECISIONS } from '../../hardware/schema.js';
import type { Precision } from '../../hardware/types.js';
import { analyzeRoofline } from '../../roofline/analysis.js';
import { buildPhaseGraph, type Phase } from '../../workloads/phase-graph.js';
import { resolveFormat } from '../../workloads/precision.js';
import { pick, type KindSpec, type MetricDef, type ScenarioCommon, type WithModel } from '../scenario.js';

/** Inference phases; a training roofline belongs with the training scenarios. */
const ROOFLINE_PHASES = ['prefill', 'decode', 'chunked'] as const satisfies readonly Phase[];

export interface RooflineScenario extends ScenarioCommon, WithModel {
  kind: 'roofline';
  phase: (typeof ROOFLINE_PHASES)[number];
  batch: number;
  input: number;
  /** tokens already cached (decode, chunked); default: input */
  context?: number;
  chunk: number;
  tp: number;
  precision?: Precision;
  weightBits?: number;
  kvBits?: number;
  flashAttention: boolean;
}

const METRICS: readonly MetricDef[] = [
  { name: 'roof_time_ms', better: 'lower', description: 'the whole model at the roofs (no efficiency)' },
  { name: 'attainable_tflops', better: 'higher', description: 'FLOPs ÷ time at the roofs' },
  { name: 'memory_bound_pct', better: 'neither', description: 'share of the time in memory-bound ops' },
  { name: 'ridge_flop_per_byte', better: 'neither', description: 'peak FLOP/s ÷ memory bandwidth' },
];

export const rooflineKind: KindSpec<RooflineScenario> = {
  description: 'one phase at the datasheet roofs on one device (llmsim roofline)',
  takesModel: true,
  timesLinks: false,
  fields: ['phase', 'batch', 'input', 'context', 'chunk', 'tp', 'precision', 'weightBits', 'kvBits', 'flashAttention'],
  metrics: METRICS,
  defaultMetrics: ['roof_time_ms', 'attainable_tflops'],
  read(r) {
    return {
      phase: r.oneOf('phase', ROOFLINE_PHASES) ?? 'decode',
      batch: r.positiveInt('batch') ?? 1,
      input: r.positiveInt('input') ?? 1024,
      context: r.positiveInt('context'),
      chunk: r.positiveInt('chunk') ?? 512,
      tp: r.positiveInt('tp') ?? 1,
      precision: r.oneOf('precision', PRECISIONS),
      weightBits: r.positiveNumber('weightBits', false, 32),
      kvBits: r.positiveNumber('kvBits', false, 32),
      flashAttention: r.boolean('flashAttention') ?? true,
    };
  },
  evaluate(s, cluster) {
    const devices = new Set(cluster.groups.map((g) => g.device.id));
    if (devices.size > 1) throw new InputError(`${cluster.id} mixes devices; a roofline is per device`);
    const group = cluster.groups[0]!;
    if (s.tp > group.devicesPerNode)
      throw new InputError(`tp ${s.tp} exceeds the ${group.devicesPerNode} device(s) per node of ${cluster.id}`);
    const device = group.device;
    const format = resolveFormat(device, { precision: s.precision, weightBits: s.weightBits, kvBits: s.kvBits });
    const graph = buildPhaseGraph({
      model: s.model,
      phase: s.phase,
      batch: s.batch,
      input: s.input,
      context: s.context ?? s.input,
      chunk: s.chunk,
      format,
      tp: s.tp,
      sequenceParallel: false,
      flashAttention: s.flashAttention,
      recompute: 'none',
    });
    const a = analyzeRoofline(graph, device);
    if (!a.memory.fits) {
      const gb = (b: number) => (b / 1e9).toFixed(1);
      throw new ModelingError(
        `does not fit: needs ${gb(a.memory.totalBytes)} GB of ${gb(a.memory.capacityBytes)} GB per device`,
      );
    }
    const t = a.totals;
    const memoryTime = a.rows.reduce((sum, row) => sum + (row.bound === 'memory' ? row.time * row.op.count : 0), 0);
    const all = {
      roof_time_ms: t.time * 1e3,
      attainable_tflops: t.time > 0 ? t.flops / t.time / 1e12 : 0,
      memory_bound_pct: t.time > 0 ? (100 * memoryTime) / t.time : 0,
      ridge_flop_per_byte: a.ridge.flopsPerByte,
    };
    return { status: 'ok', values: pick(all, s.metrics), plan: `${device.id}, TP=${s.tp}, ${format.compute}` };
  },
};
