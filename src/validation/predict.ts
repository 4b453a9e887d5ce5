// What llmsim predicts for one published measurement. Each metric is answered by the model that
// owns it; a metric no model answers yet is "unpredicted" with the reason, never dropped.
import { InputError } from '../errors.js';
import { findDevice, findLink, loadShippedCatalog, type HardwareCatalog } from '../hardware/catalog.js';
import { PRECISIONS } from '../hardware/schema.js';
import type { Device, Link, Precision } from '../hardware/types.js';
import { matmul } from '../workloads/op-builders.js';
import { bitsOf, type NumericFormat } from '../workloads/precision.js';
import { achievedTime } from '../roofline/efficiency.js';
import { busBandwidth, collectiveTime, p2pBandwidth, type CollectiveType } from '../parallelism/collectives.js';
import type { Prediction, ValidationCase } from './types.js';
import { isInferenceMetric, predictInference } from './predict-inference.js';
import { isTrainingMetric, predictTraining } from './predict-training.js';

const NOT_YET: Record<string, string> = {
  bandwidth_gbps: 'memory bandwidth microbenchmarks not modeled yet',
  e2e_latency_ms: 'end-to-end latency cases not modeled yet',
};

function num(c: ValidationCase, field: string): number {
  const v = c.workload[field];
  if (typeof v !== 'number' || !(v > 0)) throw new InputError(`case ${c.id}: workload.${field} must be a positive number`);
  return v;
}

function precisionOf(c: ValidationCase): Precision {
  const p = c.workload.precision;
  if (typeof p !== 'string' || !(PRECISIONS as readonly string[]).includes(p)) {
    throw new InputError(`case ${c.id}: workload.precision must be one of ${PRECISIONS.join(', ')}`);
  }
  return p as Precision;
}

/** Achieved TFLOP/s of C[m×n] = A[m×k]·B[k×n] in one precision. */
export function gemmTflops(device: Device, p: Precision, m: number, n: number, k: number): number {
  if (!device.peakFlops[p]) throw new InputError(`${device.id} has no ${p} rate`);
  const bits = bitsOf(p);
  const format: NumericFormat = { weightBits: bits, activationBits: bits, kvBits: bits, activation: p, compute: p };
  const op = matmul({ group: 'mlp', pass: 'forward', count: 1, format }, { name: 'gemm', m, n, k, weight: { bias: 0 } });
  const tier = device.memory[0]!;
  const t = achievedTime(op, device, { weights: tier, kv: tier, activations: tier });
  return op.flops / t.time / 1e12;
}

function linkOr(catalog: HardwareCatalog, id: string | undefined, fallback: string | undefined, what: string, c: ValidationCase): Link {
  const chosen = id ?? fallback;
  if (!chosen) throw new InputError(`case ${c.id}: no ${what} given and ${c.hardware.device} has no default`);
  return findLink(catalog, chosen);
}

function predictBusbw(c: ValidationCase, device: Device, catalog: HardwareCatalog): number {
  const type = c.workload.collective as CollectiveType;
  if (!['all_reduce', 'all_gather', 'reduce_scatter'].includes(type)) {
    throw new InputError(`case ${c.id}: collective "${String(c.workload.collective)}" is not modeled`);
  }
  const bytes = num(c, 'bytes');
  const perNode = c.hardware.devicesPerNode ?? 1;
  const nodes = c.hardware.nodes ?? 1;
  const scaleUp = perNode > 1 ? linkOr(catalog, c.hardware.scaleUp, device.scaleUp?.linkId, 'scaleUp', c) : undefined;
  const nic = nodes > 1 ? linkOr(catalog, c.hardware.nic, device.scaleOut?.linkId, 'nic', c) : undefined;
  const algorithm = c.workload.algorithm === 'ring' || c.workload.algorithm === 'nvls' ? c.workload.algorithm : undefined;
  const time = collectiveTime(type, bytes, {
    perNode,
    nodes,
    nicsPerNode: c.hardware.nicsPerNode ?? device.scaleOut?.perNode ?? 1,
    ...(scaleUp && { scaleUp }),
    ...(nic && { nic }),
    ...(algorithm && { algorithm }),
  });
  return busBandwidth(type, bytes, perNode * nodes, time) / 1e9;
}

function predictBandwidth(c: ValidationCase, device: Device, catalog: HardwareCatalog): Prediction {
  switch (c.workload.path) {
    case 'p2p': {
      const link = linkOr(catalog, c.hardware.scaleUp, device.scaleUp?.linkId, 'scaleUp', c);
      const oneWay = p2pBandwidth(link);
      return { predicted: ((c.workload.direction === 'bidirectional' ? 2 : 1) * oneWay) / 1e9 };
    }
    case 'host': {
      const link = linkOr(catalog, undefined, device.hostLinkId, 'host link', c);
      return { predicted: p2pBandwidth(link) / 1e9 };
    }
    case 'flash': {
      const flash = device.memory.find((m) => m.tier === 'flash');
      if (!flash) throw new InputError(`${device.id} has no flash tier`);
      if (c.workload.pattern === 'random') return { unpredicted: 'random flash reads: no I/O latency and queue-depth model yet' };
      return { predicted: flash.bandwidthBytesPerS / 1e9, note: 'sequential read at the descriptor bandwidth' };
    }
    default:
      return { unpredicted: `bandwidth path "${String(c.workload.path)}" is not modeled yet` };
  }
}

export function predictCase(c: ValidationCase, catalog: HardwareCatalog = loadShippedCatalog()): Prediction {
  const device = findDevice(catalog, c.hardware.device);
  switch (c.metric) {
    case 'gemm_tflops':
      return { predicted: gemmTflops(device, precisionOf(c), num(c, 'm'), num(c, 'n'), num(c, 'k')) };
    case 'busbw_gbps':
      return { predicted: predictBusbw(c, device, catalog) };
    case 'p2p_gbps':
    case 'host_copy_gbps':
    case 'flash_read_gbps':
      return predictBandwidth(c, device, catalog);
    default:
      if (isInferenceMetric(c.metric)) return predictInference(c, device, catalog);
      if (isTrainingMetric(c.metric)) return predictTraining(c, device, catalog);
      return { unpredicted: NOT_YET[c.metric] ?? `metric "${c.metric}" is not modeled` };
  }
}
