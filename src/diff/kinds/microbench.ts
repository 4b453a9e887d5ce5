// Microbenchmark-like scenarios: one GEMM on one device and one collective over the whole
// hardware, predicted by the calibrated models `llmsim validate` checks against nccl-tests and
// GEMM sweeps, under the validation metric names.
import { InputError } from '../../errors.js';
import { PRECISIONS } from '../../hardware/schema.js';
import type { Cluster, Device, Precision } from '../../hardware/types.js';
import { busBandwidth, collectiveTime, type CollectiveType } from '../../parallelism/collectives.js';
import { inferenceHardware } from '../../planner/setup.js';
import { gemmTflops } from '../../validation/predict.js';
import { defaultActivation } from '../../workloads/precision.js';
import { pick, type KindSpec, type MetricDef, type ScenarioCommon } from '../scenario.js';

export interface GemmScenario extends ScenarioCommon {
  kind: 'gemm';
  m: number;
  n: number;
  k: number;
  /** default: bf16, else fp16, else fp32 (what the device has) */
  precision?: Precision;
}

export interface CollectiveScenario extends ScenarioCommon {
  kind: 'collective';
  collective: CollectiveType;
  /** message size per device */
  bytes: number;
}

const COLLECTIVES = ['all_reduce', 'all_gather', 'reduce_scatter'] as const satisfies readonly CollectiveType[];

/** The one device kind of the hardware (a GEMM runs on one device). */
function singleDevice(cluster: Cluster): Device {
  const ids = new Set(cluster.groups.map((g) => g.device.id));
  if (ids.size > 1) throw new InputError(`${cluster.id} mixes devices (${[...ids].join(', ')}); name one device`);
  return cluster.groups[0]!.device;
}

const GEMM_METRICS: readonly MetricDef[] = [
  { name: 'gemm_tflops', better: 'higher', description: 'achieved TFLOP/s (tile and wave quantization, calibrated)' },
  { name: 'gemm_time_us', better: 'lower', description: 'time of the GEMM' },
];

export const gemmKind: KindSpec<GemmScenario> = {
  description: 'C[m×n] = A[m×k]·B[k×n] on one device',
  takesModel: false,
  oneDevice: true,
  timesLinks: false,
  fields: ['m', 'n', 'k', 'precision'],
  metrics: GEMM_METRICS,
  defaultMetrics: ['gemm_tflops'],
  read(r) {
    const [m, n, k] = [r.positiveInt('m', true), r.positiveInt('n', true), r.positiveInt('k', true)];
    const precision = r.oneOf('precision', PRECISIONS);
    if (m === undefined || n === undefined || k === undefined) return undefined;
    return { m, n, k, precision };
  },
  evaluate(s, cluster) {
    const device = singleDevice(cluster);
    const precision = s.precision ?? defaultActivation(device);
    const tflops = gemmTflops(device, precision, s.m, s.n, s.k);
    const all = { gemm_tflops: tflops, gemm_time_us: ((2 * s.m * s.n * s.k) / (tflops * 1e12)) * 1e6 };
    return { status: 'ok', values: pick(all, s.metrics), plan: `${device.id}, ${precision}` };
  },
};

const COLLECTIVE_METRICS: readonly MetricDef[] = [
  { name: 'busbw_gbps', better: 'higher', description: 'nccl-tests bus bandwidth' },
  { name: 'collective_time_us', better: 'lower', description: 'time of one collective' },
];

export const collectiveKind: KindSpec<CollectiveScenario> = {
  description: 'one collective over every device of the hardware (scale-up link, NICs)',
  takesModel: false,
  timesLinks: true,
  fields: ['collective', 'bytes'],
  metrics: COLLECTIVE_METRICS,
  defaultMetrics: ['busbw_gbps'],
  read(r) {
    const collective = r.oneOf('collective', COLLECTIVES, true);
    const bytes = r.bytes('bytes', true);
    if (collective === undefined || bytes === undefined) return undefined;
    return { collective, bytes };
  },
  evaluate(s, cluster) {
    const hw = inferenceHardware(cluster);
    const n = hw.devicesPerNode * hw.nodes;
    if (n < 2) throw new InputError(`${cluster.id} has one device: no collective to time`);
    const time = collectiveTime(s.collective, s.bytes, {
      perNode: hw.devicesPerNode,
      nodes: hw.nodes,
      nicsPerNode: hw.nicsPerNode,
      scaleUp: hw.scaleUp,
      nic: hw.nic,
    });
    const all = { busbw_gbps: busBandwidth(s.collective, s.bytes, n, time) / 1e9, collective_time_us: time * 1e6 };
    const links = [hw.scaleUp?.id, hw.nodes > 1 ? hw.nic?.id : undefined].filter(Boolean).join(' + ');
    return { status: 'ok', values: pick(all, s.metrics), plan: `${n} devices, ${links}` };
  },
};
