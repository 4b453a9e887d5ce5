// Operator graphs: parameter counts, FLOPs against closed forms, attention counted exactly, MoE
// weight traffic, tensor parallelism, training passes, and the known LLM-Viewer defects.
import { describe, expect, it } from 'vitest';
import { findModel } from '../src/workloads/models.js';
import { graphParams } from '../src/workloads/phase-graph.js';
import { causalPairs } from '../src/workloads/attention.js';
import { expectedExpertsTouched } from '../src/workloads/forward-graph.js';
import { countParams } from '../src/workloads/params.js';
import type { Op } from '../src/workloads/ops.js';
import { graph, sum } from './helpers/graphs.js';

const flopsOf = (ops: Op[]) => sum(ops.map((o) => o.flops * o.count));
const named = (ops: Op[], name: string) => ops.find((o) => o.name === name)!;

describe('parameter counts from the graph', () => {
  const published: [string, number][] = [
    ['llama-2-7b', 6.74e9],
    ['llama-3-8b', 8.03e9],
    ['llama-2-70b', 68.98e9],
    ['mixtral-8x7b', 46.7e9],
  ];
  for (const [name, count] of published) {
    it(`${name} has ${count / 1e9} B parameters (within 0.5 %)`, () => {
      const p = graphParams(graph({ model: name, phase: 'decode' }));
      expect(Math.abs(p - count) / count).toBeLessThan(0.005);
      expect(p).toBe(countParams(findModel(name)).total);
    });
  }
});

describe('FLOPs against the closed form 2 × parameters × tokens + attention', () => {
  const cases: [string, 'prefill' | 'decode', number, number][] = [
    ['llama-2-7b', 'prefill', 2048, 1],
    ['llama-3-8b', 'decode', 4096, 8],
    ['llama-2-70b', 'prefill', 512, 2],
    ['mistral-7b', 'prefill', 8192, 1],
    ['gpt3-175b', 'decode', 1024, 4],
    ['opt-6.7b', 'prefill', 1024, 1],
  ];
  for (const [name, phase, len, batch] of cases) {
    it(`${name} ${phase} at ${len} tokens, batch ${batch}`, () => {
      const m = findModel(name);
      const g = graph({ model: name, phase, input: len, context: len, batch, flashAttention: true });
      const p = countParams(m);
      const tokens = g.tokens;
      const logitsRows = batch;
      // matmul weights seen by every token: everything but the embeddings, norms and lm_head
      const layerMatmulParams = p.total - p.embedding - p.positions - p.norms - p.lmHead;
      const qLen = phase === 'prefill' ? len : 1;
      const past = phase === 'prefill' ? 0 : len;
      const pairs = causalPairs(qLen, past, m.slidingWindow);
      const closed =
        2 * tokens * layerMatmulParams +
        2 * logitsRows * m.hidden * m.vocab +
        4 * m.layers * m.heads * m.headDim * pairs * batch;
      const matmulAndAttention = flopsOf(g.ops.filter((o) => o.kind === 'matmul' || o.kind === 'attention'));
      const softmax = 5 * m.layers * m.heads * pairs * batch;
      // biases add one FLOP-pair per output; the closed form counts them as weights (2 FLOPs each)
      expect(Math.abs(matmulAndAttention - softmax - closed) / closed).toBeLessThan(0.002);
      // everything else (norms, activations, sampling) is a small addition
      expect(flopsOf(g.ops) / closed).toBeGreaterThan(1);
      expect(flopsOf(g.ops) / closed).toBeLessThan(1.02);
    });
  }
});

describe('attention', () => {
  it('counts causal pairs exactly: prefill s(s+1)/2, decode past+1, chunks and windows by brute force', () => {
    const brute = (q: number, past: number, w?: number) => {
      let n = 0;
      for (let i = 0; i < q; i++) n += Math.min(past + i + 1, w ?? Infinity);
      return n;
    };
    expect(causalPairs(4096, 0)).toBe((4096 * 4097) / 2);
    expect(causalPairs(1, 1000)).toBe(1001);
    for (const [q, past, w] of [
      [512, 3000, undefined],
      [100, 0, 64],
      [7, 60, 64],
      [1, 5000, 4096],
      [300, 4000, 4096],
    ] as [number, number, number | undefined][])
      expect(causalPairs(q, past, w), `${q},${past},${w}`).toBe(brute(q, past, w));
  });

  it('halves the score work of prefill against a full square', () => {
    const g = graph({ phase: 'prefill', input: 4096 });
    const qk = named(g.ops, 'attn_qk');
    expect(qk.flops / (2 * 32 * 4096 * 4096 * 128)).toBeCloseTo(0.5, 3);
  });

  it('FlashAttention removes the score-matrix traffic instead of adding it', () => {
    const plain = graph({ phase: 'prefill', input: 4096 });
    const flash = graph({ phase: 'prefill', input: 4096, flashAttention: true });
    const attnBytes = (ops: Op[]) =>
      sum(
        ops
          .filter((o) => o.group === 'attention' && !o.name.endsWith('_proj') && o.name !== 'rope')
          .map((o) => sum(Object.values(o.bytes))),
      );
    expect(attnBytes(flash.ops)).toBeLessThan(attnBytes(plain.ops) / 10);
    const a = named(flash.ops, 'attention');
    // output is the context [tokens × heads × headDim], not a score matrix
    expect(a.bytes.outputs).toBe(4096 * 4096 * 2);
  });

  it('reads K and V by KV head under GQA, not by query head', () => {
    const g = graph({ model: 'llama-3-8b', phase: 'decode', context: 8191, flashAttention: true });
    const a = named(g.ops, 'attention');
    expect(a.bytes.kvRead).toBe(2 * 8192 * 8 * 128 * 2);
  });

  it('limits a sliding window to the window', () => {
    const g = graph({ model: 'mistral-7b', phase: 'decode', context: 8000, flashAttention: true });
    const a = named(g.ops, 'attention');
    expect(a.shape.type === 'attention' && a.shape.pairs).toBe(4096);
    expect(a.bytes.kvRead).toBe(2 * 4096 * 8 * 128 * 2);
  });
});

describe('LLM-Viewer defects llmsim does not repeat', () => {
  it('applies the MLP activation to the intermediate size, not the hidden size', () => {
    const act = named(graph().ops, 'act_fn');
    expect(act.shape).toEqual({ type: 'elementwise', elements: 11008 });
  });

  it('counts lm_head FLOPs in full: 2 × rows × hidden × vocab', () => {
    const head = named(graph({ batch: 4 }).ops, 'lm_head');
    expect(head.flops).toBe(2 * 4 * 4096 * 32000);
  });

  it('separates weight-only quantization from activation precision: int4 weights compute in 16-bit', () => {
    const g = graph({ weightBits: 4 });
    const q = named(g.ops, 'q_proj');
    expect(q.compute).toBe('bf16');
    expect(q.bytes.weights).toBe((4096 * 4096 * 4) / 8);
    expect(q.bytes.inputs).toBe(4096 * 2);
  });
});

describe('MoE', () => {
  it('expects top-k distinct experts at batch 1 and nearly all at large batch', () => {
    expect(expectedExpertsTouched(8, 2, 1)).toBeCloseTo(2, 10);
    expect(expectedExpertsTouched(8, 2, 4)).toBeCloseTo(8 * (1 - 0.75 ** 4), 10);
    expect(expectedExpertsTouched(8, 2, 256)).toBeGreaterThan(7.99);
  });

  it('grows decode weight traffic with batch, from top-k experts toward all of them', () => {
    const w = (batch: number) => named(graph({ model: 'mixtral-8x7b', batch }).ops, 'experts.up_proj').bytes.weights;
    const one = 4096 * 14336 * 2;
    expect(w(1)).toBeCloseTo(2 * one, -3);
    expect(w(4)).toBeGreaterThan(w(1));
    expect(w(64)).toBeCloseTo(8 * one, -6);
  });

  it('does the FLOPs of top-k experts per token', () => {
    const g = graph({ model: 'mixtral-8x7b', phase: 'prefill', input: 1000 });
    expect(named(g.ops, 'experts.down_proj').flops).toBeCloseTo(2 * 1000 * 2 * 14336 * 4096, -3);
  });
});

describe('expert parallelism inside the TP group', () => {
  it('holds E/ep whole experts per device, does 1/ep of the assignments, and keeps FLOPs per device', () => {
    const tpOnly = graph({ model: 'mixtral-8x7b', phase: 'prefill', input: 1000, tp: 4 });
    const ep = graph({ model: 'mixtral-8x7b', phase: 'prefill', input: 1000, tp: 4, ep: 4 });
    const up = (g: typeof ep) => named(g.ops, 'experts.up_proj');
    expect(up(ep).params).toBe(up(tpOnly).params);
    expect(up(ep).shape).toMatchObject({ n: 14336 });
    expect(up(tpOnly).shape).toMatchObject({ n: 14336 / 4 });
    expect(up(ep).flops).toBeCloseTo(up(tpOnly).flops, -3);
    expect(graphParams(ep)).toBeCloseTo(graphParams(tpOnly), -3);
  });

  it('refuses an EP that does not divide the TP group or the experts, and EP on a dense model', () => {
    expect(() => graph({ model: 'mixtral-8x7b', tp: 4, ep: 3 })).toThrow(/--ep 3 must divide --tp 4/);
    expect(() => graph({ model: 'llama-2-7b', tp: 2, ep: 2 })).toThrow(/has no experts/);
  });
});

describe('tensor parallelism in the graph', () => {
  it('splits heads and MLP columns, and adds two all-reduces per layer', () => {
    const g = graph({ model: 'llama-2-70b', phase: 'prefill', input: 1000, tp: 8 });
    expect(named(g.ops, 'q_proj').shape).toMatchObject({ n: 8192 / 8, k: 8192 });
    expect(named(g.ops, 'o_proj').shape).toMatchObject({ n: 8192, k: 8192 / 8 });
    expect(named(g.ops, 'down_proj').shape).toMatchObject({ k: 28672 / 8 });
    const layerColl = g.ops.filter((o) => o.kind === 'collective' && o.layer);
    expect(layerColl.map((o) => o.name)).toEqual(['attn_all_reduce', 'mlp_all_reduce']);
    for (const c of layerColl)
      expect(c.shape).toMatchObject({ collective: 'all_reduce', messageBytes: 1000 * 8192 * 2, group: 8 });
  });

  it('uses reduce-scatter and all-gather with sequence parallelism, and splits norms by sequence', () => {
    const g = graph({ model: 'llama-2-70b', phase: 'prefill', input: 1000, tp: 8, sequenceParallel: true });
    const names = g.ops.filter((o) => o.kind === 'collective' && o.layer).map((o) => o.name);
    expect(names).toEqual(['attn_all_gather', 'attn_reduce_scatter', 'mlp_all_gather', 'mlp_reduce_scatter']);
    expect(named(g.ops, 'attn_norm').shape).toEqual({ type: 'elementwise', elements: (1000 / 8) * 8192 });
  });

  it('keeps the model whole across the TP group (the shards add up to the parameters)', () => {
    const m = findModel('llama-2-70b');
    const perDevice = graphParams(graph({ model: 'llama-2-70b', tp: 8 }));
    const norms = countParams(m).norms; // replicated on every device
    expect((perDevice - norms) * 8 + norms).toBeCloseTo(countParams(m).total, -6);
  });

  it('refuses a TP degree that does not divide the heads', () => {
    expect(() => graph({ tp: 3 })).toThrow(/--tp 3 does not divide llama-2-7b's attention heads \(32\)/);
  });
});

describe('training graph', () => {
  it('does backward as activation-gradient and weight-gradient matmuls, each as large as the forward', () => {
    const g = graph({ phase: 'train', input: 2048, batch: 1, flashAttention: true });
    const fwd = flopsOf(g.ops.filter((o) => o.pass === 'forward' && o.kind === 'matmul'));
    const dgrad = flopsOf(g.ops.filter((o) => o.pass === 'backward-data' && o.kind === 'matmul'));
    const wgrad = flopsOf(g.ops.filter((o) => o.pass === 'backward-weight'));
    expect(dgrad).toBe(fwd);
    expect(wgrad).toBe(fwd);
    expect(named(g.ops, 'q_proj.wgrad').shape).toMatchObject({ m: 4096, n: 4096, k: 2048 });
  });

  it('adds forward work for recomputation: selective the attention core, full the whole layers', () => {
    const none = graph({ phase: 'train', recompute: 'none', flashAttention: true });
    const sel = graph({ phase: 'train', recompute: 'selective', flashAttention: true });
    const full = graph({ phase: 'train', recompute: 'full', flashAttention: true });
    const re = (g: typeof none) => flopsOf(g.ops.filter((o) => o.pass === 'recompute'));
    expect(re(none)).toBe(0);
    expect(re(sel)).toBe(flopsOf(sel.ops.filter((o) => o.pass === 'forward' && o.kind === 'attention')));
    expect(re(full)).toBe(flopsOf(full.ops.filter((o) => o.pass === 'forward' && o.layer)));
  });

  it('computes logits for every token and ends with one optimizer step over all parameters', () => {
    const g = graph({ phase: 'train', input: 512, batch: 2 });
    expect(named(g.ops, 'lm_head').shape).toMatchObject({ m: 1024 });
    const adam = named(g.ops, 'adam_step');
    expect(adam.shape).toEqual({ type: 'elementwise', elements: countParams(findModel('llama-2-7b')).total });
  });
});

describe('parallel attention/MLP blocks (GPT-J, GPT-NeoX)', () => {
  it('sum both branches first: one collective and one residual add per layer', () => {
    const neox = { ...findModel('llama-2-7b'), name: 'parallel', parallelBlock: true };
    const g = graph({ model: neox, phase: 'prefill', input: 256, tp: 2 });
    const layer = g.ops.filter((o) => o.layer === 'dense');
    expect(layer.filter((o) => o.kind === 'collective').map((o) => o.name)).toEqual(['mlp_all_reduce']);
    expect(layer.filter((o) => o.name.endsWith('residual')).map((o) => o.name)).toEqual(['block_residual']);
  });
});
