// Data-parallel gradient and parameter traffic of one training step, and how much of it hides
// behind compute:
// - ZeRO-0 (DDP, Megatron DDP): one all-reduce of the gradients, bucketed and overlapped with the
//   backward pass of the last micro-batch (PyTorch DDP, Li et al. 2020); the last bucket cannot hide.
// - ZeRO-1/2 (Rajbhandari et al. 2020; Megatron's distributed optimizer): a reduce-scatter of the
//   gradients (overlapped like DDP), the optimizer on 1/d of the states, then an all-gather of the
//   updated parameters before the next forward (exposed).
// - ZeRO-3 / FSDP full_shard (Zhao et al. 2023): every micro-batch all-gathers each layer's
//   parameters in the forward and again in the backward, and reduce-scatters its gradients,
//   prefetched one layer ahead so each layer's traffic overlaps the neighbouring layer's compute.
import { collectiveTime, type CollectivePlacement } from './collectives.js';

export type ZeroStage = 0 | 1 | 2 | 3;

/** PyTorch DDP's default gradient bucket (25 MiB, `bucket_cap_mb`): the part that cannot overlap. */
const DDP_BUCKET_BYTES = 25 * 2 ** 20;

export interface GradSyncRequest {
  zero: ZeroStage;
  /** the data-parallel group (with context-parallel ranks, which hold the same weights) */
  group: CollectivePlacement;
  groupSize: number;
  /** trainable parameters on one device (before ZeRO sharding) */
  trainableParams: number;
  /** all parameters on one device, trainable or frozen (ZeRO-3 gathers the frozen ones too) */
  params: number;
  /** bytes per gradient element in the reduction, per parameter element in the gather */
  gradBytes: number;
  paramBytes: number;
  /** layers on the device and micro-batches per step (ZeRO-3 gathers per layer per micro-batch) */
  layers: number;
  microBatches: number;
  /** one micro-batch's forward and backward compute on the device (what ZeRO-3 hides behind) */
  forwardS: number;
  backwardS: number;
  /** whether the framework overlaps the gradient reduction with the backward pass */
  overlap: boolean;
}

export interface GradSync {
  /** all data-parallel communication of the step, seconds */
  totalS: number;
  /** the part that does not hide behind compute */
  exposedS: number;
}

export function gradSyncTime(r: GradSyncRequest): GradSync {
  if (r.groupSize <= 1 || r.trainableParams <= 0) return { totalS: 0, exposedS: 0 };
  const grads = r.trainableParams * r.gradBytes;
  // the last backward is the window a bucketed reduction can hide behind
  const hidden = (t: number, bucket: number) => (r.overlap ? Math.max(0, t - r.backwardS) + Math.min(t, bucket) : t);
  if (r.zero === 0) {
    const t = collectiveTime('all_reduce', grads, r.group);
    const bucket = collectiveTime('all_reduce', Math.min(grads, DDP_BUCKET_BYTES), r.group);
    return { totalS: t, exposedS: hidden(t, bucket) };
  }
  if (r.zero === 1 || r.zero === 2) {
    const rs = collectiveTime('reduce_scatter', grads, r.group);
    const bucket = collectiveTime('reduce_scatter', Math.min(grads, DDP_BUCKET_BYTES), r.group);
    const ag = collectiveTime('all_gather', r.trainableParams * r.paramBytes, r.group);
    return { totalS: rs + ag, exposedS: hidden(rs, bucket) + ag };
  }
  // ZeRO-3: per layer and micro-batch, gathers in both passes and a reduce-scatter in the backward
  const perLayerParams = r.params / r.layers;
  const gather = collectiveTime('all_gather', perLayerParams * r.paramBytes, r.group);
  const scatter = collectiveTime('reduce_scatter', (r.trainableParams / r.layers) * r.gradBytes, r.group);
  const fwdLayer = r.forwardS / r.layers;
  const bwdLayer = r.backwardS / r.layers;
  // prefetching hides a layer's traffic behind its neighbour's compute; the first gather waits
  const perMicroBatch = gather + r.layers * (Math.max(0, gather - fwdLayer) + Math.max(0, gather + scatter - bwdLayer));
  return {
    totalS: r.microBatches * r.layers * (2 * gather + scatter),
    exposedS: r.microBatches * perMicroBatch,
  };
}
