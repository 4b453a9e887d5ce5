// The architecture a case names: the catalog entry with the case's inline numbers on top, or,
// for a model the catalog lacks, the inline numbers with the family's conventions (README).
import { InputError } from '../errors.js';
import type { ModelArch } from '../workloads/model-arch.js';
import { findModel } from '../workloads/models.js';
import { checkModelArch } from '../workloads/model-check.js';
import type { ValidationCase } from './types.js';

const FAMILY: Record<'llama' | 'gpt', Pick<ModelArch, 'mlp' | 'activation' | 'norm' | 'position' | 'attentionBias' | 'mlpBias'>> = {
  llama: { mlp: 'gated', activation: 'silu', norm: 'rmsnorm', position: 'rope', attentionBias: 'none', mlpBias: false },
  gpt: { mlp: 'plain', activation: 'gelu', norm: 'layernorm', position: 'learned', attentionBias: 'qkvo', mlpBias: true },
};

export function modelForCase(c: ValidationCase): ModelArch {
  const m = c.model;
  let base: ModelArch | undefined;
  try {
    base = findModel(m.name);
  } catch {
    base = undefined;
  }
  const inline = Object.fromEntries(
    (['layers', 'hidden', 'heads', 'kvHeads', 'ffn', 'vocab'] as const).filter((k) => m[k] !== undefined).map((k) => [k, m[k]]),
  ) as Partial<ModelArch>;
  if (base) {
    const merged = { ...base, ...inline };
    if (inline.hidden !== undefined || inline.heads !== undefined) merged.headDim = merged.hidden / merged.heads;
    checkModelArch(merged, `case ${c.id}`);
    return merged;
  }
  const arch = m.arch === 'gpt' ? 'gpt' : m.arch === 'llama' ? 'llama' : undefined;
  const need = ['layers', 'hidden', 'heads', 'ffn', 'vocab'] as const;
  if (!arch || need.some((k) => m[k] === undefined)) {
    throw new InputError(`case ${c.id}: model "${m.name}" is not in the catalog and its inline architecture is incomplete`);
  }
  const made: ModelArch = {
    name: m.name,
    family: arch,
    layers: m.layers!,
    hidden: m.hidden!,
    heads: m.heads!,
    kvHeads: m.kvHeads ?? m.heads!,
    headDim: m.hidden! / m.heads!,
    ffn: m.ffn!,
    vocab: m.vocab!,
    ...FAMILY[arch],
    tiedEmbeddings: false,
    parallelBlock: false,
    maxSeqLen: 1 << 20,
    source: `inline architecture of case ${c.id}`,
  };
  checkModelArch(made, `case ${c.id}`);
  return made;
}
