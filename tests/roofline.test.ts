// Roofline analysis: bounds, ridge point, memory fit, and invariants as property tests.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rooflineOf } from '../src/roofline/roofline.js';
import { totalBytes } from '../src/workloads/ops.js';
import type { ModelArch } from '../src/workloads/model-arch.js';
import { findModel } from '../src/workloads/models.js';
import { device, graph, roofline, sum } from './helpers/graphs.js';
import { runCli } from './helpers/cli.js';

const PROJECTIONS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'];

describe('roofline bounds', () => {
  it('decode at batch 1 on an A100 is memory-bound for every matmul', () => {
    const a = roofline({ phase: 'decode', batch: 1, context: 1024 });
    const matmuls = a.rows.filter((r) => r.op.kind === 'matmul');
    expect(matmuls.length).toBeGreaterThan(5);
    for (const r of matmuls) expect(r.bound, r.op.name).toBe('memory');
  });

  it('prefill at s = 4096 is compute-bound for the projections', () => {
    const a = roofline({ phase: 'prefill', input: 4096 });
    for (const name of PROJECTIONS) expect(a.rows.find((r) => r.op.name === name)!.bound, name).toBe('compute');
  });

  it('puts the ridge point at peak ÷ bandwidth', () => {
    const a = roofline();
    expect(a.ridge.flopsPerByte).toBeCloseTo(312e12 / 2039e9, 6);
    const h100 = roofline({ device: 'h100-sxm' });
    expect(h100.ridge.flopsPerByte).toBeCloseTo(h100.ridge.peakFlops / 3.35e12, 6);
  });

  it('caps attainable FLOP/s at the smaller of peak and intensity × bandwidth', () => {
    for (const r of roofline({ phase: 'prefill', input: 2048 }).rows) {
      if (r.bound === 'communication') continue;
      expect(r.attainableFlops).toBeLessThanOrEqual(r.peakFlops * (1 + 1e-12));
      expect(r.attainableFlops).toBeCloseTo(Math.min(r.peakFlops, r.intensity * r.bandwidth), 0);
      expect(r.time).toBeCloseTo(Math.max(r.computeTime, r.memoryTime), 15);
    }
  });

  it('never makes decode slower when HBM bandwidth doubles', () => {
    const dev = device('a100-80gb-sxm');
    const fast = { ...dev, memory: dev.memory.map((m) => ({ ...m, bandwidthBytesPerS: 2 * m.bandwidthBytesPerS })) };
    const g = graph({ phase: 'decode', batch: 8 });
    const base = roofline({ phase: 'decode', batch: 8 });
    const tiers = { weights: fast.memory[0]!, kv: fast.memory[0]!, activations: fast.memory[0]! };
    const faster = sum(g.ops.map((op) => rooflineOf(op, fast, tiers).time * op.count));
    expect(faster).toBeLessThan(base.totals.time);
    expect(faster).toBeGreaterThan(base.totals.time / 2 - 1e-9);
  });
});

describe('memory fit', () => {
  it('does not run a 137 GB model on one 80 GB GPU, and names the TP that would fit', () => {
    const a = roofline({ model: 'llama-2-70b', phase: 'decode', context: 1024 });
    expect(a.memory.weightsBytes / 1e9).toBeCloseTo(137.96, 1);
    expect(a.memory.fits).toBe(false);
    expect(a.memory.minTpToFit).toBe(2);
    expect(roofline({ model: 'llama-2-70b', tp: 2 }).memory.fits).toBe(true);
  });

  it('counts the KV cache by KV heads, layers, tokens and batch', () => {
    const a = roofline({ model: 'llama-3-8b', phase: 'decode', context: 4095, batch: 4 });
    expect(a.memory.kvBytes).toBe(2 * 32 * 8 * 128 * 2 * 4096 * 4);
  });

  it('streams weights from flash on a phone when DRAM cannot hold them', () => {
    const a = roofline({ model: 'llama-2-70b', device: 'snapdragon-8-gen3', weightBits: 4 });
    expect(a.memory.weightsTier).toBe('flash');
    expect(a.memory.fits).toBe(true);
    const q = a.rows.find((r) => r.op.name === 'q_proj')!;
    expect(q.bandwidth).toBeLessThan(10e9);
  });
});

/** A random but valid architecture. */
const arch = fc
  .record({
    layers: fc.integer({ min: 1, max: 8 }),
    headDim: fc.constantFrom(32, 64, 128),
    kvHeads: fc.constantFrom(1, 2, 4, 8),
    group: fc.constantFrom(1, 2, 4),
    ffnMult: fc.integer({ min: 1, max: 4 }),
    vocab: fc.integer({ min: 100, max: 5000 }),
    gated: fc.boolean(),
    window: fc.option(fc.integer({ min: 16, max: 512 }), { nil: undefined }),
  })
  .map((r): ModelArch => ({
    ...findModel('llama-2-7b'),
    name: 'random',
    layers: r.layers,
    heads: r.kvHeads * r.group,
    kvHeads: r.kvHeads,
    headDim: r.headDim,
    hidden: r.kvHeads * r.group * r.headDim,
    ffn: r.kvHeads * r.group * r.headDim * r.ffnMult,
    vocab: r.vocab,
    mlp: r.gated ? 'gated' : 'plain',
    slidingWindow: r.window,
    maxSeqLen: 100_000,
  }));
const phase = fc.constantFrom('prefill', 'decode', 'chunked', 'train' as const);
const shape = fc.record({
  batch: fc.integer({ min: 1, max: 16 }),
  input: fc.integer({ min: 1, max: 2048 }),
  context: fc.integer({ min: 0, max: 4096 }),
  chunk: fc.integer({ min: 1, max: 512 }),
  flashAttention: fc.boolean(),
});

describe('invariants (property tests)', () => {
  it('FLOPs, bytes and times are non-negative and finite', () => {
    fc.assert(
      fc.property(arch, phase, shape, (model, p, s) => {
        const a = roofline({ model, phase: p, ...s });
        for (const r of a.rows) {
          for (const v of [r.flops, r.bytes, r.time, r.intensity, ...Object.values(r.op.bytes)]) {
            expect(Number.isFinite(v) && v >= 0, `${r.op.name} ${v}`).toBe(true);
          }
        }
        expect(a.totals.time).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it('doubling the batch never lowers FLOPs', () => {
    fc.assert(
      fc.property(arch, phase, shape, (model, p, s) => {
        const f = (batch: number) => sum(graph({ model, phase: p, ...s, batch }).ops.map((o) => o.flops * o.count));
        expect(f(2 * s.batch)).toBeGreaterThanOrEqual(f(s.batch));
      }),
      { numRuns: 100 },
    );
  });

  it('GQA never reads more KV than MHA', () => {
    fc.assert(
      fc.property(arch, phase, shape, (model, p, s) => {
        const kv = (m: ModelArch) =>
          sum(graph({ model: m, phase: p, ...s }).ops.map((o) => (o.bytes.kvRead + o.bytes.kvWrite) * o.count));
        expect(kv(model)).toBeLessThanOrEqual(kv({ ...model, kvHeads: model.heads }));
      }),
      { numRuns: 100 },
    );
  });

  it('int4 weights never read more bytes than fp16', () => {
    fc.assert(
      fc.property(arch, phase, shape, (model, p, s) => {
        const bytes = (weightBits: number) =>
          sum(graph({ model, phase: p, ...s, weightBits }).ops.map((o) => totalBytes(o.bytes) * o.count));
        expect(bytes(4)).toBeLessThanOrEqual(bytes(16));
      }),
      { numRuns: 100 },
    );
  });
});

describe('llmsim roofline', () => {
  it('prints the per-op table with per-layer and whole-model totals', async () => {
    const r = await runCli(
      'roofline',
      '--model',
      'llama-2-7b',
      '--hw',
      'a100x8',
      '--phase',
      'decode',
      '--context',
      '1024',
    );
    expect(r.code).toBe(0);
    for (const s of ['q_proj', 'per dense layer', 'whole model', 'ridge point 153', 'fits', 'memory'])
      expect(r.out).toContain(s);
  });

  it('prints the documented JSON', async () => {
    const r = await runCli(
      'roofline',
      '--model',
      'llama-70b',
      '--hw',
      'h100x8',
      '--phase',
      'prefill',
      '--input',
      '2048',
      '--tp',
      '8',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      totals: { flops: number; bytes: number; time_s: number };
      ops: {
        name: string;
        kind: string;
        count: number;
        flops: number;
        bytes: number;
        intensity: number;
        bound: string;
        time_s: number;
      }[];
      memory: { weights_bytes: number; kv_bytes: number; fits: boolean };
    };
    expect(j.totals.flops).toBeGreaterThan(0);
    expect(j.totals.time_s).toBeGreaterThan(0);
    expect(j.memory.fits).toBe(true);
    expect(j.ops.find((o) => o.name === 'attn_all_reduce')).toMatchObject({
      kind: 'collective',
      count: 80,
      bound: 'communication',
    });
    for (const o of j.ops)
      for (const k of ['name', 'kind', 'count', 'flops', 'bytes', 'intensity', 'bound', 'time_s'])
        expect(o).toHaveProperty(k);
  });

  it('writes CSV with units in the column names', async () => {
    const r = await runCli('roofline', '--model', 'llama-2-7b', '--hw', 'a100x8', '--csv');
    expect(r.code).toBe(0);
    const [header, first] = r.out.split('\n');
    expect(header).toContain('time_s');
    expect(header).toContain('intensity_flop_per_byte');
    expect(first).toMatch(/^attn_norm,norm,dense,forward,32,/);
  });

  it('explains what does not fit, and how it would', async () => {
    const r = await runCli('roofline', '--model', 'llama-2-70b', '--hw', 'a100x8');
    expect(r.out).toContain('does NOT fit; it would at TP=2');
  });

  it('rejects bad input with exit 2 and a clear message', async () => {
    const bad = await runCli('roofline', '--model', 'llama-2-7b', '--hw', 'a100x8', '--phase', 'decod');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('did you mean decode');
    const tp = await runCli('roofline', '--model', 'llama-2-7b', '--hw', 'a100x8', '--tp', '16');
    expect(tp.code).toBe(2);
    expect(tp.err).toContain('tensor parallelism stays inside a node');
    const prec = await runCli('roofline', '--model', 'llama-2-7b', '--hw', 'v100-sxm2-32gb', '--precision', 'bf16');
    expect(prec.code).toBe(2);
    expect(prec.err).toContain('does not compute in bf16');
  });
});

describe('every shipped device', () => {
  it('runs a decode and a prefill roofline on each processor in a precision it has', async () => {
    const { catalog } = await import('./helpers/graphs.js');
    const { withProcessor } = await import('../src/hardware/resolve.js');
    const { resolveFormat } = await import('../src/workloads/precision.js');
    const { buildPhaseGraph } = await import('../src/workloads/phase-graph.js');
    const { analyzeRoofline } = await import('../src/roofline/analysis.js');
    const model = findModel('llama-2-7b');
    let runs = 0;
    for (const d of catalog.devices.values()) {
      const views = d.processors
        ? Object.keys(d.processors).map((k) => withProcessor(d, k as 'cpu' | 'gpu' | 'npu'))
        : [d];
      for (const dev of views) {
        const precision = (['bf16', 'fp16', 'int8', 'fp32'] as const).find((p) => dev.peakFlops[p]);
        const format = resolveFormat(dev, { precision });
        for (const phase of ['decode', 'prefill'] as const) {
          const g = buildPhaseGraph({
            model,
            phase,
            batch: 1,
            input: 512,
            context: 512,
            chunk: 128,
            format,
            tp: 1,
            sequenceParallel: false,
            flashAttention: true,
            recompute: 'none',
          });
          const a = analyzeRoofline(g, dev);
          expect(
            Number.isFinite(a.totals.time) && a.totals.time > 0,
            `${dev.id}/${dev.activeProcessor ?? ''} ${phase}`,
          ).toBe(true);
          runs++;
        }
      }
    }
    expect(runs).toBeGreaterThan(60);
  });
});
