// The inference planner: metrics of a plan, the search, what does not fit, SLOs, sensitivities, CLI.
import { metricsView } from '../src/planner/metrics-view.js';
import { describe, expect, it } from 'vitest';
import { findModel } from '../src/workloads/models.js';
import { resolveFormat } from '../src/workloads/precision.js';
import { resolveHardware } from '../src/hardware/cluster.js';
import { inferenceHardware } from '../src/planner/setup.js';
import { DEFAULT_ENGINE, evaluateInference, maxBatch, type PlanContext } from '../src/planner/inference.js';
import { searchInference, type SearchOptions } from '../src/planner/search.js';
import { catalog, graph } from './helpers/graphs.js';
import { runCli } from './helpers/cli.js';

function context(model: string, hw: string, input = 1024, output = 256, serving = true): PlanContext {
  return {
    model: findModel(model),
    hw: inferenceHardware(resolveHardware(hw, catalog)),
    workload: { input, output, serving },
    engine: DEFAULT_ENGINE,
  };
}
const options = (ctx: PlanContext, extra: Partial<SearchOptions> = {}): SearchOptions => ({
  format: resolveFormat(ctx.hw.device, {}),
  objective: 'throughput',
  flashAttention: true,
  ...extra,
});

describe('one plan', () => {
  const ctx = context('llama-3.1-8b', 'h100x8', 1024, 256, false);
  const plan = (batch: number, tp = 1) => ({
    tp,
    pp: 1,
    dp: 8 / tp,
    batch,
    format: resolveFormat(ctx.hw.device, {}),
    flashAttention: true,
  });

  it('decode at batch 1 is memory-bound and its TPOT is near weights ÷ bandwidth', () => {
    const e = evaluateInference(ctx, plan(1));
    if (!e.fits) throw new Error(e.reason);
    expect(metricsView(e.metrics).decode_bound).toBe('memory');
    const floor = (16.06e9 / 3.35e12) * 1e3; // bf16 weights of Llama-3.1-8B over the H100's datasheet bandwidth
    expect(metricsView(e.metrics).tpot_ms).toBeGreaterThan(floor);
    expect(metricsView(e.metrics).tpot_ms).toBeLessThan(2 * floor);
  });

  it('batching raises throughput and TPOT together', () => {
    const one = evaluateInference(ctx, plan(1));
    const many = evaluateInference(ctx, plan(64));
    if (!one.fits || !many.fits) throw new Error('fits');
    expect(metricsView(many.metrics).output_tokens_per_s).toBeGreaterThan(
      10 * metricsView(one.metrics).output_tokens_per_s,
    );
    expect(metricsView(many.metrics).tpot_ms).toBeGreaterThan(metricsView(one.metrics).tpot_ms);
  });

  it('adds up: e2e = TTFT + output × TPOT; throughput = DP × batch × output ÷ e2e', () => {
    const e = evaluateInference(ctx, plan(8, 2));
    if (!e.fits) throw new Error(e.reason);
    const m = e.metrics;
    expect(m.e2eLatencyS).toBeCloseTo(m.ttftS + 256 * m.tpotS, 9);
    expect(m.outputTokensPerS).toBeCloseTo((4 * 8 * 256) / m.e2eLatencyS, 6);
  });

  it('finds the largest batch whose KV cache fits, and no larger', () => {
    const p = plan(1);
    const limit = maxBatch(ctx, p);
    expect(limit).toBeGreaterThan(10);
    expect(evaluateInference(ctx, { ...p, batch: limit }).fits).toBe(true);
    expect(evaluateInference(ctx, { ...p, batch: limit + 1 }).fits).toBe(limit === DEFAULT_ENGINE.maxBatch);
  });
});

describe('pipeline parallelism', () => {
  it('keeps pp micro-batches in flight: a decode step of batch B takes what batch B/pp takes through all stages', () => {
    const ctx = context('llama-3.1-70b', 'h100x8', 1024, 256, false);
    const format = resolveFormat(ctx.hw.device, {});
    const tpot = (pp: number, batch: number) => {
      const e = evaluateInference(ctx, { tp: 4, pp, dp: 2 / pp, batch, format, flashAttention: true });
      if (!e.fits) throw new Error(e.reason);
      return metricsView(e.metrics).tpot_ms;
    };
    expect(tpot(2, 64)).toBeGreaterThan(tpot(1, 32));
    expect(tpot(2, 64)).toBeLessThan(tpot(1, 32) * 1.05);
    expect(tpot(2, 64)).toBeLessThan(tpot(1, 64));
  });
});

describe('the search', () => {
  it('keeps plans that do not fit, with what overflows', () => {
    const ctx = context('llama-2-70b', 'a100x8');
    const r = searchInference(ctx, options(ctx));
    const tp1 = r.infeasible.find((e) => e.plan.tp === 1 && e.plan.pp === 1)!;
    expect(tp1.reason).toMatch(/needs 1\d\d\.\d GB per device .* GB over/);
    expect(r.ranked.length).toBeGreaterThan(3);
    for (const e of r.ranked) expect(e.plan.tp * e.plan.pp * e.plan.dp).toBe(8);
  });

  it('ranks by the objective: throughput first, or lowest latency', () => {
    const ctx = context('llama-3.1-8b', 'h100x8');
    const r = searchInference(ctx, options(ctx));
    for (let i = 1; i < r.ranked.length; i++)
      expect(r.ranked[i - 1]!.metrics.outputTokensPerS).toBeGreaterThanOrEqual(r.ranked[i]!.metrics.outputTokensPerS);
    const lat = searchInference(ctx, options(ctx, { objective: 'latency' }));
    expect(lat.ranked[0]!.plan.tp).toBe(8);
  });

  it('meets a TPOT SLO by giving up throughput, and reports the closest misses when none can', () => {
    const ctx = context('llama-3.1-8b', 'h100x8');
    const free = searchInference(ctx, options(ctx)).ranked[0]!;
    const slo = searchInference(ctx, options(ctx, { sloTpotS: free.metrics.tpotS / 4 })).ranked[0]!;
    expect(metricsView(slo.metrics).tpot_ms).toBeLessThanOrEqual(metricsView(free.metrics).tpot_ms / 4);
    expect(metricsView(slo.metrics).output_tokens_per_s).toBeLessThan(metricsView(free.metrics).output_tokens_per_s);
    const none = searchInference(ctx, options(ctx, { sloTpotS: 0.01e-3 }));
    expect(none.ranked).toHaveLength(0);
    expect(none.missed[0]!.miss).toMatch(/TPOT .* > 0.01 ms/);
  });

  it('never gets slower when HBM bandwidth grows', () => {
    const ctx = context('llama-3.1-70b', 'h100x8', 2048, 512, false);
    const d = ctx.hw.device;
    const faster = {
      ...ctx,
      hw: {
        ...ctx.hw,
        device: { ...d, memory: d.memory.map((m) => ({ ...m, bandwidthBytesPerS: m.bandwidthBytesPerS * 2 })) },
      },
    };
    const o = options(ctx, { batch: 4 });
    const a = searchInference(ctx, o).ranked;
    const b = searchInference(faster, o).ranked;
    for (const e of a) {
      const twin = b.find((x) => x.plan.tp === e.plan.tp && x.plan.pp === e.plan.pp)!;
      expect(metricsView(twin.metrics).tpot_ms).toBeLessThanOrEqual(metricsView(e.metrics).tpot_ms);
    }
  });

  it('tries expert parallelism for MoE models inside each TP group and across replicas', () => {
    const ctx = context('mixtral-8x7b', 'h100x8');
    const r = searchInference(ctx, options(ctx, { tp: 4 }));
    // inside the TP group of 4: 1, 2, 4; across the two replicas of a PP=1 split: 8
    expect(new Set(r.ranked.map((e) => e.plan.ep))).toEqual(new Set([1, 2, 4, 8]));
    const dense = context('llama-3.1-8b', 'h100x8');
    expect(new Set(searchInference(dense, options(dense, { tp: 4 })).ranked.map((e) => e.plan.ep))).toEqual(
      new Set([1]),
    );
  });

  it('counts memory with the expert split it plans (an expert size only tp/ep divides)', () => {
    const odd = {
      ...findModel('mixtral-8x7b'),
      name: 'odd-moe',
      ffn: 1002,
      moe: { ...findModel('mixtral-8x7b').moe!, expertFfn: 1001 },
    };
    const ctx = { ...context('mixtral-8x7b', 'h100x8'), model: odd };
    const r = searchInference(ctx, options(ctx, { tp: 2 }));
    expect(r.ranked.length).toBeGreaterThan(0);
    // ep = 1 would shard each 1001-wide expert two ways: never planned
    expect(r.ranked.every((e) => e.plan.ep !== 1)).toBe(true);
  });

  it('refuses a TP that does not split the model on the node', () => {
    const ctx = context('llama-2-7b', 'a100x8');
    expect(() => searchInference(ctx, options(ctx, { tp: 3 }))).toThrow(
      /--tp 3 is not possible .* choose from 1, 2, 4, 8/,
    );
  });
});

describe('llmsim plan', () => {
  it('works with only a model and hardware, and explains the best plan', async () => {
    const r = await runCli('plan', '--model', 'llama-70b', '--hw', 'a100x8');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Best: TP=');
    expect(r.out).toMatch(/What would move it most: \+50 % /);
    expect(r.out).toContain('do not fit');
    // offline serving: the token time splits into the decode step and the prefill riding along
    const split = /costs [\d.]+ ms: (\d+) % the decode step, (\d+) % prefilling/.exec(r.out);
    expect(split).not.toBeNull();
    expect(Number(split![1]) + Number(split![2])).toBe(100);
  });

  it('prints best and candidates with the documented metric keys', async () => {
    const r = await runCli(
      'plan',
      '--model',
      'llama-3.1-8b',
      '--hw',
      'h100x8',
      '--input',
      '512',
      '--output',
      '128',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      best: { plan: object; metrics: Record<string, number>; tpot_curve: { context: number; tpot_ms: number }[] };
      candidates: unknown[];
    };
    const curve = j.best.tpot_curve;
    expect(curve.map((p) => p.context)).toEqual([512, 544, 576, 607, 639]);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.tpot_ms).toBeGreaterThanOrEqual(curve[i - 1]!.tpot_ms);
    for (const k of [
      'prefill_ms',
      'ttft_ms',
      'tpot_ms',
      'e2e_latency_ms',
      'output_tokens_per_s',
      'memory_gb_per_device',
      'max_batch',
    ])
      expect(j.best.metrics).toHaveProperty(k);
    expect(j.candidates.length).toBeGreaterThan(1);
  });

  it('says what the smallest hardware that fits is when nothing fits (exit 1)', async () => {
    const r = await runCli('plan', '--model', 'llama-3.1-405b', '--hw', 'a100x8');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not fit .* The smallest hardware that fits: \d+ × a100-80gb-sxm/);
  });

  it('exits 1 and lists the closest plans when no plan meets the SLOs', async () => {
    const r = await runCli('plan', '--model', 'llama-3.1-8b', '--hw', 'h100x8', '--slo-tpot', '0.01');
    expect(r.code).toBe(1);
    expect(r.out).toContain('No plan meets the SLOs. Closest:');
  });

  it('rejects contradictory flags with exit 2', async () => {
    const tp = await runCli('plan', '--model', 'llama-2-7b', '--hw', 'a100x8', '--tp', '3');
    expect(tp.code).toBe(2);
    expect(tp.err).toContain('--tp 3 is not possible');
    const both = await runCli('plan', '--model', 'llama-2-7b', '--hw', 'a100x8', '--batch', '4', '--concurrency', '8');
    expect(both.code).toBe(2);
  });
});

describe('expert parallelism across replicas (wide EP)', () => {
  it('holds E/ep whole experts, routes the group’s tokens, and adds two all-to-alls per MoE layer', () => {
    const g = graph({ model: 'mixtral-8x7b', device: 'h100-sxm', phase: 'decode', batch: 16, tp: 2, ep: 8 });
    const up = g.ops.find((o) => o.name === 'experts.up_proj')!;
    expect(up.params).toBe(1 * 4096 * 14336);
    const a2a = g.ops.filter((o) => o.shape.type === 'collective' && o.shape.collective === 'all_to_all');
    expect(a2a.map((o) => o.name)).toEqual(['moe_dispatch', 'moe_combine']);
    expect(a2a[0]!.shape).toMatchObject({ group: 8, messageBytes: (16 * 2 * 4096 * 2) / 2 });
  });

  it('costs the all-to-alls on the NIC when the EP group spans nodes', () => {
    const base = context('mixtral-8x7b', 'h100x64', 1024, 256, false);
    const m = findModel('mixtral-8x7b');
    const ctx = { ...base, model: { ...m, name: 'moe-16', moe: { ...m.moe!, experts: 16 } } };
    const format = resolveFormat(ctx.hw.device, {});
    const plan = (ep: number) => ({ tp: 8, ep, pp: 1, dp: 8, batch: 64, format, flashAttention: true });
    const inNode = evaluateInference(ctx, plan(8));
    const wide = evaluateInference(ctx, plan(16));
    if (!inNode.fits || !wide.fits) throw new Error('fits');
    expect(wide.decode.communication).toBeGreaterThan(inNode.decode.communication);
    expect(wide.memory.weightsBytes).toBeLessThan(inNode.memory.weightsBytes);
  });
});

describe('speculative decoding', () => {
  it('yields (1 − α^(k+1)) / (1 − α) tokens per step', async () => {
    const { tokensPerSpeculativeStep } = await import('../src/planner/inference.js');
    expect(tokensPerSpeculativeStep(4, 0.8)).toBeCloseTo((1 - 0.8 ** 5) / 0.2, 10);
    expect(tokensPerSpeculativeStep(4, 1)).toBe(5);
    expect(tokensPerSpeculativeStep(4, 0)).toBe(1);
  });

  it('cuts batch-1 TPOT of a memory-bound 70B with a good 8B draft, and costs time with a useless one', () => {
    const base = context('llama-3.1-70b', 'h100x8', 1024, 256, false);
    const plan = { tp: 8, pp: 1, dp: 1, batch: 1, format: resolveFormat(base.hw.device, {}), flashAttention: true };
    const tpot = (acceptance: number | undefined) => {
      const ctx =
        acceptance === undefined
          ? base
          : {
              ...base,
              workload: { ...base.workload, speculative: { draft: findModel('llama-3.1-8b'), k: 4, acceptance } },
            };
      const e = evaluateInference(ctx, plan);
      if (!e.fits) throw new Error(e.reason);
      return metricsView(e.metrics).tpot_ms;
    };
    expect(tpot(0.8)).toBeLessThan(tpot(undefined));
    expect(tpot(0)).toBeGreaterThan(tpot(undefined));
  });
});

describe('llmsim plan modes', () => {
  it('plans with speculative decoding and with a fixed expert parallelism', async () => {
    const spec = await runCli(
      'plan',
      '--model',
      'llama-70b',
      '--hw',
      'h100x8',
      '--batch',
      '1',
      '--draft',
      'llama-3.1-8b',
      '--json',
    );
    expect(spec.code).toBe(0);
    expect((JSON.parse(spec.out) as { assumptions: string[] }).assumptions.join(' ')).toContain(
      'speculative decoding: draft llama-3.1-8b',
    );
    const ep = await runCli('plan', '--model', 'mixtral', '--hw', 'h100x8', '--tp', '4', '--ep', '2', '--json');
    expect(ep.code).toBe(0);
    expect((JSON.parse(ep.out) as { best: { plan: { ep: number } } }).best.plan.ep).toBe(2);
    const bad = await runCli('plan', '--model', 'mixtral', '--hw', 'h100x8', '--tp', '4', '--ep', '3');
    expect(bad.code).toBe(2);
  });
});

describe('mixed iterations (chunked prefill riding on decode)', () => {
  it('reads the weights once for a decode batch and a prompt chunk together', async () => {
    const { mixedStepTime, stepTime } = await import('../src/parallelism/step-time.js');
    const { graph, device } = await import('./helpers/graphs.js');
    const dev = device('h100-sxm');
    const tier = dev.memory[0]!;
    const placement = { weights: tier, kv: tier, activations: tier };
    const links = { scaleUp: undefined, stageLink: undefined, pp: 1 };
    const dec = graph({
      model: 'llama-3.1-8b',
      device: 'h100-sxm',
      phase: 'decode',
      batch: 32,
      context: 1000,
      flashAttention: true,
    });
    const chunk = graph({
      model: 'llama-3.1-8b',
      device: 'h100-sxm',
      phase: 'chunked',
      batch: 1,
      chunk: 256,
      context: 500,
      flashAttention: true,
    });
    const mixed = mixedStepTime(dec, chunk, dev, placement, links).time;
    const apart = stepTime(dec, dev, placement, links).time + stepTime(chunk, dev, placement, links).time;
    expect(mixed).toBeLessThan(apart);
    expect(mixed).toBeGreaterThan(stepTime(dec, dev, placement, links).time);
  });
});

describe('llmsim plan --csv', () => {
  it('writes every ranked plan with units in the column names, and leaves no partial file on error', async () => {
    const { mkdtempSync, readFileSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'llmsim-plan-'));
    const out = join(dir, 'plans.csv');
    const ok = await runCli('plan', '--model', 'llama-3.1-8b', '--hw', 'h100x8', '--csv', out);
    expect(ok.code).toBe(0);
    const [header, first] = readFileSync(out, 'utf8').split('\n');
    expect(header).toContain('tpot_ms');
    expect(header).toContain('memory_gb_per_device');
    expect(first).toMatch(/^\d+,\d+,\d+,\d+,\d+,/);
    const bad = await runCli(
      'plan',
      '--model',
      'llama-3.1-8b',
      '--hw',
      'h100x8',
      '--csv',
      join(dir, 'missing', 'x.csv'),
    );
    expect(bad.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['plans.csv']);
  });
});
