// The roofline of one op on one device (Williams et al. 2009; LLM-Viewer): intensity = FLOPs per
// byte moved; attainable = min(peak, intensity × bandwidth); time at the roof = max(compute time,
// memory time), each operand read at the bandwidth of the memory tier it lives in.
import { InputError } from '../errors.js';
import type { Device, MemoryTier, Precision } from '../hardware/types.js';
import { totalBytes, type Op } from '../workloads/ops.js';

export type Bound = 'compute' | 'memory' | 'communication';

/** Which memory tier holds each class of operand. */
export interface Placement {
  weights: MemoryTier;
  kv: MemoryTier;
  activations: MemoryTier;
}

export interface OpRoofline {
  op: Op;
  /** per instance */
  flops: number;
  bytes: number;
  /** FLOP per byte; Infinity never leaves here: ops without bytes get 0 */
  intensity: number;
  peakFlops: number;
  /** bytes ÷ memory time: the bandwidth the op's operands are read at */
  bandwidth: number;
  attainableFlops: number;
  computeTime: number;
  memoryTime: number;
  /** time at the roof, per instance, in seconds (collectives: 0, their cost is the network model's) */
  time: number;
  bound: Bound;
}

/**
 * Dense peak of the unit and precision an op runs on. Vector work (norms, activations, softmax)
 * runs at the fp32 rate where the device has one, else at its widest native rate (an NPU's
 * vector unit computes in fp16 or int8).
 */
export function peakFor(device: Device, unit: Op['unit'], compute: Precision): number {
  const rates = device.peakFlops;
  const p =
    unit === 'vector'
      ? (rates.fp32 ?? rates.fp16 ?? rates.bf16 ?? rates[compute] ?? Math.max(0, ...Object.values(rates)))
      : rates[compute];
  if (!p) throw new InputError(`${device.id} has no ${unit === 'vector' ? 'vector' : compute} rate`);
  return p;
}

export function rooflineOf(op: Op, device: Device, placement: Placement): OpRoofline {
  const bytes = totalBytes(op.bytes);
  if (op.kind === 'collective') {
    return {
      op,
      flops: 0,
      bytes: 0,
      intensity: 0,
      peakFlops: 0,
      bandwidth: 0,
      attainableFlops: 0,
      computeTime: 0,
      memoryTime: 0,
      time: 0,
      bound: 'communication',
    };
  }
  const peak = peakFor(device, op.unit, op.compute);
  const b = op.bytes;
  const memoryTime =
    b.weights / placement.weights.bandwidthBytesPerS +
    (b.kvRead + b.kvWrite) / placement.kv.bandwidthBytesPerS +
    (b.inputs + b.outputs) / placement.activations.bandwidthBytesPerS;
  const computeTime = op.flops / peak;
  const bandwidth = memoryTime > 0 ? bytes / memoryTime : placement.activations.bandwidthBytesPerS;
  const intensity = bytes > 0 ? op.flops / bytes : 0;
  return {
    op,
    flops: op.flops,
    bytes,
    intensity,
    peakFlops: peak,
    bandwidth,
    attainableFlops: Math.min(peak, intensity * bandwidth),
    computeTime,
    memoryTime,
    time: Math.max(computeTime, memoryTime),
    bound: computeTime >= memoryTime ? 'compute' : 'memory',
  };
}

/** Ridge point: the intensity at which an op turns compute-bound, peak ÷ bandwidth (FLOP/B). */
export function ridgePoint(peakFlops: number, bandwidth: number): number {
  return peakFlops / bandwidth;
}
