// The built-in model catalog, as data. Every entry names its source (a Hugging Face config.json
// or a paper table) and says in `notes` what was assumed or where sources disagree. Validation
// cases (validation/*.json) that name a model with inline dims must agree with the entry here.
import type { ModelArch } from './model-arch.js';

// ── shared shapes ──────────────────────────────────────────────────────────────────────────

/** Llama-style decoder: SwiGLU MLP, RMSNorm, RoPE, no biases, untied output head. */
const LLAMA = {
  mlp: 'gated',
  activation: 'silu',
  norm: 'rmsnorm',
  position: 'rope',
  tiedEmbeddings: false,
  attentionBias: 'none',
  mlpBias: false,
  parallelBlock: false,
} as const;

/** Megatron-LM / NeMo GPT: plain GeLU MLP, LayerNorm, learned absolute positions, biases, tied head. */
const MEGATRON_GPT = {
  family: 'gpt',
  mlp: 'plain',
  activation: 'gelu',
  norm: 'layernorm',
  position: 'learned',
  tiedEmbeddings: true,
  attentionBias: 'qkvo',
  mlpBias: true,
  parallelBlock: false,
} as const;

/** A Megatron-style GPT of the given depth/width: ffn = 4h, head dim = hidden / heads. */
function megatronGpt(
  name: string,
  layers: number,
  hidden: number,
  heads: number,
  vocab: number,
  maxSeqLen: number,
  source: string,
  notes: string,
): ModelArch {
  return {
    name,
    ...MEGATRON_GPT,
    layers,
    hidden,
    heads,
    kvHeads: heads,
    headDim: hidden / heads,
    ffn: 4 * hidden,
    vocab,
    maxSeqLen,
    source,
    notes,
  };
}

const NARAYANAN_2021 =
  'Narayanan et al. 2021, "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM" (arXiv 2104.04473), Table 1';
const NARAYANAN_NOTES =
  "Table 1 gives layers, hidden size and attention heads; vocab 51200 (GPT-2 BPE padded by Megatron) and seq 2048 are stated in the paper's text (§5.1); ffn = 4h is Megatron's default and what the paper's FLOP count (Eq. 3) assumes. Megatron GPT: GeLU MLP, LayerNorm, learned positions, biases, output head tied to the embedding.";

const ONEFLOW_DLPERF =
  'OneFlow DLPerf GPT report (github.com/Oneflow-Inc/DLPerf reports/GPT/dlperf_gpt_test_report_210512.md) and its Megatron-LM test-case table (DLPerf Megatron-LM/README.md, column num-attention-heads)';
const ONEFLOW_NOTES =
  "The report itself gives only hidden size and layers (case name <hidden>x<layers>), vocab 51200 and seq 2048; ffn = 4h is Megatron-LM's default. Heads are NOT in the report: they come from the run table in DLPerf's Megatron-LM/README.md (scripts run Megatron-LM commit 8aa4619). They are not hidden/64 for the larger cases (head dim 96): hidden/64 would give 36 or 48 heads, which the tp=8/16/32 runs of the same cases could not split. The size in each name is the parameter count in units of 2^30 (e.g. gpt-1.539b: 1.652e9 parameters = 1.539·2^30), which these dims reproduce for all five.";

const MPT_NOTES =
  "llm-foundry scripts/train/yamls/pretrain config, as run for scripts/train/benchmarking/README.md: vocab 50368, max_seq_len 2048, expansion_ratio 4. Those yamls leave MPTConfig defaults in place: learned positional embeddings (attn_config.alibi defaults to false) and biases on (no_bias defaults to false), LayerNorm with bias, tied output head. The README's NumParams column confirms it: it grows with the sequence length (learned positions) and equals 12h²L + 13hL + 50368h + seq·h + 2h exactly (the 13h per layer are the qkv/out/up/down biases and two LayerNorms with bias). The released Hugging Face MPT checkpoints (mosaicml/mpt-7b etc.) differ: ALiBi, no_bias, vocab 50432. maxSeqLen is the yaml default 2048; benchmark rows at other lengths set max_seq_len to that length.";

function mpt(name: string, layers: number, hidden: number, heads: number, yaml: string): ModelArch {
  return {
    name,
    family: 'mpt',
    layers,
    hidden,
    heads,
    kvHeads: heads,
    headDim: hidden / heads,
    ffn: 4 * hidden,
    vocab: 50368,
    mlp: 'plain',
    activation: 'gelu',
    norm: 'layernorm',
    position: 'learned',
    tiedEmbeddings: true,
    attentionBias: 'qkvo',
    mlpBias: true,
    parallelBlock: false,
    maxSeqLen: 2048,
    source: `github.com/mosaicml/llm-foundry scripts/train/yamls/pretrain/${yaml}`,
    notes: MPT_NOTES,
  };
}

// ── the catalog ─────────────────────────────────────────────────────────────────────────────

export const MODEL_CATALOG: readonly ModelArch[] = [
  // Llama 2
  {
    name: 'llama-2-7b',
    family: 'llama',
    ...LLAMA,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 32,
    headDim: 128,
    ffn: 11008,
    vocab: 32000,
    maxSeqLen: 4096,
    source: 'https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json',
  },
  {
    name: 'llama-2-13b',
    family: 'llama',
    ...LLAMA,
    layers: 40,
    hidden: 5120,
    heads: 40,
    kvHeads: 40,
    headDim: 128,
    ffn: 13824,
    vocab: 32000,
    maxSeqLen: 4096,
    source: 'https://huggingface.co/meta-llama/Llama-2-13b-hf/blob/main/config.json',
  },
  {
    name: 'llama-2-70b',
    family: 'llama',
    ...LLAMA,
    layers: 80,
    hidden: 8192,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    ffn: 28672,
    vocab: 32000,
    maxSeqLen: 4096,
    source: 'https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json',
  },
  // Llama 3 / 3.1 / 3.3
  {
    name: 'llama-3-8b',
    family: 'llama',
    ...LLAMA,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14336,
    vocab: 128256,
    maxSeqLen: 8192,
    source: 'https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json',
  },
  {
    name: 'llama-3-70b',
    family: 'llama',
    ...LLAMA,
    layers: 80,
    hidden: 8192,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    ffn: 28672,
    vocab: 128256,
    maxSeqLen: 8192,
    source: 'https://huggingface.co/meta-llama/Meta-Llama-3-70B/blob/main/config.json',
  },
  {
    name: 'llama-3.1-8b',
    family: 'llama',
    ...LLAMA,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14336,
    vocab: 128256,
    maxSeqLen: 131072,
    source: 'https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json',
    notes:
      'Same shapes as Llama 3 8B; context extended to 128K (max_position_embeddings 131072, rope_scaling type llama3 from an original 8192).',
  },
  {
    name: 'llama-3.1-70b',
    family: 'llama',
    ...LLAMA,
    layers: 80,
    hidden: 8192,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    ffn: 28672,
    vocab: 128256,
    maxSeqLen: 131072,
    source: 'https://huggingface.co/meta-llama/Llama-3.1-70B/blob/main/config.json',
    notes:
      'Same shapes as Llama 3 70B; context extended to 128K (max_position_embeddings 131072, rope_scaling type llama3).',
  },
  {
    name: 'llama-3.1-405b',
    family: 'llama',
    ...LLAMA,
    layers: 126,
    hidden: 16384,
    heads: 128,
    kvHeads: 8,
    headDim: 128,
    ffn: 53248,
    vocab: 128256,
    maxSeqLen: 131072,
    source: 'https://huggingface.co/meta-llama/Llama-3.1-405B/blob/main/config.json',
  },
  {
    name: 'llama-3.3-70b',
    family: 'llama',
    ...LLAMA,
    layers: 80,
    hidden: 8192,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    ffn: 28672,
    vocab: 128256,
    maxSeqLen: 131072,
    source: 'https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/config.json',
    notes: 'Released as an instruct model only; architecture identical to Llama 3.1 70B.',
  },
  // LLaMA (1)
  {
    name: 'llama-7b',
    family: 'llama',
    ...LLAMA,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 32,
    headDim: 128,
    ffn: 11008,
    vocab: 32000,
    maxSeqLen: 2048,
    source:
      'Touvron et al. 2023, "LLaMA: Open and Efficient Foundation Language Models" (arXiv 2302.13971), Table 2; HF conversion https://huggingface.co/huggyllama/llama-7b/blob/main/config.json',
    notes:
      'LLaMA-1 7B. The paper gives layers, dimension, heads and 2048 context; ffn 11008 (2/3·4h rounded up to a multiple of 256) and vocab 32000 are those of the released weights / HF conversion. Same shapes as Llama 2 7B, shorter context.',
  },
  // Mistral / Mixtral
  {
    name: 'mistral-7b',
    family: 'mistral',
    ...LLAMA,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14336,
    vocab: 32000,
    slidingWindow: 4096,
    maxSeqLen: 8192,
    source: 'https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/config.json',
    notes:
      "v0.1: sliding-window attention with window 4096. maxSeqLen is the 8192-token pretraining context of Mistral's reference implementation (mistral-src README parameter table, context_len 8192; seen here only through secondary copies of that table); the HF config.json says max_position_embeddings 32768 (the RoPE table size, not the training length), and an earlier revision of it said 8192.",
  },
  {
    name: 'mixtral-8x7b',
    family: 'mixtral',
    ...LLAMA,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14336,
    vocab: 32000,
    maxSeqLen: 32768,
    moe: { experts: 8, topK: 2, sharedExperts: 0, expertFfn: 14336, layerInterval: 1 },
    source: 'https://huggingface.co/mistralai/Mixtral-8x7B-v0.1/blob/main/config.json',
    notes:
      'Every layer is MoE: 8 SwiGLU experts of ffn 14336, top-2 routing. Full attention: the current config.json has sliding_window null (an early revision had 4096). maxSeqLen 32768 is the 32K training context of the Mixtral paper (arXiv 2401.04088) and the config max_position_embeddings.',
  },
  // Qwen
  {
    name: 'qwen1.5-1.8b',
    family: 'qwen2',
    ...LLAMA,
    attentionBias: 'qkv',
    layers: 24,
    hidden: 2048,
    heads: 16,
    kvHeads: 16,
    headDim: 128,
    ffn: 5504,
    vocab: 151936,
    maxSeqLen: 32768,
    source: 'https://huggingface.co/Qwen/Qwen1.5-1.8B/blob/main/config.json',
    notes:
      'Qwen2ForCausalLM architecture. Biases on the q, k and v projections only (not o). Untied output head (tie_word_embeddings false for 1.8B; 0.5B is tied).',
  },
  // Gemma
  {
    name: 'gemma-2b',
    family: 'gemma',
    ...LLAMA,
    activation: 'gelu_tanh',
    tiedEmbeddings: true,
    layers: 18,
    hidden: 2048,
    heads: 8,
    kvHeads: 1,
    headDim: 256,
    ffn: 16384,
    vocab: 256000,
    maxSeqLen: 8192,
    source: 'https://huggingface.co/google/gemma-2b/blob/main/config.json',
    notes:
      'Multi-query attention (1 KV head), head_dim 256. Gated MLP with tanh-approximated GeLU (GeGLU; litgpt gemma-2b config, taken from this config.json, says gelu_approximate tanh). Output head tied to the embedding (GemmaConfig default, no separate lm_head weights).',
  },
  // OPT
  {
    name: 'opt-6.7b',
    family: 'opt',
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 32,
    headDim: 128,
    ffn: 16384,
    vocab: 50272,
    mlp: 'plain',
    activation: 'relu',
    norm: 'layernorm',
    position: 'learned',
    tiedEmbeddings: true,
    attentionBias: 'qkvo',
    mlpBias: true,
    parallelBlock: false,
    maxSeqLen: 2048,
    source: 'https://huggingface.co/facebook/opt-6.7b/blob/main/config.json',
    notes:
      'ReLU MLP, pre-LayerNorm, learned positions (the HF table has 2 extra offset rows, not counted), biases everywhere, output head tied to the embedding.',
  },
  // MPT (llm-foundry benchmark configs)
  mpt('mpt-125m', 12, 768, 12, 'mpt-125m.yaml'),
  mpt('mpt-350m', 24, 1024, 16, 'mpt-350m.yaml'),
  mpt('mpt-760m', 24, 1536, 12, 'mpt-760m.yaml'),
  mpt('mpt-1b', 24, 2048, 16, 'mpt-1b.yaml'),
  mpt('mpt-3b', 32, 2560, 20, 'mpt-3b.yaml'),
  mpt('mpt-7b', 32, 4096, 32, 'mpt-7b.yaml'),
  mpt('mpt-13b', 40, 5120, 40, 'mpt-13b.yaml'),
  mpt('mpt-30b', 48, 7168, 56, 'mpt-30b.yaml'),
  mpt('mpt-70b', 80, 8192, 64, 'mpt-70b.yaml'),
  // GPT-3
  megatronGpt(
    'gpt3-175b',
    96,
    12288,
    96,
    50257,
    2048,
    'Brown et al. 2020, "Language Models are Few-Shot Learners" (arXiv 2005.14165), Table 2.1 (GPT-3 175B)',
    "vocab is the paper's 50257 (GPT-2 BPE, unpadded). Megatron-LM pads it to a multiple of 128·TP: 50304 at TP=1, 51200 at TP=8 (the vocab of the Megatron 145.6B/1T GPT runs); use those gpt-* entries or an inline vocab for Megatron-padded runs. ffn = 4h = 49152, context 2048. The paper alternates dense and locally banded sparse attention layers; modelled here as dense. GeLU, LayerNorm, biases and an output head tied to the embedding are assumed (GPT-2 style; the paper says it follows GPT-2 but does not list them).",
  ),
  megatronGpt(
    'gpt3-5b',
    24,
    4096,
    32,
    50304,
    2048,
    'NVIDIA NeMo GPT-3 5B config: github.com/NVIDIA/NeMo-Framework-Launcher launcher_scripts/conf/training/gpt3/5b.yaml (also GPTConfig5B in NeMo nemo/collections/llm/gpt/model/base.py)',
    'num_layers 24, hidden 4096, ffn_hidden_size 4·hidden = 16384, 32 heads, encoder_seq_length 2048. Learned absolute positions are the NeMo GPT default (the yaml does not set position_embedding_type). Tokenizer GPT2BPETokenizer (50257) with make_vocab_size_divisible_by 128 at tensor_model_parallel_size 1 → padded vocab 50304 (the size the embedding and logits actually have). Megatron GPT defaults: GeLU, LayerNorm, biases, tied output head.',
  ),
  // Megatron-LM GPT family, Narayanan et al. 2021 Table 1
  megatronGpt('gpt-1.7b', 24, 2304, 24, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-3.6b', 30, 3072, 32, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-7.5b', 36, 4096, 32, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-18.4b', 40, 6144, 48, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-39.1b', 48, 8192, 64, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-76.1b', 60, 10240, 80, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-145.6b', 80, 12288, 96, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-310.1b', 96, 16384, 128, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-529.6b', 105, 20480, 128, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  megatronGpt('gpt-1008b', 128, 25600, 160, 51200, 2048, NARAYANAN_2021, NARAYANAN_NOTES),
  // Korthikanti et al. 2022
  megatronGpt(
    'gpt-22b',
    48,
    6144,
    64,
    51200,
    2048,
    'Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models" (arXiv 2205.05198), Table 3 (22B model)',
    'Table 3 gives 64 heads, hidden 6144, 48 layers (head dim 96); sequence 2048. The table does not give vocab or ffn: vocab 51200 (Megatron-padded GPT-2 BPE, as in Narayanan et al. 2021) and ffn = 4h are assumed from the Megatron GPT setup the paper uses.',
  ),
  // OneFlow DLPerf GPT variants (Megatron-LM runs on V100)
  megatronGpt('gpt-0.117b', 12, 768, 12, 51200, 2048, ONEFLOW_DLPERF, ONEFLOW_NOTES),
  megatronGpt('gpt-0.498b', 16, 1536, 16, 51200, 2048, ONEFLOW_DLPERF, ONEFLOW_NOTES),
  megatronGpt('gpt-1.539b', 24, 2304, 24, 51200, 2048, ONEFLOW_DLPERF, ONEFLOW_NOTES),
  megatronGpt('gpt-1.840b', 16, 3072, 32, 51200, 2048, ONEFLOW_DLPERF, ONEFLOW_NOTES),
  megatronGpt('gpt-3.529b', 32, 3072, 32, 51200, 2048, ONEFLOW_DLPERF, ONEFLOW_NOTES),
];

export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  // "llama-70b"/"-8b"/"-405b" without a version mean the current (3.1) release at that size
  'llama-70b': 'llama-3.1-70b',
  'llama-8b': 'llama-3.1-8b',
  'llama-405b': 'llama-3.1-405b',
  // there is no Llama 3 13B; the last 13B Llama is Llama 2 13B (LLaMA-1 13B shares its shapes)
  'llama-13b': 'llama-2-13b',
  // the only Mixtral in the catalog
  mixtral: 'mixtral-8x7b',
  // Hugging Face repo name of the same model (tests/fixtures/hf/mixtral-8x7b-v0.1.config.json)
  'mixtral-8x7b-v0.1': 'mixtral-8x7b',
  // the only Mistral in the catalog (v0.1, the one with a sliding window)
  mistral: 'mistral-7b',
  // Hugging Face repo name of the same model (tests/fixtures/hf/mistral-7b-v0.1.config.json)
  'mistral-7b-v0.1': 'mistral-7b',
  // "GPT-3" without a size means the 175B model of the paper
  gpt3: 'gpt3-175b',
  // the only Gemma in the catalog
  gemma: 'gemma-2b',
  // the only Qwen in the catalog
  qwen: 'qwen1.5-1.8b',
};
