// Training step time and metrics of one plan: TP (with sequence parallelism) inside a node, CP
// (ring attention or Ulysses all-to-all), DP with ZeRO/FSDP, PP with 1F1B or interleaved
// schedules, EP for MoE, recomputation, PEFT. One micro-batch's forward and backward on the
// busiest stage come from the calibrated op graph (step-time.ts); the parallel dimensions add
// their communication on the link tier their group spans (groups.ts) and the pipeline its bubble.
import { InputError } from '../errors.js';
import type { Device } from '../hardware/types.js';
import type { ModelArch } from '../workloads/model-arch.js';
import { bitsOf, type NumericFormat } from '../workloads/precision.js';
import type { Precision } from '../hardware/types.js';
import { buildPhaseGraph, type PhaseGraph } from '../workloads/phase-graph.js';
import { optimizerOp, type Recompute } from '../workloads/backward-graph.js';
import { causalPairs } from '../workloads/attention.js';
import { baseWeightBits, type PeftSpec } from '../workloads/peft.js';
import type { Op } from '../workloads/ops.js';
import { achievedTime } from '../roofline/efficiency.js';
import { peakFor, type Placement } from '../roofline/roofline.js';
import { stepTime, type ReplicaLinks } from '../parallelism/step-time.js';
import { collectiveTime, flatCollectiveTime, p2pTime } from '../parallelism/collectives.js';
import { groupSpan, type NodeHardware } from '../parallelism/groups.js';
import { gradSyncTime, type ZeroStage } from '../parallelism/data-parallel.js';
import { bubbleTime, pipelineTime } from '../parallelism/pipeline.js';
import { trainingMemory, type TrainingMemory } from './training-memory.js';
import { trainingFlops } from './training-flops.js';

export interface TrainingHardware extends NodeHardware {
  device: Device;
  nodes: number;
}

export interface TrainWorkload {
  /** tokens per sequence */
  seqLen: number;
  /** sequences per optimizer step over the whole system */
  globalBatch: number;
  /** tokens to train on (for time and device-hours to train) */
  tokens?: number;
}

export type ContextParallelKind = 'ring' | 'ulysses';

export interface TrainPlan {
  tp: number;
  pp: number;
  dp: number;
  /** context-parallel ranks: the sequence is split over them */
  cp: number;
  cpKind: ContextParallelKind;
  /** expert-parallel ranks (MoE): a divisor of tp, or a multiple of tp across data-parallel replicas */
  ep: number;
  /** sequences per micro-batch */
  microBatch: number;
  /** model chunks per pipeline stage (interleaved schedule when > 1) */
  vp: number;
  recompute: Recompute;
  zero: ZeroStage;
  /** Megatron sequence parallelism alongside TP */
  sequenceParallel: boolean;
  format: NumericFormat;
  flashAttention: boolean;
  peft?: PeftSpec;
  /** gradient reduction overlapped with the backward pass (Megatron --overlap-grad-reduce, DDP, FSDP) */
  overlapGradReduce: boolean;
}

export interface TrainContext {
  model: ModelArch;
  hw: TrainingHardware;
  workload: TrainWorkload;
}

/** Where one step's time goes on the busiest device, seconds. */
export interface StepBreakdown {
  /** one micro-batch through the stage, with TP collectives, CP exchanges and hand-offs */
  forwardS: number;
  backwardS: number;
  microBatches: number;
  /** the pipeline: (m + (p − 1)/v)·(t_f + t_b) */
  pipelineS: number;
  bubbleS: number;
  /** communication inside the micro-batch passes (TP, CP, EP, hand-offs), all micro-batches */
  modelParallelCommS: number;
  /** data-parallel traffic: all of it, and the part not hidden behind compute */
  dataParallelS: number;
  dataParallelExposedS: number;
  optimizerS: number;
  stepS: number;
}

export interface TrainMetrics {
  stepS: number;
  tokensPerS: number;
  tokensPerSPerDevice: number;
  samplesPerS: number;
  /** model FLOPs per step (PaLM convention, see training-flops.ts) and with recomputation */
  modelFlopsPerStep: number;
  hardwareFlopsPerStep: number;
  /** model TFLOP/s per device */
  tflopsPerDevice: number;
  mfu: number;
  hfu: number;
  memoryBytesPerDevice: number;
  /** exposed communication and pipeline bubble as shares of the step */
  communicationShare: number;
  bubbleShare: number;
  /** with workload.tokens */
  timeToTrainS: number | undefined;
  deviceHours: number | undefined;
}

export type TrainEvaluation =
  | { fits: true; plan: TrainPlan; metrics: TrainMetrics; memory: TrainingMemory; breakdown: StepBreakdown }
  | { fits: false; plan: TrainPlan; reason: string; memory: TrainingMemory };

/**
 * The numeric format of a training run: matmuls in `precision`; activations, gradients and the
 * working weights in 16 bits when the matmuls run in fp8 (Transformer Engine keeps bf16 copies and
 * casts per GEMM); QLoRA's frozen base in NF4.
 */
export function trainingFormat(device: Device, precision: Precision | undefined, peft?: PeftSpec): NumericFormat {
  const order: Precision[] = ['bf16', 'fp16', 'fp32'];
  const compute = precision ?? order.find((p) => device.peakFlops[p]) ?? 'fp32';
  if (!device.peakFlops[compute]) {
    throw new InputError(
      `${device.id} does not compute in ${compute} (it has: ${Object.keys(device.peakFlops).join(', ')}); choose --precision from those`,
    );
  }
  if (compute === 'int8' || compute === 'int4' || compute === 'fp4' || compute === 'fp6') {
    throw new InputError(`training in ${compute} is not modeled: choose fp32, tf32, bf16, fp16 or fp8`);
  }
  const bits = compute === 'fp8' ? 16 : bitsOf(compute);
  const activation: Precision = compute === 'fp8' ? (device.peakFlops.bf16 ? 'bf16' : 'fp16') : compute;
  const format: NumericFormat = { weightBits: bits, activationBits: bits, kvBits: bits, activation, compute };
  return { ...format, weightBits: baseWeightBits(peft, format) };
}

/** A clear error for a plan that cannot run the model on the hardware (exit 2 from the CLI). */
export function checkTrainPlan(ctx: TrainContext, plan: TrainPlan): void {
  const m = ctx.model;
  const hw = ctx.hw;
  const devices = hw.devicesPerNode * hw.nodes;
  const { tp, pp, dp, cp, vp } = plan;
  for (const [flag, v] of Object.entries({ tp, pp, dp, cp, ep: plan.ep, vp, 'micro-batch': plan.microBatch })) {
    if (!Number.isInteger(v) || v < 1) throw new InputError(`--${flag} must be a positive integer, got ${v}`);
  }
  if (tp * pp * dp * cp !== devices) {
    throw new InputError(
      `TP ${tp} × PP ${pp} × DP ${dp} × CP ${cp} = ${tp * pp * dp * cp} devices, but the hardware has ${devices}`,
    );
  }
  if (tp > hw.devicesPerNode && tp % hw.devicesPerNode !== 0) {
    throw new InputError(
      `--tp ${tp} spans nodes of ${hw.devicesPerNode} devices: it must be a multiple of the node size`,
    );
  }
  if (pp > m.layers) throw new InputError(`--pp ${pp} is larger than ${m.name}'s ${m.layers} layers`);
  if (m.layers % (pp * vp) !== 0) {
    throw new InputError(`${m.name}'s ${m.layers} layers do not split into PP ${pp} × ${vp} model chunks evenly`);
  }
  if (vp > 1 && pp === 1)
    throw new InputError('an interleaved schedule (--vp > 1) needs pipeline parallelism (--pp > 1)');
  const { seqLen, globalBatch } = ctx.workload;
  if (globalBatch % (dp * plan.microBatch) !== 0) {
    throw new InputError(
      `global batch ${globalBatch} is not divisible by DP ${dp} × micro-batch ${plan.microBatch} = ${dp * plan.microBatch}`,
    );
  }
  const microBatches = globalBatch / (dp * plan.microBatch);
  if (vp > 1 && microBatches % pp !== 0) {
    throw new InputError(
      `the interleaved schedule needs micro-batches per step (${microBatches}) to be a multiple of PP ${pp}`,
    );
  }
  // ALiBi has no position table and extrapolates (Press et al. 2022): no context limit to enforce
  if (seqLen > m.maxSeqLen && cp === 1 && m.position !== 'alibi') {
    throw new InputError(
      `sequence length ${seqLen} exceeds ${m.name}'s context of ${m.maxSeqLen}; use context parallelism (--cp) or a shorter --seq-len`,
    );
  }
  if (cp > 1 && seqLen % (2 * cp) !== 0) {
    throw new InputError(
      `--cp ${cp}: the sequence (${seqLen}) must split into 2 × CP = ${2 * cp} equal chunks (load-balanced ring attention)`,
    );
  }
  if (plan.cpKind === 'ulysses' && cp > 1 && m.heads % (tp * cp) !== 0) {
    throw new InputError(
      `Ulysses sequence parallelism needs TP × CP (${tp * cp}) to divide ${m.name}'s ${m.heads} heads`,
    );
  }
  if (plan.zero === 3 && pp > 1)
    throw new InputError('ZeRO-3/FSDP with pipeline parallelism is not modeled (frameworks do not combine them)');
  if (plan.ep > tp && dp % (plan.ep / tp) !== 0) {
    throw new InputError(`--ep ${plan.ep} spans ${plan.ep / tp} data-parallel replicas, which must divide DP ${dp}`);
  }
}

/** A model with only the layers one pipeline stage holds (per device, all its chunks). */
function stageModel(m: ModelArch, pp: number, seqLen: number): ModelArch {
  const staged = pp === 1 ? m : { ...m, layers: m.layers / pp };
  // a sequence beyond the trained context passed checkTrainPlan (CP or ALiBi): lift the graph's limit
  return seqLen > m.maxSeqLen ? { ...staged, maxSeqLen: seqLen } : staged;
}

/**
 * Context parallelism: a device holds seqLen/cp of every sequence but its queries meet all keys
 * (load-balanced causal ring attention, Liu et al. 2023; NeMo/Megatron CP): its attention work is
 * causalPairs(seqLen)/cp, and it reads every rank's K and V once.
 */
function withContextParallel(ops: Op[], seqLen: number, cp: number): Op[] {
  if (cp === 1) return ops;
  const local = causalPairs(seqLen / cp, 0);
  const factor = causalPairs(seqLen, 0) / cp / local;
  return ops.map((op) =>
    op.kind === 'attention' || op.name.startsWith('attn_')
      ? { ...op, flops: op.flops * factor, bytes: { ...op.bytes, kvRead: op.bytes.kvRead * cp } }
      : op,
  );
}

/** The micro-batch graph of the busiest stage (the last: its layers plus the model's ends). */
export function stageGraph(ctx: TrainContext, plan: TrainPlan, layers?: number): PhaseGraph {
  const prompt = plan.peft?.method === 'prompt' ? plan.peft.tokens : 0;
  const staged = stageModel(ctx.model, plan.pp, ctx.workload.seqLen + prompt);
  const model = layers ? { ...staged, layers } : staged;
  const g = buildPhaseGraph({
    model,
    phase: 'train',
    batch: plan.microBatch,
    input: (ctx.workload.seqLen + prompt) / plan.cp,
    context: 0,
    chunk: 1,
    format: plan.format,
    tp: plan.tp,
    ep: plan.ep,
    sequenceParallel: plan.sequenceParallel,
    flashAttention: plan.flashAttention,
    recompute: plan.recompute,
    ...(plan.peft && { peft: plan.peft }),
  });
  return {
    ...g,
    ops: attentionInActivationPrecision(withContextParallel(g.ops, ctx.workload.seqLen + prompt, plan.cp), plan.format),
  };
}

/** fp8 training (Transformer Engine) runs only the linear layers in fp8; attention stays in bf16/fp16. */
function attentionInActivationPrecision(ops: Op[], format: NumericFormat): Op[] {
  if (format.compute === format.activation) return ops;
  return ops.map((op) =>
    op.kind === 'attention' || op.name.startsWith('attn_') ? { ...op, compute: format.activation } : op,
  );
}

/**
 * The device as a training step sees it: matrix work (GEMMs and fused attention) at the share of the
 * calibrated rate that training sustains (`trainingMatmulFraction`, fitted by npm run calibrate).
 */
export function trainingDevice(device: Device): Device {
  const eff = device.efficiency;
  const f = eff.trainingMatmulFraction;
  if (f === 1) return device;
  return {
    ...device,
    efficiency: {
      ...eff,
      matmulPeakFraction: eff.matmulPeakFraction * f,
      attentionPeakFraction: eff.attentionPeakFraction * f,
    },
  };
}

/**
 * Whether FlashAttention-class fused attention runs on the device: FlashAttention-2 needs NVIDIA
 * sm80+ (Ampere and later) or AMD CDNA2+, the same generations that brought bf16 matrix units;
 * older devices (V100) keep the unfused softmax(QKᵀ)V with its stored score matrix.
 */
export function supportsFusedAttention(device: Device): boolean {
  return device.peakFlops.bf16 !== undefined;
}

function placementOf(device: Device): Placement {
  const tier = device.memory[0]!;
  return { weights: tier, kv: tier, activations: tier };
}

function modelParallelLinks(ctx: TrainContext, plan: TrainPlan): ReplicaLinks {
  const hw = ctx.hw;
  // a TP group beyond one node is timed here (tensorParallelAcrossNodes), not by stepTime
  const inNode = plan.tp <= hw.devicesPerNode;
  const links: ReplicaLinks = { scaleUp: plan.tp > 1 && inNode ? hw.scaleUp : undefined, stageLink: undefined, pp: 1 };
  if (plan.ep > plan.tp) {
    // experts across replicas: the EP group's members are tp·cp ranks apart
    const span = groupSpan(hw, plan.ep / plan.tp, plan.tp * plan.cp);
    links.epLink = span.neighbourLink;
    links.epPorts = span.nodes > 1 ? hw.nicsPerNode / hw.devicesPerNode : 1;
  }
  return links;
}

/**
 * Context-parallel traffic of one micro-batch on one device, and the part attention does not hide.
 * Ring: each layer passes K and V around the ring (cp − 1 hops), overlapped with the attention
 * blocks; the backward passes K, V and their gradients. Ulysses (Jacobs et al. 2023): all-to-alls
 * of Q, K, V and the output per layer in each direction, not overlapped.
 */
function contextParallelTime(
  ctx: TrainContext,
  plan: TrainPlan,
  g: PhaseGraph,
): { forwardS: number; backwardS: number } {
  if (plan.cp === 1) return { forwardS: 0, backwardS: 0 };
  const m = g.request.model;
  const span = groupSpan(ctx.hw, plan.cp, plan.tp);
  const link = span.neighbourLink;
  if (!link) return { forwardS: 0, backwardS: 0 };
  const a = plan.format.activationBits / 8;
  const tokens = plan.microBatch * g.request.input;
  const kvCols = g.shard.kvHeadsPerDevice * m.headDim;
  if (plan.cpKind === 'ulysses') {
    const cols = 2 * g.shard.headsPerDevice * m.headDim + 2 * kvCols;
    const t = flatCollectiveTime(
      'all_gather',
      tokens * cols * a,
      plan.cp,
      link,
      'ring',
      span.nodes > 1 ? span.nicsPerNode / span.perNode : 1,
    );
    return { forwardS: m.layers * t, backwardS: m.layers * t };
  }
  const hop = p2pTime(link, tokens * 2 * kvCols * a);
  const attention = (pass: 'forward' | 'backward-data') =>
    g.ops
      .filter((op) => op.kind === 'attention' && op.pass === pass)
      .reduce((s, op) => s + achievedTime(op, ctx.hw.device, placementOf(ctx.hw.device)).time, 0);
  const fwd = Math.max(0, (plan.cp - 1) * hop - attention('forward'));
  const bwd = Math.max(0, 2 * (plan.cp - 1) * hop - attention('backward-data'));
  return { forwardS: m.layers * fwd, backwardS: m.layers * bwd };
}

const isForward = (op: Op) => op.pass === 'forward';
const isBackward = (op: Op) => op.pass === 'recompute' || op.pass === 'backward-data' || op.pass === 'backward-weight';

/** Forward and backward (with recomputation) time of one micro-batch through a graph. */
/**
 * TP collectives of a group that spans nodes (Megatron runs them, slowly, as OneFlow's DLPerf
 * measured): hierarchical over the scale-up link and the NICs, not overlapped.
 */
function tensorParallelAcrossNodes(ctx: TrainContext, plan: TrainPlan, ops: Op[]): number {
  if (plan.tp <= ctx.hw.devicesPerNode) return 0;
  const span = groupSpan(ctx.hw, plan.tp, 1);
  let t = 0;
  for (const op of ops) {
    const s = op.shape;
    if (s.type !== 'collective' || s.collective === 'all_to_all' || s.group <= 1) continue;
    t += collectiveTime(s.collective, s.messageBytes, span) * op.count;
  }
  return t;
}

export function microBatchTimes(ctx: TrainContext, plan: TrainPlan, g: PhaseGraph) {
  const placement = placementOf(ctx.hw.device);
  const links = modelParallelLinks(ctx, plan);
  const forwardOps = g.ops.filter(isForward);
  const backwardOps = g.ops.filter(isBackward);
  const fwd = stepTime({ ...g, ops: forwardOps }, ctx.hw.device, placement, links);
  const bwd = stepTime({ ...g, ops: backwardOps }, ctx.hw.device, placement, links);
  const cp = contextParallelTime(ctx, plan, g);
  const tpFwd = tensorParallelAcrossNodes(ctx, plan, forwardOps);
  const tpBwd = tensorParallelAcrossNodes(ctx, plan, backwardOps);
  return {
    forwardS: fwd.time + cp.forwardS + tpFwd,
    backwardS: bwd.time + cp.backwardS + tpBwd,
    computeForwardS: fwd.time - fwd.communication,
    computeBackwardS: bwd.time - bwd.communication,
    communicationS: fwd.communication + bwd.communication + cp.forwardS + cp.backwardS + tpFwd + tpBwd,
  };
}

/** One transformer layer's forward + backward for one micro-batch (Korthikanti et al.'s Table 4 metric). */
export function layerForwardBackwardS(ctx: TrainContext, plan: TrainPlan): number {
  const g = stageGraph(ctx, plan, 1);
  const layerOnly = { ...g, ops: g.ops.filter((op) => op.layer !== undefined) };
  const t = microBatchTimes(ctx, plan, layerOnly);
  return t.forwardS + t.backwardS;
}

/**
 * Step time and metrics of a plan. A plan whose memory does not fit is returned unevaluated unless
 * `requireFit` is false (validation predicts runs that did happen, whatever the memory estimate says).
 */
/** One micro-batch's pass through a stage (what a search shares between plans of one split). */
export type MicroBatchPass = ReturnType<typeof microBatchTimes> & { stageLayers: number };

export function evaluateTraining(
  ctx: TrainContext,
  plan: TrainPlan,
  opts: { requireFit?: boolean; cache?: Map<string, MicroBatchPass> } = {},
): TrainEvaluation {
  checkTrainPlan(ctx, plan);
  const { seqLen, globalBatch } = ctx.workload;
  const hw = ctx.hw;
  const devices = hw.devicesPerNode * hw.nodes;
  const microBatches = globalBatch / (plan.dp * plan.microBatch);
  const memory = trainingMemory(ctx, plan, microBatches);
  if (!memory.fits && opts.requireFit !== false) return { fits: false, plan, memory, reason: memory.overflow };

  // the micro-batch pass depends only on the model split, not on DP, ZeRO or the schedule:
  // a search evaluates each split once
  const key = `${plan.tp}|${plan.cp}|${plan.cpKind}|${plan.pp}|${plan.ep}|${plan.microBatch}|${plan.recompute}|${plan.sequenceParallel}|${plan.flashAttention}`;
  let pass = opts.cache?.get(key);
  if (!pass) {
    const g = stageGraph(ctx, plan);
    pass = { ...microBatchTimes(ctx, plan, g), stageLayers: g.request.model.layers };
    opts.cache?.set(key, pass);
  }
  const mb = pass;
  // pipeline hand-offs: the stage's output (split over TP ranks, Megatron's scatter/gather) to the
  // next device, once per model chunk in each direction
  let handoffS = 0;
  if (plan.pp > 1) {
    const span = groupSpan(hw, plan.pp, plan.tp * plan.cp * plan.dp);
    const bytes = (plan.microBatch * (seqLen / plan.cp) * ctx.model.hidden * plan.format.activationBits) / 8 / plan.tp;
    if (span.neighbourLink) handoffS = plan.vp * p2pTime(span.neighbourLink, bytes);
  }
  const shape = { stages: plan.pp, microBatches, virtualStages: plan.vp };
  const tf = mb.forwardS + handoffS;
  const tb = mb.backwardS + handoffS;
  const pipelineS = pipelineTime(shape, tf, tb);
  const bubbleS = bubbleTime(shape, tf, tb);

  // data parallelism: DP × CP ranks hold the same weights and reduce their gradients together
  const dpGroup = plan.dp * plan.cp;
  const trainable = memory.trainableParams;
  const sync = gradSyncTime({
    zero: plan.zero,
    group: groupSpan(hw, dpGroup, plan.tp),
    groupSize: dpGroup,
    trainableParams: trainable,
    params: memory.params,
    gradBytes: plan.format.activationBits / 8,
    paramBytes: plan.format.weightBits / 8,
    layers: mb.stageLayers,
    microBatches,
    forwardS: mb.computeForwardS,
    backwardS: mb.computeBackwardS,
    overlap: plan.overlapGradReduce,
  });
  const optimizer = optimizerOp(plan.zero >= 1 ? trainable / dpGroup : trainable, plan.format);
  const optimizerS = achievedTime(optimizer, hw.device, placementOf(hw.device)).time;
  const stepS = pipelineS + sync.exposedS + optimizerS;

  const flops = trainingFlops(ctx.model, seqLen, globalBatch, plan.recompute, plan.peft);
  const peak = peakFor(hw.device, 'matrix', plan.format.compute);
  const modelParallelCommS = microBatches * (mb.communicationS + 2 * handoffS);
  const tokensPerS = (globalBatch * seqLen) / stepS;
  const tokens = ctx.workload.tokens;
  return {
    fits: true,
    plan,
    memory,
    breakdown: {
      forwardS: tf,
      backwardS: tb,
      microBatches,
      pipelineS,
      bubbleS,
      modelParallelCommS,
      dataParallelS: sync.totalS,
      dataParallelExposedS: sync.exposedS,
      optimizerS,
      stepS,
    },
    metrics: {
      stepS,
      tokensPerS,
      tokensPerSPerDevice: tokensPerS / devices,
      samplesPerS: globalBatch / stepS,
      modelFlopsPerStep: flops.model,
      hardwareFlopsPerStep: flops.hardware,
      tflopsPerDevice: flops.model / stepS / devices / 1e12,
      mfu: flops.model / (stepS * devices * peak),
      hfu: flops.hardware / (stepS * devices * peak),
      memoryBytesPerDevice: memory.totalBytes,
      communicationShare: (modelParallelCommS + sync.exposedS) / stepS,
      bubbleShare: bubbleS / stepS,
      timeToTrainS: tokens ? tokens / tokensPerS : undefined,
      deviceHours: tokens ? ((tokens / tokensPerS) * devices) / 3600 : undefined,
    },
  };
}
