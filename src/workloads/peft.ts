// Parameter-efficient fine-tuning: which parameters train, what extra work the adapters add, and
// how the frozen base is stored. Methods as surveyed in LLM-Adapters (Hu et al. 2023):
// - LoRA (Hu et al. 2021): W + B·A on chosen projections, A [in×r], B [r×out];
//   QLoRA (Dettmers et al. 2023): the same on a 4-bit NF4 base (4 + 0.127 bits per weight with
//   double quantization, §3 of the paper), dequantized to bf16 in each matmul;
// - bottleneck adapters: series (Houlsby et al. 2019: after attention and after the MLP) or
//   parallel (He et al. 2022: beside the MLP), h → r → h with a nonlinearity;
// - prefix tuning (Li & Liang 2021): p trainable key/value positions in every layer;
// - prompt tuning (Lester et al. 2021): p trainable input embeddings (the sequence grows by p).
// The base never gets weight gradients, but activation gradients still flow through it.
import { InputError } from '../errors.js';
import { unknownNameMessage } from '../util/did-you-mean.js';
import type { ModelArch } from './model-arch.js';
import type { NumericFormat } from './precision.js';
import type { Op } from './ops.js';
import type { TpShard } from '../parallelism/tensor-parallel.js';
import { elementwise, matmul, type OpContext } from './op-builders.js';

export type PeftSpec =
  | { method: 'lora'; rank: number; targets: LoraTarget[]; baseBits?: number }
  | { method: 'adapter'; rank: number; placement: 'series' | 'parallel' }
  | { method: 'prefix'; tokens: number }
  | { method: 'prompt'; tokens: number };

export const LORA_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];

/** Hugging Face PEFT's default LoRA targets for Llama-style models (q_proj, v_proj). */
export const DEFAULT_LORA_TARGETS: LoraTarget[] = ['q_proj', 'v_proj'];
/** NF4 with double-quantized block constants: 4 + 0.127 bits per weight (QLoRA §3). */
export const QLORA_BASE_BITS = 4.127;

const METHODS = ['lora', 'qlora', 'adapter', 'prefix', 'prompt'] as const;

function fieldsOf(spec: string, text: string, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text ? text.split(',') : []) {
    const [key, value] = part.split('=');
    if (!key || value === undefined || value === '') {
      throw new InputError(`--peft ${spec}: expected key=value, got '${part}'`);
    }
    if (!allowed.includes(key)) throw new InputError(`--peft ${spec}: ${unknownNameMessage('option', key, allowed)}`);
    out.set(key, value);
  }
  return out;
}

function positiveInt(spec: string, key: string, v: string | undefined, fallback?: number): number {
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw new InputError(`--peft ${spec}: ${key}=<n> is required`);
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`--peft ${spec}: ${key} must be a positive integer, got '${v}'`);
  return n;
}

/**
 * Parses `lora:r=16[,targets=q_proj+v_proj]`, `qlora:r=64[,targets=...]`,
 * `adapter:r=64[,placement=series|parallel]`, `prefix:tokens=30`, `prompt:tokens=20`.
 */
export function parsePeft(spec: string): PeftSpec {
  const [method = '', rest = ''] = spec.split(/:(.*)/s);
  switch (method) {
    case 'lora':
    case 'qlora': {
      const f = fieldsOf(spec, rest, ['r', 'targets']);
      const targets = (f.get('targets')?.split('+') ?? DEFAULT_LORA_TARGETS).map((t) => {
        if (t === 'all') return [...LORA_TARGETS];
        if (!(LORA_TARGETS as readonly string[]).includes(t)) {
          throw new InputError(`--peft ${spec}: ${unknownNameMessage('LoRA target', t, [...LORA_TARGETS, 'all'])}`);
        }
        return [t as LoraTarget];
      });
      return {
        method: 'lora',
        rank: positiveInt(spec, 'r', f.get('r'), 8),
        targets: [...new Set(targets.flat())],
        ...(method === 'qlora' && { baseBits: QLORA_BASE_BITS }),
      };
    }
    case 'adapter': {
      const f = fieldsOf(spec, rest, ['r', 'placement']);
      const placement = f.get('placement') ?? 'series';
      if (placement !== 'series' && placement !== 'parallel') {
        throw new InputError(`--peft ${spec}: placement must be series or parallel, got '${placement}'`);
      }
      return { method: 'adapter', rank: positiveInt(spec, 'r', f.get('r'), 64), placement };
    }
    case 'prefix':
    case 'prompt': {
      const f = fieldsOf(spec, rest, ['tokens']);
      return { method, tokens: positiveInt(spec, 'tokens', f.get('tokens')) };
    }
    default:
      throw new InputError(`--peft: ${unknownNameMessage('method', method, METHODS)} (e.g. lora:r=16)`);
  }
}

/** [in, out] of a LoRA target on the whole (unsharded) model. */
function targetShape(m: ModelArch, t: LoraTarget): [number, number] {
  const q = m.heads * m.headDim;
  const kv = m.kvHeads * m.headDim;
  const ffn = m.ffn;
  switch (t) {
    case 'q_proj':
      return [m.hidden, q];
    case 'k_proj':
    case 'v_proj':
      return [m.hidden, kv];
    case 'o_proj':
      return [q, m.hidden];
    case 'gate_proj':
    case 'up_proj':
      return [m.hidden, ffn];
    case 'down_proj':
      return [ffn, m.hidden];
  }
}

/** Trainable parameters of the whole model under the PEFT method. */
export function peftTrainableParams(m: ModelArch, p: PeftSpec): number {
  switch (p.method) {
    case 'lora':
      return (
        m.layers *
        p.targets
          .filter((t) => m.mlp === 'gated' || t !== 'gate_proj')
          .reduce((s, t) => {
            const [i, o] = targetShape(m, t);
            return s + p.rank * (i + o);
          }, 0)
      );
    case 'adapter':
      // down [h×r] + bias r, up [r×h] + bias h, per adapter
      return m.layers * (p.placement === 'series' ? 2 : 1) * (2 * m.hidden * p.rank + p.rank + m.hidden);
    case 'prefix':
      return m.layers * 2 * p.tokens * m.kvHeads * m.headDim;
    case 'prompt':
      return p.tokens * m.hidden;
  }
}

/** Bits per frozen base weight: QLoRA's NF4, else the run's weight width. */
export function baseWeightBits(p: PeftSpec | undefined, format: NumericFormat): number {
  return p?.method === 'lora' && p.baseBits !== undefined ? p.baseBits : format.weightBits;
}

/**
 * Forward ops the adapters add to each layer (count = layers of the graph), sharded like the
 * projection they sit on: a column-parallel target splits B's output, a row-parallel one A's input.
 * Their backward (activation and weight gradients, both trainable) is derived like any op's.
 */
export function peftLayerOps(m: ModelArch, tokens: number, p: PeftSpec, shard: TpShard, ctx: OpContext): Op[] {
  const ops: Op[] = [];
  const adapterCtx: OpContext = { ...ctx, format: { ...ctx.format, weightBits: ctx.format.activationBits } };
  if (p.method === 'lora') {
    for (const t of p.targets) {
      if (t === 'gate_proj' && m.mlp !== 'gated') continue;
      const [i, o] = targetShape(m, t);
      const rowParallel = t === 'o_proj' || t === 'down_proj';
      const inDev = rowParallel ? i / shard.tp : i;
      const outDev = rowParallel ? o : o / shard.tp;
      ops.push(
        matmul(adapterCtx, { name: `lora_${t}.a`, m: tokens, n: p.rank, k: inDev, weight: { bias: 0 } }),
        matmul(adapterCtx, { name: `lora_${t}.b`, m: tokens, n: outDev, k: p.rank, weight: { bias: 0 } }),
      );
    }
  } else if (p.method === 'adapter') {
    for (let i = 0; i < (p.placement === 'series' ? 2 : 1); i++) {
      // adapters work on the full hidden state, replicated over the TP group
      ops.push(
        matmul(adapterCtx, { name: `adapter${i}.down`, m: tokens, n: p.rank, k: m.hidden, weight: { bias: p.rank } }),
        elementwise(adapterCtx, { name: `adapter${i}.act`, elements: tokens * p.rank, flopsPerElement: 8 }),
        matmul(adapterCtx, { name: `adapter${i}.up`, m: tokens, n: m.hidden, k: p.rank, weight: { bias: m.hidden } }),
      );
    }
  }
  return ops;
}
