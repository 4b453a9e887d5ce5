// Memory of one training device: weights, gradients and optimizer states (sharded by the ZeRO
// stage), the activations the pipeline keeps in flight (Korthikanti et al. 2022), and workspace.
// Mixed-precision Adam keeps 16 bytes per trainable parameter (ZeRO paper, Rajbhandari et al.
// 2020, §3.1): 2 for the 16-bit weight, 2 for its gradient, 12 for the fp32 master weight and the
// two moments.
import { layerActivationBytes, logitsActivationBytes } from '../workloads/activation-memory.js';
import { peftTrainableParams } from '../workloads/peft.js';
import { cachedParamCounts } from '../workloads/params.js';
import type { TrainContext, TrainPlan } from './training.js';

/** fp32 master weight, first and second moment per trainable parameter. */
const ADAM_STATE_BYTES = 12;
/**
 * Framework workspace per device: cuBLAS/cuDNN workspaces, NCCL buffers, allocator fragmentation.
 * An estimate (no published breakdown applies to every framework); stated in every report.
 */
export const TRAINING_WORKSPACE_BYTES = 2e9;

export interface TrainingMemory {
  /** parameters on the device (trainable or frozen, before ZeRO-3 sharding) */
  params: number;
  trainableParams: number;
  weightsBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  workspaceBytes: number;
  totalBytes: number;
  capacityBytes: number;
  fits: boolean;
  /** what overflows and by how much ('' when it fits) */
  overflow: string;
}

const GB = 1e9;

/** Parameters one device of the busiest stage holds: its layers' share plus the model end it owns. */
function stageParams(ctx: TrainContext, plan: TrainPlan): number {
  const m = ctx.model;
  const c = cachedParamCounts(m);
  const ends = c.embedding + c.lmHead + c.positions;
  // routed experts split over max(tp, ep) devices (whole experts across replicas), the rest over tp
  const layers = (c.total - ends - c.routedExperts) / plan.tp + c.routedExperts / Math.max(plan.tp, plan.ep);
  if (plan.pp === 1) return layers + (c.embedding + c.lmHead) / plan.tp + c.positions;
  // first stage: embedding (and learned positions); last: the head (a tied head is a copy there)
  const first = c.embedding / plan.tp + c.positions;
  const last = (c.lmHead || c.embedding) / plan.tp;
  return layers / plan.pp + Math.max(first, last);
}

export function trainingMemory(ctx: TrainContext, plan: TrainPlan, microBatches: number): TrainingMemory {
  const m = ctx.model;
  const f = plan.format;
  const params = stageParams(ctx, plan);
  const trainableParams = plan.peft ? peftTrainableParams(m, plan.peft) / (plan.tp * plan.pp) : params;
  const shards = plan.dp * plan.cp;
  const a = f.activationBits / 8;
  const frozen = plan.peft ? params : 0;
  // ZeRO-3 shards the weights too and gathers two layers at a time (the current and the prefetched one)
  const layerParams = params / (m.layers / plan.pp);
  const weightsBytes =
    plan.zero === 3
      ? ((frozen * f.weightBits) / 8 + trainableParams * a) / shards + 2 * layerParams * a
      : (frozen * f.weightBits) / 8 + trainableParams * a;
  const gradientBytes = (trainableParams * a) / (plan.zero >= 2 ? shards : 1);
  const optimizerBytes = (trainableParams * ADAM_STATE_BYTES) / (plan.zero >= 1 ? shards : 1);

  const prompt = plan.peft?.method === 'prompt' ? plan.peft.tokens : 0;
  const seq = (ctx.workload.seqLen + prompt) / plan.cp;
  const request = {
    model: m,
    microBatch: plan.microBatch,
    seqLen: seq,
    tp: plan.tp,
    sequenceParallel: plan.sequenceParallel,
    recompute: plan.recompute,
    flashAttention: plan.flashAttention,
    activationBytes: a,
    // Megatron-style GPT recipes train with dropout (its masks are stored); Llama/MPT-style recipes do not
    dropout: m.family === 'gpt',
    keyLen: seq * plan.cp,
  };
  const perLayer = layerActivationBytes(request).bytes;
  const layersHere = m.layers / plan.pp;
  // 1F1B: the first stage holds min(p, m) micro-batches of its layers; interleaving adds
  // (p − 1)/(p·v) more (Korthikanti et al. §4.2.3); the last stage holds one, plus the logits
  const interleave = plan.vp > 1 ? 1 + (plan.pp - 1) / (plan.pp * plan.vp) : 1;
  const firstStage = perLayer * layersHere * Math.min(plan.pp, microBatches) * interleave;
  const lastStage = perLayer * layersHere + logitsActivationBytes(m, plan.microBatch, seq, plan.tp);
  // recomputing a layer materializes its full activations once more
  const recomputeBuffer = plan.recompute === 'full' ? layerActivationBytes({ ...request, recompute: 'none' }).bytes : 0;
  const activationBytes =
    (plan.pp === 1
      ? perLayer * layersHere + logitsActivationBytes(m, plan.microBatch, seq, plan.tp)
      : Math.max(firstStage, lastStage)) + recomputeBuffer;
  const workspaceBytes = TRAINING_WORKSPACE_BYTES;
  const totalBytes = weightsBytes + gradientBytes + optimizerBytes + activationBytes + workspaceBytes;
  const capacityBytes = ctx.hw.device.memory[0]!.capacityBytes;
  const fits = totalBytes <= capacityBytes;
  const overflow = fits
    ? ''
    : `needs ${(totalBytes / GB).toFixed(1)} GB per device (weights ${(weightsBytes / GB).toFixed(1)}, gradients ${(gradientBytes / GB).toFixed(1)}, optimizer ${(optimizerBytes / GB).toFixed(1)}, activations ${(activationBytes / GB).toFixed(1)}, workspace ${(workspaceBytes / GB).toFixed(1)}) of ${(capacityBytes / GB).toFixed(1)} GB: ${((totalBytes - capacityBytes) / GB).toFixed(1)} GB over`;
  return {
    params,
    trainableParams,
    weightsBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    workspaceBytes,
    totalBytes,
    capacityBytes,
    fits,
    overflow,
  };
}
