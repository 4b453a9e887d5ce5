// FLOPs of a training step by the convention most published MFU figures use (PaLM, Chowdhery et
// al. 2022, App. B; Megatron-LM's Eq. 3 is the same with the recomputed forward added):
// per token 6·N for the matmul parameters N (forward 2N, activation gradients 2N, weight gradients
// 2N) plus 12·L·d·s for attention scores and context over the whole s × s matrix (not halved for
// the causal mask). Model FLOPs exclude recomputation (MFU); hardware FLOPs include it (HFU).
import type { ModelArch } from '../workloads/model-arch.js';
import type { Recompute } from '../workloads/backward-graph.js';
import { cachedParamCounts } from '../workloads/params.js';
import { peftTrainableParams, type PeftSpec } from '../workloads/peft.js';

export interface TrainingFlops {
  /** model FLOPs of one step (what MFU counts) */
  model: number;
  /** with the recomputed forward work (what HFU counts) */
  hardware: number;
}

/** Matmul parameters one token passes through: active weights without embedding lookups, with the output head. */
function matmulParams(m: ModelArch): { total: number; head: number } {
  const c = cachedParamCounts(m);
  const head = m.vocab * m.hidden;
  return { total: c.activePerToken - c.embedding - c.positions - c.norms + (m.tiedEmbeddings ? head : 0), head };
}

export function trainingFlops(
  m: ModelArch,
  seqLen: number,
  sequences: number,
  recompute: Recompute,
  peft?: PeftSpec,
): TrainingFlops {
  const tokens = sequences * seqLen;
  const { total, head } = matmulParams(m);
  const keys = m.slidingWindow ? Math.min(seqLen, m.slidingWindow) : seqLen;
  // forward attention per token: QKᵀ and scores·V, 2 FLOPs per multiply-add each, over all heads
  const attentionForward = 4 * m.layers * m.heads * m.headDim * keys;
  // frozen weights get no weight gradients (PEFT): 4 FLOPs per base parameter, 6 per trainable one
  const matmul = peft ? 4 * total + 6 * peftTrainableParams(m, peft) : 6 * total;
  const model = tokens * (matmul + 3 * attentionForward);
  const layerForward = 2 * (total - head);
  const recomputed =
    recompute === 'full' ? layerForward + attentionForward : recompute === 'selective' ? attentionForward : 0;
  return { model, hardware: model + tokens * recomputed };
}
