// Does the workload fit? Weights, KV cache (and in training gradients and optimizer states)
// per device against the device's memory, and which tier each operand ends up in.
import type { Device, MemoryTier } from '../hardware/types.js';
import type { PhaseGraph } from '../workloads/phase-graph.js';
import { graphParams } from '../workloads/phase-graph.js';
import { countParams } from '../workloads/params.js';
import type { Placement } from './roofline.js';

export interface MemoryFootprint {
  weightsBytes: number;
  kvBytes: number;
  /** training: gradients in the activation precision */
  gradientBytes: number;
  /** training: mixed-precision Adam (fp32 master weights and two moments, 12 B per parameter) */
  optimizerBytes: number;
  totalBytes: number;
  /** capacity of the tier the weights and KV live in (the first tier) */
  capacityBytes: number;
  fits: boolean;
  /** weights spill to a slower tier (flash, host) the device has: flash-backed inference */
  weightsTier: MemoryTier['tier'];
  placement: Placement;
  /** smallest tensor-parallel degree at which it fits (set by the analysis when asked) */
  minTpToFit: number | undefined;
}

/** KV cache bytes per device: K and V, per layer, per KV head held, per token, per sequence. */
export function kvCacheBytes(g: PhaseGraph): number {
  const m = g.request.model;
  const perToken = 2 * m.layers * g.shard.kvHeadsPerDevice * m.headDim * (g.request.format.kvBits / 8);
  const tokens = m.slidingWindow ? Math.min(g.kvTokens, m.slidingWindow) : g.kvTokens;
  return perToken * tokens * g.request.batch;
}

export function memoryFootprint(g: PhaseGraph, device: Device): MemoryFootprint {
  const params = graphParams(g);
  const f = g.request.format;
  const weightsBytes = (params * f.weightBits) / 8;
  const kvBytes = kvCacheBytes(g);
  const training = g.request.phase === 'train';
  const gradientBytes = training ? (params * f.activationBits) / 8 : 0;
  const optimizerBytes = training ? params * 12 : 0;
  const fast = device.memory[0]!;
  const totalBytes = weightsBytes + kvBytes + gradientBytes + optimizerBytes;
  const placement: Placement = { weights: fast, kv: fast, activations: fast };
  let fits = totalBytes <= fast.capacityBytes;
  // inference with a slower tier that can hold the weights (phone flash, host memory):
  // the weights stream from it ("LLM in a flash"), KV and activations stay in fast memory
  if (!fits && !training) {
    const spill = device.memory.slice(1).find((t) => t.capacityBytes >= weightsBytes);
    if (spill && kvBytes <= fast.capacityBytes) {
      placement.weights = spill;
      fits = true;
    }
  }
  return {
    weightsBytes,
    kvBytes,
    gradientBytes,
    optimizerBytes,
    totalBytes,
    capacityBytes: fast.capacityBytes,
    fits,
    weightsTier: placement.weights.tier,
    placement,
    minTpToFit: undefined,
  };
}

/** Bytes one device needs at tensor-parallel degree `tp` (replicated norms neglected). */
export function bytesAtTp(g: PhaseGraph, tp: number, params = countParams(g.request.model).total): number {
  const m = g.request.model;
  const f = g.request.format;
  const kvHeads = Math.max(1, m.kvHeads / tp);
  const tokens = m.slidingWindow ? Math.min(g.kvTokens, m.slidingWindow) : g.kvTokens;
  const kv = 2 * m.layers * kvHeads * m.headDim * (f.kvBits / 8) * tokens * g.request.batch;
  const perParam = f.weightBits / 8 + (g.request.phase === 'train' ? f.activationBits / 8 + 12 : 0);
  return (params / tp) * perParam + kv;
}

/** Smallest power-of-two TP degree (dividing the heads) at which the fast tier holds everything. */
export function minTpToFit(g: PhaseGraph, device: Device): number | undefined {
  const cap = device.memory[0]!.capacityBytes;
  const params = countParams(g.request.model).total;
  for (let tp = 1; tp <= g.request.model.heads; tp *= 2) {
    if (g.request.model.heads % tp !== 0) break;
    if (bytesAtTp(g, tp, params) <= cap) return tp;
  }
  return undefined;
}
