// Training cases: step time of the plan the source ran, turned into the metric it reports (tokens/s,
// samples/s, model TFLOP/s per device, MFU, one layer's forward + backward).
import { InputError } from '../errors.js';
import { findLink, type HardwareCatalog } from '../hardware/catalog.js';
import type { Device, Precision } from '../hardware/types.js';
import type { Recompute } from '../workloads/backward-graph.js';
import { parsePeft } from '../workloads/peft.js';
import {
  evaluateTraining,
  layerForwardBackwardS,
  supportsFusedAttention,
  trainingDevice,
  trainingFormat,
  type TrainContext,
  type TrainPlan,
} from '../planner/training.js';
import type { ZeroStage } from '../parallelism/data-parallel.js';
import { modelForCase } from './case-model.js';
import type { Prediction, ValidationCase } from './types.js';

const TRAINING_METRICS = new Set([
  'train_tflops_per_device',
  'train_mfu',
  'train_tokens_per_s',
  'train_tokens_per_s_per_device',
  'train_samples_per_s',
  'train_step_s',
  'layer_fwd_bwd_ms',
]);

export function isTrainingMetric(metric: string): boolean {
  return TRAINING_METRICS.has(metric);
}

/** LoRA when a source does not state rank or targets: rank 16 on q, k and v (an assumption, said in the note). */
const DEFAULT_CASE_LORA = 'lora:r=16,targets=q_proj+k_proj+v_proj';

function planInt(c: ValidationCase, field: string, fallback: number): number {
  const v = c.plan?.[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(`case ${c.id}: plan.${field} must be a positive integer`);
  return v;
}

function workloadInt(c: ValidationCase, field: string, fallback?: number): number {
  const v = c.workload[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(`case ${c.id}: workload.${field} must be a positive integer`);
  return v;
}

function zeroOf(c: ValidationCase): ZeroStage {
  // FSDP's full_shard is ZeRO-3; shard_grad_op shards gradients and optimizer states (ZeRO-2)
  switch (c.plan?.fsdp) {
    case undefined:
      return 0;
    case 'full_shard':
      return 3;
    case 'shard_grad_op':
      return 2;
    default:
      throw new InputError(`case ${c.id}: plan.fsdp "${String(c.plan?.fsdp)}" is not modeled (full_shard, shard_grad_op)`);
  }
}

/** Whether the case's FLOP count includes the recomputed forward (its notes say which). */
function countsRecompute(c: ValidationCase): boolean {
  return /includes recompute/i.test(c.notes ?? '');
}

export function predictTraining(c: ValidationCase, device: Device, catalog: HardwareCatalog): Prediction {
  const seqLen = workloadInt(c, 'seqLen');
  // the run happened at this length: its model was configured with at least this context
  const arch = modelForCase(c);
  const model = seqLen > arch.maxSeqLen ? { ...arch, maxSeqLen: seqLen } : arch;
  const perNode = c.hardware.devicesPerNode ?? 1;
  const nodes = c.hardware.nodes ?? 1;
  const scaleUpId = c.hardware.scaleUp ?? device.scaleUp?.linkId;
  const nicId = c.hardware.nic ?? device.scaleOut?.linkId;
  const tp = planInt(c, 'tp', 1);
  const pp = planInt(c, 'pp', 1);
  const cp = planInt(c, 'cp', 1);
  const dp = planInt(c, 'dp', Math.max(1, (perNode * nodes) / (tp * pp * cp)));
  const microBatch = workloadInt(c, 'microBatch', 1);
  const notes: string[] = [];
  // without a stated global batch: one micro-batch per data-parallel rank and step
  const globalBatch = workloadInt(c, 'globalBatch', dp * microBatch * (pp > 1 ? pp : 1));
  if (c.workload.globalBatch === undefined) notes.push(`global batch ${globalBatch} assumed`);
  const finetune = c.workload.finetune;
  const peft = finetune === 'lora' ? parsePeft(DEFAULT_CASE_LORA) : undefined;
  if (peft) notes.push(`LoRA as ${DEFAULT_CASE_LORA}`);
  const ctx: TrainContext = {
    model,
    hw: {
      device: trainingDevice(device),
      devicesPerNode: perNode,
      nodes,
      scaleUp: perNode > 1 && scaleUpId ? findLink(catalog, scaleUpId) : undefined,
      nic: nodes > 1 && nicId ? findLink(catalog, nicId) : undefined,
      nicsPerNode: c.hardware.nicsPerNode ?? device.scaleOut?.perNode ?? 1,
    },
    workload: { seqLen, globalBatch },
  };
  const recompute = (c.plan?.recompute ?? 'none') as Recompute;
  const vp = planInt(c, 'vp', 1);
  const plan: TrainPlan = {
    tp,
    pp,
    dp,
    cp,
    cpKind: 'ring',
    ep: planInt(c, 'ep', 1),
    microBatch,
    vp,
    recompute,
    zero: zeroOf(c),
    // Megatron-Core turns sequence parallelism on with TP; a source that says otherwise wins
    sequenceParallel: typeof c.plan?.sp === 'boolean' ? c.plan.sp : tp > 1,
    format: trainingFormat(device, c.workload.precision as Precision, peft),
    // llmsim's default where the source does not say: fused attention wherever the device runs it
    flashAttention: supportsFusedAttention(device),
    ...(peft && { peft }),
    overlapGradReduce: true,
  };
  if (c.metric === 'layer_fwd_bwd_ms') {
    return { predicted: layerForwardBackwardS(ctx, plan) * 1e3 };
  }
  // the run happened: predict its speed even where llmsim's memory estimate says it would not fit
  const e = evaluateTraining(ctx, plan, { requireFit: false });
  if (!e.fits) return { unpredicted: e.reason };
  if (!e.memory.fits) notes.push(`llmsim's memory estimate says this does not fit (${e.memory.overflow})`);
  const m = e.metrics;
  const devices = perNode * nodes;
  const note = notes.length ? { note: notes.join('; ') } : {};
  switch (c.metric) {
    case 'train_tflops_per_device': {
      const flops = countsRecompute(c) ? m.hardwareFlopsPerStep : m.modelFlopsPerStep;
      return { predicted: flops / m.stepS / devices / 1e12, ...note };
    }
    case 'train_mfu':
      return { predicted: m.mfu, ...note };
    case 'train_tokens_per_s':
      return { predicted: m.tokensPerS, ...note };
    case 'train_tokens_per_s_per_device':
      return { predicted: m.tokensPerSPerDevice, ...note };
    case 'train_samples_per_s':
      return { predicted: m.samplesPerS, ...note };
    default:
      return { predicted: m.stepS, ...note };
  }
}
