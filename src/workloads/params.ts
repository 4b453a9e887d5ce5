// Parameter counts of an architecture, by part: what weights memory and FLOPs are built from.
import type { ModelArch } from './model-arch.js';

export interface ParamCounts {
  embedding: number;
  /** output projection; 0 when tied to the embedding */
  lmHead: number;
  /** learned absolute positions */
  positions: number;
  /** attention projections of all layers */
  attention: number;
  /** dense MLPs, routed experts, shared experts and routers of all layers */
  mlp: number;
  norms: number;
  /** routed expert weights of all MoE layers (part of mlp) */
  routedExperts: number;
  total: number;
  /** parameters one token's forward pass touches (MoE: top-k experts only) */
  activePerToken: number;
}

/** Weights of one MLP (gated: gate, up, down; plain: up, down), with biases if the model has them. */
function mlpParams(m: ModelArch, ffn: number): number {
  const mats = m.mlp === 'gated' ? 3 : 2;
  const bias = m.mlpBias ? (m.mlp === 'gated' ? 2 * ffn : ffn) + m.hidden : 0;
  return mats * m.hidden * ffn + bias;
}

export function countParams(m: ModelArch): ParamCounts {
  const q = m.heads * m.headDim;
  const kv = m.kvHeads * m.headDim;
  const bias = { none: 0, qkv: q + 2 * kv, qkvo: q + 2 * kv + m.hidden }[m.attentionBias];
  const attnPerLayer = m.hidden * (q + 2 * kv) + q * m.hidden + bias;
  const normParams = m.norm === 'layernorm' ? 2 * m.hidden : m.hidden;
  // two norms per layer (a parallel block shares one input norm in GPT-J, but NeoX keeps two)
  const norms = m.layers * 2 * normParams + normParams;

  // every `layerInterval`-th layer is MoE, counting from the first
  const moeLayers = m.moe ? Math.ceil(m.layers / m.moe.layerInterval) : 0;
  const denseMlp = (m.layers - moeLayers) * mlpParams(m, m.ffn);
  let mlp = denseMlp;
  let mlpActive = denseMlp;
  let routedExperts = 0;
  if (m.moe) {
    const e = mlpParams(m, m.moe.expertFfn);
    const shared = m.moe.sharedExperts * mlpParams(m, m.moe.sharedExpertFfn ?? m.moe.expertFfn);
    const router = m.hidden * m.moe.experts;
    routedExperts = moeLayers * m.moe.experts * e;
    mlp += moeLayers * (m.moe.experts * e + shared + router);
    mlpActive += moeLayers * (m.moe.topK * e + shared + router);
  }
  const embedding = m.vocab * m.hidden;
  const lmHead = m.tiedEmbeddings ? 0 : m.vocab * m.hidden;
  const positions = m.position === 'learned' ? m.maxSeqLen * m.hidden : 0;
  const attention = m.layers * attnPerLayer;
  const total = embedding + lmHead + positions + attention + mlp + norms;
  return {
    embedding,
    lmHead,
    positions,
    attention,
    mlp,
    norms,
    routedExperts,
    total,
    activePerToken: total - mlp + mlpActive,
  };
}

// parameter counts are asked for on every evaluation of a plan search: count each model once
const paramCache = new WeakMap<ModelArch, ParamCounts>();

/** countParams, remembered per architecture object (searches evaluate thousands of plans of one model). */
export function cachedParamCounts(m: ModelArch): ParamCounts {
  let p = paramCache.get(m);
  if (p === undefined) paramCache.set(m, (p = countParams(m)));
  return p;
}
