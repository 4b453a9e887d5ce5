// A transformer architecture as plain data: everything the operator graphs need and nothing else.

export type MlpKind = 'gated' | 'plain';
export type Activation = 'silu' | 'gelu' | 'gelu_tanh' | 'relu';
export type NormKind = 'rmsnorm' | 'layernorm';
export type AttentionBias = 'none' | 'qkv' | 'qkvo';
export type PositionKind = 'rope' | 'alibi' | 'learned' | 'none';

export interface MoeConfig {
  /** routed experts per MoE layer */
  experts: number;
  /** experts each token is routed to */
  topK: number;
  /** experts every token goes through in addition (DeepSeek/Qwen-MoE style); 0 if none */
  sharedExperts: number;
  /** intermediate size of one routed expert */
  expertFfn: number;
  /** intermediate size of one shared expert (defaults to expertFfn) */
  sharedExpertFfn?: number;
  /** every n-th layer is MoE (1 = all layers) */
  layerInterval: number;
}

export interface ModelArch {
  /** catalog name, e.g. llama-3.1-70b */
  name: string;
  /** family, e.g. llama, mistral, gpt, opt, mpt, gemma, qwen2 */
  family: string;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** MLP intermediate size (dense layers) */
  ffn: number;
  vocab: number;
  mlp: MlpKind;
  activation: Activation;
  norm: NormKind;
  position: PositionKind;
  tiedEmbeddings: boolean;
  /** biases on the attention projections: none, q/k/v only (Qwen2), or q/k/v and output */
  attentionBias: AttentionBias;
  /** biases on the MLP projections */
  mlpBias: boolean;
  /** attention and MLP read the same normed input (GPT-J / NeoX "parallel residual") */
  parallelBlock: boolean;
  /** tokens each query attends to at most; undefined = full attention */
  slidingWindow?: number;
  /** longest context the model was trained for */
  maxSeqLen: number;
  moe?: MoeConfig;
  /** where these numbers come from (a config.json URL or a paper table) */
  source: string;
  notes?: string;
}
