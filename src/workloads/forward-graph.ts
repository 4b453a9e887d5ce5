// The forward pass as operators: one transformer layer (dense or MoE) with `count` = layers of
// that type, and the ops outside the layers (embedding, final norm, lm_head, sampling or loss).
// FLOPs follow the usual conventions: a multiply-add is 2 FLOPs; softmax 5 FLOPs per score.
import type { ModelArch, Activation } from './model-arch.js';
import type { NumericFormat } from './precision.js';
import type { Op, PassKind } from './ops.js';
import type { TpShard } from '../parallelism/tensor-parallel.js';
import { causalPairs } from './attention.js';
import { collective, elementwise, matmul, type OpContext } from './op-builders.js';

export interface ForwardSpec {
  /** sequences in the batch */
  batch: number;
  /** new tokens per sequence in this pass (prompt length, chunk length, or 1 in decode) */
  qLen: number;
  /** tokens per sequence already in the KV cache */
  past: number;
  /** rows the lm_head computes: the last token of each sequence in inference, every token in training */
  logitsRows: number;
  /** inference writes K and V to the cache and samples; training computes the loss */
  inference: boolean;
  flashAttention: boolean;
}

/** FLOPs per element of the MLP activation (the gated product adds one multiply). */
const ACTIVATION_FLOPS: Record<Activation, number> = { silu: 4, gelu: 8, gelu_tanh: 8, relu: 1 };
const NORM_FLOPS = { rmsnorm: 4, layernorm: 7 } as const;
const SOFTMAX_FLOPS = 5;

/** Layers that are MoE: every `layerInterval`-th, counting from the first. */
export function moeLayerCount(m: ModelArch): number {
  return m.moe ? Math.ceil(m.layers / m.moe.layerInterval) : 0;
}

/**
 * Expected number of distinct experts that `assignments` token-to-expert routings touch, with
 * uniform routing of top-k out of E: E·(1 − (1 − k/E)^T) for T tokens. At decode batch 1 that
 * is k; at large batch it approaches E.
 */
export function expectedExpertsTouched(experts: number, topK: number, tokens: number): number {
  return experts * (1 - Math.pow(1 - topK / experts, tokens));
}

function attentionOps(m: ModelArch, s: ForwardSpec, shard: TpShard, ctx: OpContext): Op[] {
  const h = shard.headsPerDevice;
  const hkv = shard.kvHeadsPerDevice;
  const d = m.headDim;
  const kvLen = s.past + s.qLen;
  const pairs = causalPairs(s.qLen, s.past, m.slidingWindow);
  // keys actually read per sequence: the window, or the whole cache
  const keysRead = m.slidingWindow ? Math.min(kvLen, m.slidingWindow + s.qLen - 1) : kvLen;
  const f = ctx.format;
  const qBytes = (s.batch * s.qLen * h * d * f.activationBits) / 8;
  if (s.flashAttention) {
    // fused kernel (FlashAttention): Q, K, V in, O out; scores never leave the chip
    const kvBytes = (2 * s.batch * keysRead * hkv * d * f.kvBits) / 8;
    return [
      {
        name: 'attention',
        kind: 'attention',
        group: 'attention',
        pass: ctx.pass,
        layer: undefined,
        count: ctx.count,
        shape: { type: 'attention', batch: s.batch, heads: h, kvHeads: hkv, qLen: s.qLen, kvLen, headDim: d, pairs },
        flops: s.batch * h * pairs * (4 * d + SOFTMAX_FLOPS),
        bytes: { weights: 0, inputs: qBytes, outputs: qBytes, kvRead: kvBytes, kvWrite: 0 },
        params: 0,
        compute: f.compute,
        unit: 'matrix',
      },
    ];
  }
  // unfused: the score matrix [qLen × kvLen] per head is written and read back; FLOPs count only
  // the unmasked pairs (an exact causal count), bytes the stored matrix
  const bh = s.batch * h;
  const qk = matmul(ctx, { name: 'attn_qk', m: s.qLen, n: keysRead, k: d, batch: bh, rhsFromKv: true });
  const sv = matmul(ctx, { name: 'attn_sv', m: s.qLen, n: d, k: keysRead, batch: bh, rhsFromKv: true });
  // K and V are read per KV head, not per query head (GQA shares them across the group)
  qk.bytes.kvRead = (s.batch * keysRead * hkv * d * f.kvBits) / 8;
  sv.bytes.kvRead = qk.bytes.kvRead;
  qk.flops = 2 * bh * pairs * d;
  sv.flops = 2 * bh * pairs * d;
  const scores = bh * s.qLen * keysRead;
  const softmax = elementwise(ctx, { name: 'attn_softmax', elements: scores, flopsPerElement: 0 });
  softmax.flops = bh * pairs * SOFTMAX_FLOPS;
  return [qk, softmax, sv];
}

function mlpOps(m: ModelArch, tokens: number, ffn: number, prefix: string, ctx: OpContext): Op[] {
  const hidden = m.hidden;
  const bias = (n: number) => (m.mlpBias ? n : 0);
  const ops: Op[] = [];
  if (m.mlp === 'gated') {
    ops.push(matmul(ctx, { name: `${prefix}gate_proj`, m: tokens, n: ffn, k: hidden, weight: { bias: bias(ffn) } }));
  }
  ops.push(matmul(ctx, { name: `${prefix}up_proj`, m: tokens, n: ffn, k: hidden, weight: { bias: bias(ffn) } }));
  ops.push(
    elementwise(ctx, {
      name: `${prefix}act_fn`,
      elements: tokens * ffn,
      flopsPerElement: ACTIVATION_FLOPS[m.activation] + (m.mlp === 'gated' ? 1 : 0),
      readElements: tokens * ffn * (m.mlp === 'gated' ? 2 : 1),
    }),
  );
  ops.push(matmul(ctx, { name: `${prefix}down_proj`, m: tokens, n: hidden, k: ffn, weight: { bias: bias(hidden) } }));
  return ops;
}

function normOp(m: ModelArch, name: string, rows: number, ctx: OpContext): Op {
  const scale = m.norm === 'layernorm' ? 2 * m.hidden : m.hidden;
  return elementwise(ctx, {
    name,
    kind: 'norm',
    elements: rows * m.hidden,
    flopsPerElement: NORM_FLOPS[m.norm],
    weightElements: scale,
    params: scale,
  });
}

/** The residual add: reads the block's input and its branch outputs, writes their sum. */
function residualOp(m: ModelArch, name: string, rows: number, ctx: OpContext, inputs = 2): Op {
  return elementwise(ctx, {
    name,
    elements: rows * m.hidden,
    flopsPerElement: inputs - 1,
    readElements: inputs * rows * m.hidden,
  });
}

/**
 * Megatron's collectives around a tensor-parallel block: with sequence parallelism the block's
 * input is all-gathered and its output reduce-scattered; without it, one all-reduce at the exit.
 */
function tpBlockEntry(m: ModelArch, tokens: number, shard: TpShard, ctx: OpContext, block: string): Op[] {
  if (!shard.sequenceParallel) return [];
  const message = (tokens * m.hidden * ctx.format.activationBits) / 8;
  return [collective(ctx, `${block}_all_gather`, 'all_gather', message, shard.tp)];
}
function tpBlockExit(m: ModelArch, tokens: number, shard: TpShard, ctx: OpContext, block: string): Op[] {
  if (shard.tp === 1) return [];
  const message = (tokens * m.hidden * ctx.format.activationBits) / 8;
  return shard.sequenceParallel
    ? [collective(ctx, `${block}_reduce_scatter`, 'reduce_scatter', message, shard.tp)]
    : [collective(ctx, `${block}_all_reduce`, 'all_reduce', message, shard.tp)];
}

export type LayerKind = 'dense' | 'moe';

/** Ops of one layer of the given kind; `count` is how many such layers the model has. */
export function layerOps(
  m: ModelArch,
  s: ForwardSpec,
  format: NumericFormat,
  shard: TpShard,
  kind: LayerKind,
  count: number,
  pass: PassKind = 'forward',
): Op[] {
  const tokens = s.batch * s.qLen;
  // with sequence parallelism, norms and residuals work on 1/tp of the tokens
  const seqRows = shard.sequenceParallel ? tokens / shard.tp : tokens;
  const d = m.headDim;
  const qCols = shard.headsPerDevice * d;
  const kvCols = shard.kvHeadsPerDevice * d;
  const at = (group: Op['group']): OpContext => ({ group, pass, count, format });
  const qkvBias = (n: number) => (m.attentionBias === 'none' ? 0 : n);
  const kvOut = s.inference ? ('kv' as const) : ('activations' as const);

  const ops: Op[] = [normOp(m, 'attn_norm', seqRows, at('layer-other'))];
  ops.push(...tpBlockEntry(m, tokens, shard, at('communication'), 'attn'));
  ops.push(
    matmul(at('attention'), { name: 'q_proj', m: tokens, n: qCols, k: m.hidden, weight: { bias: qkvBias(qCols) } }),
    matmul(at('attention'), {
      name: 'k_proj',
      m: tokens,
      n: kvCols,
      k: m.hidden,
      weight: { bias: qkvBias(kvCols) },
      outputTo: kvOut,
    }),
    matmul(at('attention'), {
      name: 'v_proj',
      m: tokens,
      n: kvCols,
      k: m.hidden,
      weight: { bias: qkvBias(kvCols) },
      outputTo: kvOut,
    }),
  );
  if (m.position === 'rope') {
    ops.push(elementwise(at('attention'), { name: 'rope', elements: tokens * (qCols + kvCols), flopsPerElement: 3 }));
  }
  ops.push(...attentionOps(m, s, shard, at('attention')));
  const oBias = m.attentionBias === 'qkvo' ? m.hidden : 0;
  ops.push(matmul(at('attention'), { name: 'o_proj', m: tokens, n: m.hidden, k: qCols, weight: { bias: oBias } }));
  // a parallel block (GPT-J/NeoX: x + attn(ln1 x) + mlp(ln2 x)) sums both branches first, so one
  // collective and one residual add serve the layer
  if (!m.parallelBlock) {
    ops.push(...tpBlockExit(m, tokens, shard, at('communication'), 'attn'));
    ops.push(residualOp(m, 'attn_residual', seqRows, at('layer-other')));
  }

  ops.push(normOp(m, 'mlp_norm', seqRows, at('layer-other')));
  if (!m.parallelBlock) ops.push(...tpBlockEntry(m, tokens, shard, at('communication'), 'mlp'));
  if (kind === 'dense' || !m.moe) {
    ops.push(...mlpOps(m, tokens, shard.ffnPerDevice, '', at('mlp')));
  } else {
    ops.push(...moeOps(m, tokens, shard, at('moe')));
  }
  ops.push(...tpBlockExit(m, tokens, shard, at('communication'), 'mlp'));
  ops.push(
    residualOp(
      m,
      m.parallelBlock ? 'block_residual' : 'mlp_residual',
      seqRows,
      at('layer-other'),
      m.parallelBlock ? 3 : 2,
    ),
  );
  for (const op of ops) op.layer = kind;
  return ops;
}

/**
 * Router, routed experts (weights of the experts the batch touches), shared experts. With expert
 * parallelism a device holds E/ep experts and, routing being uniform, gets 1/ep of the assignments.
 */
function moeOps(m: ModelArch, tokens: number, shard: TpShard, ctx: OpContext): Op[] {
  const moe = m.moe!;
  const ffn = shard.expertFfnPerDevice;
  // the EP group routes the tokens of epReplicas replicas; a device gets its experts' share
  const groupTokens = tokens * shard.epReplicas;
  const assignments = (groupTokens * moe.topK) / shard.ep;
  const touched = (expectedExpertsTouched(moe.experts, moe.topK, groupTokens) * shard.expertsPerDevice) / moe.experts;
  const ops: Op[] = [
    matmul(ctx, { name: 'router', m: tokens, n: moe.experts, k: m.hidden, weight: { bias: 0 } }),
    elementwise(ctx, { name: 'router_topk', elements: tokens * moe.experts, flopsPerElement: SOFTMAX_FLOPS }),
  ];
  // across replicas, each device sends its share of the tokens' hidden states to the experts' owners
  const a2aBytes = (tokens * moe.topK * m.hidden * ctx.format.activationBits) / 8 / shard.tp;
  // a literal, not a spread of ctx: graphs are built for every plan evaluated
  const comm: OpContext = { group: 'communication', pass: ctx.pass, count: ctx.count, format: ctx.format };
  if (shard.epReplicas > 1) ops.push(collective(comm, 'moe_dispatch', 'all_to_all', a2aBytes, shard.ep));
  // one matmul op per projection over all experts: FLOPs for every assignment, weight bytes only
  // for the experts touched, parameters for all of them
  const expertMats = m.mlp === 'gated' ? ['gate_proj', 'up_proj', 'down_proj'] : ['up_proj', 'down_proj'];
  for (const name of expertMats) {
    const down = name === 'down_proj';
    const [n, k] = down ? [m.hidden, ffn] : [ffn, m.hidden];
    const op = matmul(ctx, {
      name: `experts.${name}`,
      m: assignments / touched,
      n,
      k,
      batch: touched,
      weight: { bias: 0 },
    });
    op.params = shard.expertsPerDevice * k * n;
    op.bytes.weights = (touched * k * n * ctx.format.weightBits) / 8;
    ops.push(op);
    if (name === 'up_proj') {
      ops.push(
        elementwise(ctx, {
          name: 'experts.act_fn',
          elements: assignments * ffn,
          flopsPerElement: ACTIVATION_FLOPS[m.activation] + (m.mlp === 'gated' ? 1 : 0),
          readElements: assignments * ffn * (m.mlp === 'gated' ? 2 : 1),
        }),
      );
    }
  }
  if (shard.epReplicas > 1) ops.push(collective(comm, 'moe_combine', 'all_to_all', a2aBytes, shard.ep));
  if (moe.sharedExperts > 0) {
    const sharedFfn = (moe.sharedExperts * (moe.sharedExpertFfn ?? moe.expertFfn)) / shard.tp;
    ops.push(...mlpOps(m, tokens, sharedFfn, 'shared_expert.', ctx));
  }
  return ops;
}

/** Ops outside the layers: embedding (and learned positions), final norm, lm_head, sampling or loss. */
export function modelEndOps(m: ModelArch, s: ForwardSpec, format: NumericFormat, shard: TpShard): Op[] {
  const tokens = s.batch * s.qLen;
  const ctx: OpContext = { group: 'model', pass: 'forward', count: 1, format };
  const comm: OpContext = { group: 'communication', pass: 'forward', count: 1, format };
  const rowsRead = Math.min(tokens, shard.vocabPerDevice);
  const ops: Op[] = [
    elementwise(ctx, {
      name: 'embedding',
      kind: 'embedding',
      elements: tokens * m.hidden,
      flopsPerElement: 0,
      readElements: 0,
      weightElements: rowsRead * m.hidden,
      params: shard.vocabPerDevice * m.hidden,
    }),
  ];
  if (shard.tp > 1)
    ops.push(
      collective(comm, 'embedding_all_reduce', 'all_reduce', (tokens * m.hidden * format.activationBits) / 8, shard.tp),
    );
  if (m.position === 'learned') {
    ops.push(
      elementwise(ctx, {
        name: 'position_embedding',
        kind: 'embedding',
        elements: tokens * m.hidden,
        flopsPerElement: 1,
        weightElements: Math.min(s.past + s.qLen, m.maxSeqLen) * m.hidden,
        params: m.maxSeqLen * m.hidden,
      }),
    );
  }
  ops.push(normOp(m, 'final_norm', tokens, ctx));
  const head = matmul(ctx, {
    name: 'lm_head',
    m: s.logitsRows,
    n: shard.vocabPerDevice,
    k: m.hidden,
    weight: { bias: 0 },
  });
  // tied to the embedding: the same weights are read again, but they are not new parameters
  if (m.tiedEmbeddings) head.params = 0;
  ops.push(head);
  const logits = s.logitsRows * shard.vocabPerDevice;
  if (s.inference) {
    if (shard.tp > 1)
      ops.push(collective(comm, 'logits_all_gather', 'all_gather', (s.logitsRows * m.vocab * 32) / 8, shard.tp));
    ops.push(
      elementwise(ctx, {
        name: 'sampling',
        elements: s.logitsRows * m.vocab,
        flopsPerElement: SOFTMAX_FLOPS,
        writeElements: s.logitsRows,
        bits: 32,
      }),
    );
  } else {
    ops.push(
      elementwise(ctx, {
        name: 'cross_entropy',
        elements: logits,
        flopsPerElement: SOFTMAX_FLOPS,
        writeElements: s.logitsRows,
        bits: 32,
      }),
    );
  }
  return ops;
}

/** The whole forward pass: dense and MoE layers, then the model ends. */
export function forwardOps(
  m: ModelArch,
  s: ForwardSpec,
  format: NumericFormat,
  shard: TpShard,
  pass: PassKind = 'forward',
): Op[] {
  const moeLayers = moeLayerCount(m);
  const denseLayers = m.layers - moeLayers;
  const ops: Op[] = [];
  if (denseLayers > 0) ops.push(...layerOps(m, s, format, shard, 'dense', denseLayers, pass));
  if (moeLayers > 0) ops.push(...layerOps(m, s, format, shard, 'moe', moeLayers, pass));
  ops.push(...modelEndOps(m, s, format, shard));
  return ops;
}
