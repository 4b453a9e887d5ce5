// A phase of work as an operator graph: prefill, one decode step, one prefill chunk, or one
// training micro-batch (forward, backward, recomputation, optimizer step).
import { InputError } from '../errors.js';
import { shardForTp, type TpShard } from '../parallelism/tensor-parallel.js';
import type { ModelArch } from './model-arch.js';
import type { NumericFormat } from './precision.js';
import type { Op } from './ops.js';
import { forwardOps, type ForwardSpec } from './forward-graph.js';
import { backwardOps, optimizerOp, recomputeOps, type Recompute } from './backward-graph.js';
import { peftLayerOps, peftTrainableParams, type PeftSpec } from './peft.js';

export type Phase = 'prefill' | 'decode' | 'chunked' | 'train';
export const PHASES: readonly Phase[] = ['prefill', 'decode', 'chunked', 'train'];

export interface PhaseRequest {
  model: ModelArch;
  phase: Phase;
  /** sequences in the batch (training: the micro-batch) */
  batch: number;
  /** prefill: prompt length; train: sequence length */
  input: number;
  /** decode: tokens already in the KV cache; chunked: tokens cached before the chunk */
  context: number;
  /** chunked: tokens in the chunk */
  chunk: number;
  format: NumericFormat;
  tp: number;
  /** expert-parallel ranks inside the TP group (MoE models; default 1) */
  ep?: number;
  sequenceParallel: boolean;
  flashAttention: boolean;
  recompute: Recompute;
  /** train: parameter-efficient fine-tuning (frozen base, trainable adapters); undefined = full training */
  peft?: PeftSpec;
}

export interface PhaseGraph {
  request: PhaseRequest;
  shard: TpShard;
  /** the forward pass description the graph was built from */
  forward: ForwardSpec;
  /** new tokens processed (per device group: the whole batch) */
  tokens: number;
  /** tokens per sequence the KV cache holds when the phase ends (0 in training) */
  kvTokens: number;
  ops: Op[];
}

function positive(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new InputError(`${name} must be a positive integer, got ${v}`);
}

function forwardSpec(r: PhaseRequest): ForwardSpec {
  const flash = r.flashAttention;
  switch (r.phase) {
    case 'prefill':
      positive('--input', r.input);
      return { batch: r.batch, qLen: r.input, past: 0, logitsRows: r.batch, inference: true, flashAttention: flash };
    case 'decode':
      if (!Number.isInteger(r.context) || r.context < 0)
        throw new InputError(`--context must be ≥ 0, got ${r.context}`);
      return { batch: r.batch, qLen: 1, past: r.context, logitsRows: r.batch, inference: true, flashAttention: flash };
    case 'chunked':
      positive('--chunk', r.chunk);
      if (!Number.isInteger(r.context) || r.context < 0)
        throw new InputError(`--context must be ≥ 0, got ${r.context}`);
      return {
        batch: r.batch,
        qLen: r.chunk,
        past: r.context,
        logitsRows: r.batch,
        inference: true,
        flashAttention: flash,
      };
    case 'train':
      positive('--input (sequence length)', r.input);
      return {
        batch: r.batch,
        qLen: r.input,
        // prefix tuning: every query also sees the p trainable prefix positions
        past: r.peft?.method === 'prefix' ? r.peft.tokens : 0,
        logitsRows: r.batch * r.input,
        inference: false,
        flashAttention: flash,
      };
  }
}

/** Builds the operator graph of one phase; every op carries FLOPs and bytes per operand. */
export function buildPhaseGraph(r: PhaseRequest): PhaseGraph {
  positive('--batch', r.batch);
  const shard = shardForTp(r.model, r.tp, r.sequenceParallel, r.ep ?? 1);
  const fwd = forwardSpec(r);
  const kvTokens = r.phase === 'train' ? 0 : fwd.past + fwd.qLen;
  if (kvTokens > r.model.maxSeqLen) {
    throw new InputError(`${kvTokens} tokens of context exceed ${r.model.name}'s maximum of ${r.model.maxSeqLen}`);
  }
  if (r.phase === 'train' && r.input > r.model.maxSeqLen) {
    throw new InputError(`sequence length ${r.input} exceeds ${r.model.name}'s maximum of ${r.model.maxSeqLen}`);
  }
  const forward = forwardOps(r.model, fwd, r.format, shard);
  let ops = forward;
  if (r.phase === 'train') {
    const peft = r.peft;
    const adapters = peft
      ? peftLayerOps(r.model, fwd.batch * fwd.qLen, peft, shard, {
          group: 'layer-other',
          pass: 'forward',
          count: r.model.layers,
          format: r.format,
        })
      : [];
    for (const op of adapters) op.layer = 'dense';
    const layered = [...forward, ...adapters];
    // under PEFT only the adapters (or the prefix/prompt) train; the base is frozen
    const trainable = peft
      ? peftTrainableParams(r.model, peft) / shard.tp
      : forward.reduce((s, op) => s + op.params * op.count, 0);
    ops = [
      ...layered,
      ...recomputeOps(layered, r.recompute),
      ...backwardOps(forward, r.format, { frozenWeights: peft !== undefined }),
      ...backwardOps(adapters, r.format),
      optimizerOp(trainable, r.format),
    ];
  }
  return { request: r, shard, forward: fwd, tokens: fwd.batch * fwd.qLen, kvTokens, ops };
}

/** Parameters the graph's weights hold on one device (all of them at tp = 1). */
export function graphParams(g: PhaseGraph): number {
  return g.ops.reduce((s, op) => (op.pass === 'forward' ? s + op.params * op.count : s), 0);
}
