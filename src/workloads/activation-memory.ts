// Activation memory of training: what one transformer layer keeps for its backward pass, per
// micro-batch, following Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large
// Transformer Models", §4), generalized from GPT's fixed shapes to any architecture: GQA's smaller
// K and V, gated MLPs, models without dropout, FlashAttention (no stored score matrix).
// Korthikanti's GPT figure is s·b·h·(34 + 5·a·s/h) bytes per layer at 16-bit activations with
// dropout; tensor parallelism t splits 24 of the 34 (and the scores), sequence parallelism the rest.
import type { ModelArch } from './model-arch.js';
import type { Recompute } from './backward-graph.js';

export interface ActivationRequest {
  model: ModelArch;
  /** sequences in the micro-batch */
  microBatch: number;
  /** tokens per sequence on this device (the sequence length over context-parallel ranks) */
  seqLen: number;
  tp: number;
  sequenceParallel: boolean;
  recompute: Recompute;
  flashAttention: boolean;
  /** bytes per stored activation element (2 for fp16/bf16 training, fp8 still stores 16-bit copies) */
  activationBytes: number;
  /** dropout after attention and MLP (Megatron GPT recipes use it; Llama/MPT recipes do not) */
  dropout: boolean;
  /** tokens of the whole (unsplit) sequence each query may attend to: scores are s_q × s_kv */
  keyLen?: number;
}

export interface LayerActivations {
  /** bytes one layer keeps per micro-batch on one device */
  bytes: number;
  /** the parts, for reports */
  attention: number;
  mlp: number;
  norms: number;
  /** the s×s score terms (0 with FlashAttention or selective recomputation) */
  scores: number;
}

/**
 * Bytes one transformer layer stores for the backward pass. Parts split by tensor parallelism are
 * divided by t; with sequence parallelism the rest (norm inputs, dropout masks, block inputs) is
 * split along the sequence too. Full recomputation keeps only the layer input.
 */
export function layerActivationBytes(r: ActivationRequest): LayerActivations {
  const m = r.model;
  const { tp: t, activationBytes: a } = r;
  const tokens = r.microBatch * r.seqLen;
  const h = m.hidden;
  // parts not split by TP: split along the sequence with SP
  const unsplit = r.sequenceParallel ? 1 / t : 1;
  if (r.recompute === 'full') {
    // only the layer's input (Korthikanti §4.2: 2sbh, /t with SP)
    const bytes = tokens * h * a * unsplit;
    return { bytes, attention: 0, mlp: 0, norms: bytes, scores: 0 };
  }
  const mask = r.dropout ? tokens * h * 1 : 0; // 1-byte dropout mask per element
  const qCols = m.heads * m.headDim;
  const kvCols = m.kvHeads * m.headDim;
  // KV heads replicate when t exceeds them (GQA/MQA): each device keeps one
  const kvSplit = m.kvHeads >= t ? 1 / t : 1 / m.kvHeads;
  // attention block: QKV input, Q and K (for QKᵀ), V, output-projection input, dropout mask
  const attention =
    tokens * h * a * unsplit +
    tokens * (qCols / t + kvCols * kvSplit) * a +
    tokens * kvCols * kvSplit * a +
    (tokens * qCols * a) / t +
    mask * unsplit;
  // scores: softmax output (a bytes), dropout mask (1 byte), dropout output (a bytes) per pair;
  // FlashAttention and selective recomputation keep none of them
  const keys = r.keyLen ?? r.seqLen;
  const scores =
    r.flashAttention || r.recompute === 'selective'
      ? 0
      : ((r.microBatch * m.heads * r.seqLen * keys) / t) * (r.dropout ? 2 * a + 1 : a);
  // MLP: its input, then per ffn element the stored intermediates (plain: fc1 output and the
  // activation output; gated: gate, up and their product), and the dropout mask
  const ffn = m.moe
    ? m.moe.expertFfn * m.moe.topK + m.moe.sharedExperts * (m.moe.sharedExpertFfn ?? m.moe.expertFfn)
    : m.ffn;
  const intermediates = m.mlp === 'gated' ? 3 : 2;
  const mlp = tokens * h * a * unsplit + (tokens * ffn * intermediates * a) / t + mask * unsplit;
  // two norm inputs
  const norms = 2 * tokens * h * a * unsplit;
  return { bytes: attention + scores + mlp + norms, attention, mlp, norms, scores };
}

/**
 * Bytes the model's end keeps per micro-batch on the last pipeline stage: the logits and their
 * softmax in fp32 for the cross-entropy (Korthikanti: 4·s·b·v/t).
 */
export function logitsActivationBytes(m: ModelArch, microBatch: number, seqLen: number, tp: number): number {
  return (4 * microBatch * seqLen * m.vocab) / tp;
}
