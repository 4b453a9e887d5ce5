// Megatron-style tensor parallelism (Shoeybi et al. 2019): q/k/v, gate and up are split by
// columns (heads, ffn), o and down by rows, so each layer needs two all-reduces of the hidden
// state in the forward pass — or, with sequence parallelism (Korthikanti et al. 2022), a
// reduce-scatter and an all-gather each, with norms and residuals split along the sequence.
// MoE layers may split the TP group into `ep` expert-parallel ranks, each holding E/ep whole
// experts sharded tp/ep ways (TensorRT-LLM's moe_ep_size × moe_tp_size = tp): tokens are already
// on every device of the group, so the combine is the same all-reduce and no all-to-all is needed.
// `ep` may also be a multiple of tp (wide expert parallelism, DeepSeek-style): the experts are
// spread over the TP groups of ep/tp data-parallel replicas, each device holds E/ep whole experts,
// and every MoE layer dispatches and combines its tokens with two all-to-alls over the EP group.
import { InputError } from '../errors.js';
import type { ModelArch } from '../workloads/model-arch.js';

export interface TpShard {
  tp: number;
  sequenceParallel: boolean;
  headsPerDevice: number;
  /** KV heads each device holds; replicated when tp exceeds the KV head count (GQA/MQA) */
  kvHeadsPerDevice: number;
  ffnPerDevice: number;
  expertFfnPerDevice: number;
  /** expert-parallel ranks: a divisor of tp (inside the TP group) or a multiple (across replicas) */
  ep: number;
  /** replicas whose tokens meet in one EP group (ep/tp when ep > tp, else 1) */
  epReplicas: number;
  /** routed experts each device holds */
  expertsPerDevice: number;
  /** vocabulary-parallel embedding and lm_head */
  vocabPerDevice: number;
}

/** Checks that `tp` divides the model evenly and returns each device's share. */
export function shardForTp(m: ModelArch, tp: number, sequenceParallel = false, ep = 1): TpShard {
  if (!Number.isInteger(tp) || tp < 1) throw new InputError(`--tp must be a positive integer, got ${tp}`);
  const fail = (what: string, n: number): never => {
    throw new InputError(`--tp ${tp} does not divide ${m.name}'s ${what} (${n}); choose a divisor of ${n}`);
  };
  if (m.heads % tp !== 0) fail('attention heads', m.heads);
  if (m.kvHeads % tp !== 0 && tp % m.kvHeads !== 0) fail('KV heads', m.kvHeads);
  if (m.ffn % tp !== 0) fail('MLP size', m.ffn);
  if (!Number.isInteger(ep) || ep < 1) throw new InputError(`--ep must be a positive integer, got ${ep}`);
  if (ep > 1 && !m.moe) throw new InputError(`--ep ${ep}: ${m.name} has no experts`);
  if (tp % ep !== 0 && ep % tp !== 0) {
    throw new InputError(
      `--ep ${ep} must divide --tp ${tp} (experts inside the TP group) or be a multiple of it (across replicas)`,
    );
  }
  if (m.moe && m.moe.experts % ep !== 0) fail('experts (by --ep)', m.moe.experts);
  // inside the TP group each expert is sharded tp/ep ways; across replicas experts stay whole
  const expertTp = ep <= tp ? tp / ep : 1;
  if (m.moe && m.moe.expertFfn % expertTp !== 0) fail('expert MLP size', m.moe.expertFfn);
  return {
    tp,
    sequenceParallel: sequenceParallel && tp > 1,
    headsPerDevice: m.heads / tp,
    kvHeadsPerDevice: Math.max(1, m.kvHeads / tp),
    ffnPerDevice: m.ffn / tp,
    expertFfnPerDevice: (m.moe?.expertFfn ?? m.ffn) / expertTp,
    ep,
    epReplicas: ep > tp ? ep / tp : 1,
    expertsPerDevice: (m.moe?.experts ?? 0) / ep,
    vocabPerDevice: Math.ceil(m.vocab / tp),
  };
}
