// Consistency checks of a ModelArch, wherever it came from (catalog, config.json, validation case).
import { InputError } from '../errors.js';
import type { ModelArch } from './model-arch.js';

/** Throws InputError naming the field when the architecture cannot be a real model. */
export function checkModelArch(m: ModelArch, where: string): void {
  const fail = (msg: string): never => {
    throw new InputError(`${where}: model "${m.name}": ${msg}`);
  };
  for (const key of ['layers', 'hidden', 'heads', 'kvHeads', 'headDim', 'ffn', 'vocab', 'maxSeqLen'] as const) {
    const v = m[key];
    if (!Number.isInteger(v) || v <= 0) fail(`"${key}" must be a positive integer, got ${String(v)}`);
  }
  if (m.heads % m.kvHeads !== 0) fail(`"heads" (${m.heads}) must be a multiple of "kvHeads" (${m.kvHeads})`);
  if (m.slidingWindow !== undefined && (!Number.isInteger(m.slidingWindow) || m.slidingWindow <= 0))
    fail(`"slidingWindow" must be a positive integer`);
  if (m.moe) {
    const { experts, topK, sharedExperts, expertFfn, layerInterval } = m.moe;
    if (!Number.isInteger(experts) || experts < 2) fail('"moe.experts" must be an integer ≥ 2');
    if (!Number.isInteger(topK) || topK < 1 || topK > experts) fail(`"moe.topK" must be between 1 and ${experts}`);
    if (!Number.isInteger(sharedExperts) || sharedExperts < 0) fail('"moe.sharedExperts" must be ≥ 0');
    if (!Number.isInteger(expertFfn) || expertFfn <= 0) fail('"moe.expertFfn" must be a positive integer');
    if (!Number.isInteger(layerInterval) || layerInterval < 1) fail('"moe.layerInterval" must be ≥ 1');
  }
}
