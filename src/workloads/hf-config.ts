// Hugging Face config.json → ModelArch, for the families llmsim knows. Every field of the file
// is either used, or known not to change the cost model (listed below with the reason); any
// other field is an error that names it, so a new architecture feature is never silently dropped.
import { InputError } from '../errors.js';
import { closest } from '../util/did-you-mean.js';
import type { Activation, ModelArch } from './model-arch.js';
import { checkModelArch } from './model-check.js';

type Json = Record<string, unknown>;

/** Fields that never change FLOPs, bytes or shapes: tokens ids, init, dropout, numerics, bookkeeping. */
const COST_NEUTRAL = new Set([
  '_name_or_path',
  'architectures',
  'model_type',
  'transformers_version',
  'torch_dtype',
  'dtype',
  'bos_token_id',
  'eos_token_id',
  'pad_token_id',
  'sep_token_id',
  'decoder_start_token_id',
  'prefix',
  'initializer_range',
  'initializer_factor',
  'rms_norm_eps',
  'layer_norm_eps',
  'layer_norm_epsilon',
  'use_cache',
  'attention_dropout',
  'activation_dropout',
  'hidden_dropout',
  'hidden_dropout_prob',
  'attention_probs_dropout_prob',
  'dropout',
  'attn_pdrop',
  'embd_pdrop',
  'resid_pdrop',
  'summary_type',
  'summary_use_proj',
  'summary_activation',
  'summary_proj_to_labels',
  'summary_first_dropout',
  'task_specific_params',
  'rope_theta',
  'rope_scaling', // changes position values, not the work
  'rotary_emb_base',
  'pretraining_tp', // a numerics detail of Llama-2's checkpoint
  'scale_attn_weights',
  'scale_attn_by_inverse_layer_idx',
  'reorder_and_upcast_attn',
  'router_aux_loss_coef',
  'router_jitter_noise',
  'output_router_logits',
  'attention_softmax_in_fp32',
  'classifier_dropout',
  'init_std',
  'layerdrop',
  'use_bfloat16',
  'gradient_checkpointing',
  'bias_dropout_fusion',
  'is_decoder',
  'tokenizer_class',
  'n_ctx', // GPT-2 duplicate of n_positions
  'mlp_bias_dropout',
  '_remove_final_layer_norm', // OPT-350m checkpoint detail
  'quantization_config', // weight precision is a flag (--weight-bits), not architecture
]);

interface Family {
  name: string;
  /** fields this family reads; the rest must be cost-neutral */
  fields: string[];
  read(c: Json, get: Getter): Omit<ModelArch, 'name' | 'source'>;
}

interface Getter {
  int(key: string, fallback?: number): number;
  num(key: string, fallback?: number): number;
  bool(key: string, fallback?: boolean): boolean;
  str(key: string, fallback?: string): string;
  optionalInt(key: string): number | undefined;
}

function activationOf(value: string, key: string, file: string): Activation {
  const map: Record<string, Activation> = {
    silu: 'silu',
    swish: 'silu',
    gelu: 'gelu',
    gelu_new: 'gelu_tanh',
    gelu_pytorch_tanh: 'gelu_tanh',
    gelu_fast: 'gelu_tanh',
    relu: 'relu',
  };
  const a = map[value];
  if (!a)
    throw new InputError(
      `${file}: "${key}": "${value}" is not an activation llmsim knows (${Object.keys(map).join(', ')})`,
    );
  return a;
}

const LLAMA_FIELDS = [
  'hidden_size',
  'intermediate_size',
  'num_hidden_layers',
  'num_attention_heads',
  'num_key_value_heads',
  'head_dim',
  'vocab_size',
  'max_position_embeddings',
  'hidden_act',
  'tie_word_embeddings',
  'attention_bias',
  'mlp_bias',
];

function llamaLike(c: Json, g: Getter, family: string, file: string) {
  const hidden = g.int('hidden_size');
  const heads = g.int('num_attention_heads');
  return {
    family,
    layers: g.int('num_hidden_layers'),
    hidden,
    heads,
    kvHeads: g.int('num_key_value_heads', heads),
    headDim: g.optionalInt('head_dim') ?? hidden / heads,
    ffn: g.int('intermediate_size'),
    vocab: g.int('vocab_size'),
    mlp: 'gated' as const,
    activation: activationOf(g.str('hidden_act', 'silu'), 'hidden_act', file),
    norm: 'rmsnorm' as const,
    position: 'rope' as const,
    tiedEmbeddings: g.bool('tie_word_embeddings', false),
    attentionBias: g.bool('attention_bias', false) ? ('qkvo' as const) : ('none' as const),
    mlpBias: g.bool('mlp_bias', false),
    parallelBlock: false,
    maxSeqLen: g.int('max_position_embeddings'),
  };
}

function slidingWindow(c: Json, g: Getter): { slidingWindow?: number } {
  if (c.use_sliding_window === false) return {};
  const w = c.sliding_window === null || c.sliding_window === undefined ? undefined : g.int('sliding_window');
  return w === undefined ? {} : { slidingWindow: w };
}

function families(file: string): Record<string, Family> {
  return {
    LlamaForCausalLM: { name: 'llama', fields: LLAMA_FIELDS, read: (c, g) => llamaLike(c, g, 'llama', file) },
    MistralForCausalLM: {
      name: 'mistral',
      fields: [...LLAMA_FIELDS, 'sliding_window'],
      read: (c, g) => ({ ...llamaLike(c, g, 'mistral', file), ...slidingWindow(c, g) }),
    },
    MixtralForCausalLM: {
      name: 'mixtral',
      fields: [...LLAMA_FIELDS, 'sliding_window', 'num_local_experts', 'num_experts_per_tok'],
      read: (c, g) => {
        const base = llamaLike(c, g, 'mixtral', file);
        return {
          ...base,
          ...slidingWindow(c, g),
          moe: {
            experts: g.int('num_local_experts'),
            topK: g.int('num_experts_per_tok'),
            sharedExperts: 0,
            expertFfn: base.ffn,
            layerInterval: 1,
          },
        };
      },
    },
    Qwen2ForCausalLM: {
      name: 'qwen2',
      fields: [...LLAMA_FIELDS, 'sliding_window', 'use_sliding_window', 'max_window_layers'],
      read: (c, g) => {
        // Qwen2 puts biases on the q, k and v projections, not on o
        const base = { ...llamaLike(c, g, 'qwen2', file), attentionBias: 'qkv' as const };
        if (c.use_sliding_window === true) {
          const w = g.int('sliding_window');
          const full = g.int('max_window_layers', base.layers);
          if (full < base.layers)
            throw new InputError(
              `${file}: "use_sliding_window" with "max_window_layers" ${full} < ${base.layers} layers (mixed window per layer) is not supported`,
            );
          return { ...base, slidingWindow: w };
        }
        return base;
      },
    },
    GemmaForCausalLM: {
      name: 'gemma',
      fields: [...LLAMA_FIELDS, 'hidden_activation'],
      read: (c, g) => ({
        ...llamaLike(c, g, 'gemma', file),
        activation: activationOf(
          g.str('hidden_activation', g.str('hidden_act', 'gelu_pytorch_tanh')),
          'hidden_activation',
          file,
        ),
        tiedEmbeddings: g.bool('tie_word_embeddings', true),
      }),
    },
    GPT2LMHeadModel: {
      name: 'gpt2',
      fields: [
        'n_embd',
        'n_layer',
        'n_head',
        'n_inner',
        'vocab_size',
        'n_positions',
        'activation_function',
        'tie_word_embeddings',
      ],
      read: (c, g) => {
        const hidden = g.int('n_embd');
        const heads = g.int('n_head');
        return {
          family: 'gpt2',
          layers: g.int('n_layer'),
          hidden,
          heads,
          kvHeads: heads,
          headDim: hidden / heads,
          ffn: c.n_inner === null || c.n_inner === undefined ? 4 * hidden : g.int('n_inner'),
          vocab: g.int('vocab_size'),
          mlp: 'plain',
          activation: activationOf(g.str('activation_function', 'gelu_new'), 'activation_function', file),
          norm: 'layernorm',
          position: 'learned',
          tiedEmbeddings: g.bool('tie_word_embeddings', true),
          attentionBias: 'qkvo',
          mlpBias: true,
          parallelBlock: false,
          maxSeqLen: g.int('n_positions'),
        };
      },
    },
    GPTNeoXForCausalLM: {
      name: 'gpt-neox',
      fields: [
        'hidden_size',
        'intermediate_size',
        'num_hidden_layers',
        'num_attention_heads',
        'vocab_size',
        'max_position_embeddings',
        'hidden_act',
        'rotary_pct',
        'use_parallel_residual',
        'tie_word_embeddings',
        'attention_bias',
      ],
      read: (c, g) => {
        const hidden = g.int('hidden_size');
        const heads = g.int('num_attention_heads');
        return {
          family: 'gpt-neox',
          layers: g.int('num_hidden_layers'),
          hidden,
          heads,
          kvHeads: heads,
          headDim: hidden / heads,
          ffn: g.int('intermediate_size'),
          vocab: g.int('vocab_size'),
          mlp: 'plain',
          activation: activationOf(g.str('hidden_act', 'gelu'), 'hidden_act', file),
          norm: 'layernorm',
          position: 'rope',
          tiedEmbeddings: g.bool('tie_word_embeddings', false),
          attentionBias: g.bool('attention_bias', true) ? 'qkvo' : 'none',
          mlpBias: true,
          parallelBlock: g.bool('use_parallel_residual', true),
          maxSeqLen: g.int('max_position_embeddings'),
        };
      },
    },
    OPTForCausalLM: {
      name: 'opt',
      fields: [
        'hidden_size',
        'ffn_dim',
        'num_hidden_layers',
        'num_attention_heads',
        'vocab_size',
        'max_position_embeddings',
        'activation_function',
        'do_layer_norm_before',
        'word_embed_proj_dim',
        'enable_bias',
        'layer_norm_elementwise_affine',
        'tie_word_embeddings',
      ],
      read: (c, g) => {
        const hidden = g.int('hidden_size');
        const heads = g.int('num_attention_heads');
        const proj = g.optionalInt('word_embed_proj_dim');
        if (proj !== undefined && proj !== hidden) {
          throw new InputError(
            `${file}: "word_embed_proj_dim" ${proj} differs from "hidden_size" ${hidden} (an embedding projection, as in OPT-350m) and is not supported`,
          );
        }
        return {
          family: 'opt',
          layers: g.int('num_hidden_layers'),
          hidden,
          heads,
          kvHeads: heads,
          headDim: hidden / heads,
          ffn: g.int('ffn_dim'),
          vocab: g.int('vocab_size'),
          mlp: 'plain',
          activation: activationOf(g.str('activation_function', 'relu'), 'activation_function', file),
          norm: 'layernorm',
          position: 'learned',
          tiedEmbeddings: g.bool('tie_word_embeddings', true),
          attentionBias: g.bool('enable_bias', true) ? 'qkvo' : 'none',
          mlpBias: g.bool('enable_bias', true),
          parallelBlock: false,
          maxSeqLen: g.int('max_position_embeddings'),
        };
      },
    },
  };
}

function getter(c: Json, file: string): Getter {
  const bad = (key: string, want: string): never => {
    throw new InputError(`${file}: "${key}" must be ${want}, got ${JSON.stringify(c[key])}`);
  };
  const missing = (key: string): never => {
    throw new InputError(`${file}: missing required field "${key}"`);
  };
  const has = (key: string) => c[key] !== undefined && c[key] !== null;
  return {
    int(key, fallback) {
      if (!has(key)) return fallback ?? missing(key);
      const v = c[key];
      return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : bad(key, 'a positive integer');
    },
    num(key, fallback) {
      if (!has(key)) return fallback ?? missing(key);
      const v = c[key];
      return typeof v === 'number' && Number.isFinite(v) ? v : bad(key, 'a number');
    },
    bool(key, fallback) {
      if (!has(key)) return fallback ?? missing(key);
      const v = c[key];
      return typeof v === 'boolean' ? v : bad(key, 'true or false');
    },
    str(key, fallback) {
      if (!has(key)) return fallback ?? missing(key);
      const v = c[key];
      return typeof v === 'string' ? v : bad(key, 'a string');
    },
    optionalInt(key) {
      return has(key) ? this.int(key) : undefined;
    },
  };
}

/** Architectures a config.json may declare, for messages and docs. */
export const SUPPORTED_HF_ARCHITECTURES = Object.keys(families(''));

/** Imports a parsed config.json; `file` names it in errors, `name` becomes the model name. */
export function modelFromHfConfig(config: unknown, file: string, name: string): ModelArch {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InputError(`${file}: a Hugging Face config.json is a JSON object`);
  }
  const c = config as Json;
  const archs = c.architectures;
  const arch = Array.isArray(archs) && typeof archs[0] === 'string' ? archs[0] : undefined;
  const fams = families(file);
  if (!arch) {
    throw new InputError(`${file}: no "architectures" field; llmsim reads ${SUPPORTED_HF_ARCHITECTURES.join(', ')}`);
  }
  const fam = fams[arch];
  if (!fam) {
    const near = closest(arch, SUPPORTED_HF_ARCHITECTURES, 2);
    throw new InputError(
      `${file}: architecture "${arch}" is not supported${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}; llmsim reads ${SUPPORTED_HF_ARCHITECTURES.join(', ')}`,
    );
  }
  const known = new Set(fam.fields);
  const unsupported = Object.keys(c).filter((k) => !known.has(k) && !COST_NEUTRAL.has(k));
  if (unsupported.length) {
    throw new InputError(
      `${file}: unsupported field(s) for ${arch}: ${unsupported.map((k) => `"${k}"`).join(', ')}. llmsim does not know how they change the architecture, so it will not guess.`,
    );
  }
  const arch2: ModelArch = { name, source: file, ...fam.read(c, getter(c, file)) };
  checkModelArch(arch2, file);
  return arch2;
}
