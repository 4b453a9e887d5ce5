// Does the workload fit? Weights, KV cache (and in training gradients and optimizer states)
// per device against the device's memory, and which tier each operand ends up in.
import type { Device, MemoryTier } from '../hardware/types.js';
import type { PhaseGraph } from '../workloads/phase-graph.js';
import { buildPhaseGraph, graphParams } from '../workloads/phase-graph.js';
import { InputError } from '../errors.js';
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

/**
 * Smallest power-of-two TP degree that splits the model and at which the fast tier holds
 * everything: the graph is rebuilt at each degree, so the answer uses the same accounting as
 * the footprint itself (replicated KV heads and norms included).
 */
export function minTpToFit(g: PhaseGraph, device: Device): number | undefined {
  const r = g.request;
  for (let tp = 2 * r.tp; tp <= r.model.heads; tp *= 2) {
    let at: PhaseGraph;
    try {
      at = buildPhaseGraph({ ...r, tp });
    } catch (e) {
      if (e instanceof InputError) continue; // this degree does not split the model
      throw e;
    }
    const f = memoryFootprint(at, device);
    if (f.totalBytes <= f.capacityBytes) return tp;
  }
  return undefined;
}
