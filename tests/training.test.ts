// The training model: pipeline schedules, activation memory (Korthikanti et al. 2022), ZeRO, PEFT,
// FLOP conventions, the plan search, published qualitative facts, bad input, and the CLI.
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel } from '../src/workloads/models.js';
import { resolveHardware } from '../src/hardware/cluster.js';
import { inferenceHardware } from '../src/planner/setup.js';
import { bubbleTime, pipelineTime, simulateSchedule } from '../src/parallelism/pipeline.js';
import { layerActivationBytes } from '../src/workloads/activation-memory.js';
import { parsePeft, peftTrainableParams } from '../src/workloads/peft.js';
import { trainingFlops } from '../src/planner/training-flops.js';
import {
  evaluateTraining,
  layerForwardBackwardS,
  trainingDevice,
  trainingFormat,
  type TrainContext,
  type TrainPlan,
} from '../src/planner/training.js';
import { searchTraining } from '../src/planner/training-search.js';
import { InputError } from '../src/errors.js';
import { catalog } from './helpers/graphs.js';
import { runCli } from './helpers/cli.js';

function context(model: string, hw: string, seqLen = 2048, globalBatch = 64): TrainContext {
  const h = inferenceHardware(resolveHardware(hw, catalog));
  return { model: findModel(model), hw: { ...h, device: trainingDevice(h.device) }, workload: { seqLen, globalBatch } };
}

function plan(ctx: TrainContext, p: Partial<TrainPlan>): TrainPlan {
  const devices = ctx.hw.devicesPerNode * ctx.hw.nodes;
  const tp = p.tp ?? 1;
  const pp = p.pp ?? 1;
  const cp = p.cp ?? 1;
  return {
    tp,
    pp,
    cp,
    dp: devices / (tp * pp * cp),
    cpKind: 'ring',
    ep: 1,
    microBatch: 1,
    vp: 1,
    recompute: 'none',
    zero: 0,
    sequenceParallel: tp > 1,
    format: trainingFormat(ctx.hw.device, undefined, p.peft),
    flashAttention: true,
    overlapGradReduce: true,
    ...p,
  };
}

const fits = (e: ReturnType<typeof evaluateTraining>) => {
  if (!e.fits) throw new Error(e.reason);
  return e;
};

describe('pipeline schedules', () => {
  it('playing 1F1B op by op takes (m + p − 1)(t_f + t_b), the closed form', () => {
    for (const [p, m] of [
      [4, 8],
      [8, 8],
      [4, 2],
    ] as const) {
      const shape = { stages: p, microBatches: m, virtualStages: 1 };
      expect(simulateSchedule(shape, 1, 2).makespan).toBeCloseTo(pipelineTime(shape, 1, 2), 9);
    }
  });

  it('the interleaved schedule shrinks the bubble by v, op by op and in closed form', () => {
    const plain = { stages: 4, microBatches: 8, virtualStages: 1 };
    const inter = { stages: 4, microBatches: 8, virtualStages: 2 };
    const a = simulateSchedule(plain, 1, 2).makespan;
    const b = simulateSchedule(inter, 1, 2).makespan;
    expect(b).toBeLessThan(a);
    expect(b).toBeCloseTo(pipelineTime(inter, 1, 2), 9);
    expect(bubbleTime(inter, 1, 2)).toBeCloseTo(bubbleTime(plain, 1, 2) / 2, 12);
  });

  it('a training plan with an interleaved schedule has a smaller bubble share and, when the bubble dominates, a shorter step (Narayanan et al. 2021)', () => {
    // 4 micro-batches on 4 stages: the bubble is 3/4 of the ideal time
    const ctx = context('llama-2-13b', 'h100x64', 4096, 16);
    const base = plan(ctx, { tp: 4, pp: 4, microBatch: 1, zero: 1, recompute: 'selective' });
    const one = fits(evaluateTraining(ctx, base));
    const inter = fits(evaluateTraining(ctx, { ...base, vp: 5 }));
    expect(inter.metrics.bubbleShare).toBeLessThan(one.metrics.bubbleShare / 3);
    expect(inter.metrics.stepS).toBeLessThan(one.metrics.stepS);
  });
});

describe('activation memory (Korthikanti et al. 2022)', () => {
  const gpt = findModel('gpt-22b');
  const req = { model: gpt, microBatch: 4, seqLen: 2048, activationBytes: 2, dropout: true, flashAttention: false };
  const { hidden: h, heads: a } = gpt;
  const sbh = 4 * 2048 * h;

  it('one GPT layer keeps s·b·h·(34 + 5·a·s/h) bytes without parallelism', () => {
    const r = layerActivationBytes({ ...req, tp: 1, sequenceParallel: false, recompute: 'none' });
    expect(r.bytes).toBeCloseTo(sbh * (34 + (5 * a * 2048) / h), -3);
  });

  it('with TP t: s·b·h·(10 + 24/t + 5·a·s/(h·t)); with SP as well: s·b·h·(34/t + 5·a·s/(h·t))', () => {
    const t = 8;
    const tp = layerActivationBytes({ ...req, tp: t, sequenceParallel: false, recompute: 'none' });
    expect(tp.bytes).toBeCloseTo(sbh * (10 + 24 / t + (5 * a * 2048) / (h * t)), -3);
    const sp = layerActivationBytes({ ...req, tp: t, sequenceParallel: true, recompute: 'none' });
    expect(sp.bytes).toBeCloseTo(sbh * (34 / t + (5 * a * 2048) / (h * t)), -3);
  });

  it('selective recomputation drops the score terms; full keeps only the layer input (2·s·b·h/t with SP)', () => {
    const sel = layerActivationBytes({ ...req, tp: 8, sequenceParallel: true, recompute: 'selective' });
    expect(sel.bytes).toBeCloseTo((sbh * 34) / 8, -3);
    const full = layerActivationBytes({ ...req, tp: 8, sequenceParallel: true, recompute: 'full' });
    expect(full.bytes).toBeCloseTo((2 * sbh) / 8, -3);
  });
});

describe('Korthikanti Table 4: selective recomputation + SP recovers most of the speed at a fraction of the memory', () => {
  // GPT-22B, TP 8 on a DGX A100, micro-batch 4 × 2048, the unfused attention of 2022's Megatron
  const ctx = context('gpt-22b', 'a100x8', 2048, 4);
  const layer = (p: Partial<TrainPlan>) =>
    layerForwardBackwardS(ctx, plan(ctx, { tp: 8, microBatch: 4, flashAttention: false, ...p }));
  const memory = (p: Partial<TrainPlan>) =>
    layerActivationBytes({
      model: ctx.model,
      microBatch: 4,
      seqLen: 2048,
      tp: 8,
      activationBytes: 2,
      dropout: true,
      flashAttention: false,
      sequenceParallel: false,
      recompute: 'none',
      ...p,
    }).bytes;

  it('selective + SP costs at most 10 % more time than no recomputation; full recomputation ≥ 25 % more', () => {
    const none = layer({ recompute: 'none', sequenceParallel: false });
    const selSp = layer({ recompute: 'selective', sequenceParallel: true });
    const full = layer({ recompute: 'full', sequenceParallel: false });
    expect(selSp / none).toBeLessThan(1.1);
    expect(full / none).toBeGreaterThan(1.25);
  });

  it('and keeps under 20 % of the activations', () => {
    expect(memory({ recompute: 'selective', sequenceParallel: true }) / memory({})).toBeLessThan(0.2);
  });
});

describe('memory per device', () => {
  const ctx = context('llama-3.1-8b', 'h100x8', 4096, 64);

  it('ZeRO stages shard optimizer states, then gradients, then weights over the data-parallel ranks', () => {
    const m = (zero: 0 | 1 | 2 | 3) =>
      evaluateTraining(ctx, plan(ctx, { zero, recompute: 'full' }), { requireFit: false }).memory;
    const [z0, z1, z2, z3] = [m(0), m(1), m(2), m(3)];
    expect(z1.optimizerBytes).toBeCloseTo(z0.optimizerBytes / 8, 0);
    expect(z1.gradientBytes).toBe(z0.gradientBytes);
    expect(z2.gradientBytes).toBeCloseTo(z0.gradientBytes / 8, 0);
    expect(z3.weightsBytes).toBeLessThan(z0.weightsBytes / 4);
    // 16 bytes per parameter before sharding (ZeRO paper §3.1)
    expect((z0.weightsBytes + z0.gradientBytes + z0.optimizerBytes) / z0.params).toBeCloseTo(16, 6);
  });

  it('a plan that does not fit says what overflows and by how much', () => {
    const big = context('llama-3.1-70b', 'h100x8', 4096, 64);
    const e = evaluateTraining(big, plan(big, { zero: 0 }));
    expect(e.fits).toBe(false);
    if (!e.fits) expect(e.reason).toMatch(/optimizer [\d.]+.*GB over/);
  });
});

describe('PEFT', () => {
  const m = findModel('llama-2-7b');

  it('LoRA r=16 on q and v of Llama-2-7B trains 8,388,608 parameters (32 layers × 2 × 16 × (4096 + 4096))', () => {
    expect(peftTrainableParams(m, parsePeft('lora:r=16,targets=q_proj+v_proj'))).toBe(8_388_608);
  });

  it('LoRA is faster than full fine-tuning (no weight gradients of the base) and needs far less memory; QLoRA less still', () => {
    const ctx = context('llama-2-7b', 'a100x8', 2048, 64);
    const full = fits(evaluateTraining(ctx, plan(ctx, { zero: 1 })));
    const loraSpec = parsePeft('lora:r=16');
    const lora = fits(evaluateTraining(ctx, plan(ctx, { peft: loraSpec })));
    const qloraSpec = parsePeft('qlora:r=16');
    const qlora = evaluateTraining(ctx, plan(ctx, { peft: qloraSpec }), { requireFit: false });
    expect(lora.metrics.stepS).toBeLessThan(full.metrics.stepS * 0.8);
    expect(lora.memory.optimizerBytes).toBeLessThan(full.memory.optimizerBytes / 100);
    expect(qlora.memory.weightsBytes).toBeLessThan(lora.memory.weightsBytes * 0.3);
  });

  it('adapters, prefix and prompt tuning count their parameters and run', () => {
    const ctx = context('llama-2-7b', 'a100x8', 2048, 64);
    for (const spec of ['adapter:r=64', 'adapter:r=64,placement=parallel', 'prefix:tokens=30', 'prompt:tokens=20']) {
      const p = parsePeft(spec);
      expect(peftTrainableParams(m, p), spec).toBeGreaterThan(0);
      expect(fits(evaluateTraining(ctx, plan(ctx, { peft: p }))).metrics.stepS, spec).toBeGreaterThan(0);
    }
  });

  it('bad specs name what is wrong', () => {
    expect(() => parsePeft('lora:r=16,targets=q_prj')).toThrow(/did you mean q_proj/);
    expect(() => parsePeft('lorra:r=16')).toThrow(/did you mean lora/);
    expect(() => parsePeft('lora:r=0')).toThrow(/positive integer/);
  });
});

describe('FLOP conventions', () => {
  it("full recomputation's hardware FLOPs match Megatron-LM's Eq. 3 within 1 %", () => {
    const m = findModel('gpt-1.7b');
    const [B, s, l, h, V] = [512, 2048, m.layers, m.hidden, m.vocab];
    const eq3 = 96 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h));
    const f = trainingFlops(m, s, B, 'full');
    expect(f.hardware / eq3).toBeGreaterThan(0.99);
    expect(f.hardware / eq3).toBeLessThan(1.01);
    expect(f.model / f.hardware).toBeCloseTo(0.75, 1);
  });
});

describe('the search', () => {
  it('finds a fitting plan for Llama-3.1-70B on 64 H100s and ranks by step time', () => {
    const ctx = context('llama-3.1-70b', 'h100x64', 4096, 512);
    const r = searchTraining(ctx, {
      format: trainingFormat(ctx.hw.device, undefined),
      flashAttention: true,
      cpKind: 'ring',
    });
    expect(r.ranked.length).toBeGreaterThan(10);
    expect(r.infeasible.length).toBeGreaterThan(0);
    for (let i = 1; i < r.ranked.length; i++)
      expect(r.ranked[i]!.metrics.stepS).toBeGreaterThanOrEqual(r.ranked[i - 1]!.metrics.stepS);
    const best = r.ranked[0]!;
    expect(best.plan.tp * best.plan.pp * best.plan.dp * best.plan.cp).toBe(64);
    expect(best.metrics.mfu).toBeGreaterThan(0.2);
    expect(best.metrics.mfu).toBeLessThan(0.8);
  });

  it('skips what the model or batch cannot split into, and counts it', () => {
    const ctx = context('llama-3.1-8b', 'h100x8', 4096, 12);
    const r = searchTraining(ctx, {
      format: trainingFormat(ctx.hw.device, undefined),
      flashAttention: true,
      cpKind: 'ring',
    });
    const reasons = [...r.skipped.values()].map((x) => x.example).join('\n');
    expect(reasons).toMatch(/not divisible by DP/);
  });
});

describe('bad input', () => {
  const ctx = context('llama-3.1-8b', 'h100x8', 4096, 64);
  const bad =
    (p: Partial<TrainPlan>, c = ctx) =>
    () =>
      evaluateTraining(c, plan(c, p));

  it('global batch not divisible by DP × micro-batch, TP not dividing heads, PP beyond the layers: clear errors', () => {
    expect(bad({ microBatch: 3 })).toThrow(/global batch 64 is not divisible by DP 8 × micro-batch 3/);
    expect(bad({ tp: 8, dp: 1, pp: 1, cp: 1 })).not.toThrow();
    const odd = context('llama-3.1-8b', 'h100x64', 4096, 64);
    expect(bad({ tp: 1, pp: 64, dp: 1 }, odd)).toThrow(/larger than llama-3.1-8b's 32 layers/);
    expect(() => evaluateTraining(ctx, { ...plan(ctx, {}), tp: 3, dp: 8 / 3 })).toThrow(InputError);
  });

  it('a sequence longer than the context needs context parallelism', () => {
    const long = context('llama-2-7b', 'h100x8', 16384, 8);
    expect(bad({}, long)).toThrow(/exceeds llama-2-7b's context of 4096; use context parallelism/);
    expect(bad({ cp: 4, dp: 2 }, long)).not.toThrow();
  });
});

describe('llmsim plan --mode train', () => {
  it('--json has best and candidates with plan and the documented metric keys', async () => {
    const r = await runCli(
      'plan',
      '--mode',
      'train',
      '--model',
      'llama-3.1-8b',
      '--hw',
      'h100x8',
      '--seq-len',
      '4096',
      '--global-batch',
      '64',
      '--tokens',
      '1T',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    for (const key of [
      'step_s',
      'tokens_per_s',
      'tflops_per_device',
      'mfu',
      'hfu',
      'memory_gb_per_device',
      'time_to_train_days',
      'device_hours',
    ]) {
      expect(j.best.metrics, key).toHaveProperty(key);
    }
    expect(j.best.plan).toMatchObject({
      tp: expect.any(Number),
      pp: expect.any(Number),
      dp: expect.any(Number),
      zero: expect.any(Number),
    });
    expect(j.candidates.length).toBeGreaterThan(1);
    expect(j.best.metrics.time_to_train_days).toBeGreaterThan(1);
  });

  it('prints a table and an explanation; fine-tuning with LoRA is cheaper than full fine-tuning', async () => {
    const args = [
      'plan',
      '--mode',
      'train',
      '--model',
      'llama-2-7b',
      '--hw',
      'a100x8',
      '--seq-len',
      '2048',
      '--global-batch',
      '64',
      '--json',
    ];
    const full = JSON.parse((await runCli(...args)).out);
    const lora = JSON.parse((await runCli(...args, '--peft', 'lora:r=16')).out);
    expect(lora.best.metrics.step_s).toBeLessThan(full.best.metrics.step_s);
    const text = await runCli(
      'plan',
      '--mode',
      'train',
      '--model',
      'llama-2-7b',
      '--hw',
      'a100x8',
      '--global-batch',
      '64',
    );
    expect(text.out).toMatch(/Best: TP \d+ × PP \d+ × DP \d+/);
    expect(text.out).toMatch(/What would move it most: \+50 % peak FLOP\/s/);
  });

  it('--csv writes every ranked plan with units in the column names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmsim-train-'));
    const file = join(dir, 'plans.csv');
    const r = await runCli(
      'plan',
      '--mode',
      'train',
      '--model',
      'llama-3.1-8b',
      '--hw',
      'a100x8',
      '--global-batch',
      '64',
      '--csv',
      file,
    );
    expect(r.code, r.err).toBe(0);
    const [header, first] = readFileSync(file, 'utf8').split('\n');
    expect(header).toContain('step_s');
    expect(header).toContain('memory_gb_per_device');
    expect(first).toMatch(/^1,/);
    expect(existsSync(file)).toBe(true);
  });

  it('contradictory flags and flags of the other mode exit 2 with the reason', async () => {
    const tp3 = await runCli('plan', '--mode', 'train', '--model', 'llama-3.1-8b', '--hw', 'h100x8', '--tp', '3');
    expect(tp3.code).toBe(2);
    expect(tp3.err).toMatch(/--tp 3 does not divide the 8 devices/);
    const mixed = await runCli(
      'plan',
      '--mode',
      'train',
      '--model',
      'llama-3.1-8b',
      '--hw',
      'h100x8',
      '--slo-ttft',
      '200',
    );
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/--slo-ttft applies only to --mode inference/);
    const inf = await runCli('plan', '--model', 'llama-3.1-8b', '--hw', 'h100x8', '--zero', '3');
    expect(inf.code).toBe(2);
    expect(inf.err).toMatch(/--zero applies only to --mode train/);
  });

  it('a model that fits nowhere on the hardware exits 1 and names the smallest hardware that fits', async () => {
    const r = await runCli(
      'plan',
      '--mode',
      'train',
      '--model',
      'llama-3.1-70b',
      '--hw',
      'a100x8',
      '--global-batch',
      '64',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /does not fit on a100x8 with any training plan.*smallest hardware that fits: a100-80gb-sxmx\d+/,
    );
  });
});

describe('parallel groups and data-parallel traffic', () => {
  const hw = inferenceHardware(resolveHardware('h100x64', catalog));

  it("a group at stride 8 on 8-GPU nodes has one member per node and each member gets its node's share of the NICs", async () => {
    const { groupSpan } = await import('../src/parallelism/groups.js');
    const dp = groupSpan(hw, 8, 8);
    expect(dp).toMatchObject({ perNode: 1, nodes: 8 });
    expect(dp.neighbourLink?.id).toBe(hw.nic?.id);
    const tp = groupSpan(hw, 8, 1);
    expect(tp).toMatchObject({ perNode: 8, nodes: 1 });
    expect(tp.neighbourLink?.id).toBe(hw.scaleUp?.id);
  });

  it('overlapped gradient reduction exposes only what the last backward cannot hide; ZeRO-3 exposes more as compute shrinks', async () => {
    const { gradSyncTime } = await import('../src/parallelism/data-parallel.js');
    const { groupSpan } = await import('../src/parallelism/groups.js');
    const base = {
      zero: 0 as const,
      group: groupSpan(hw, 64, 1),
      groupSize: 64,
      trainableParams: 8e9,
      params: 8e9,
      gradBytes: 2,
      paramBytes: 2,
      layers: 32,
      microBatches: 4,
      forwardS: 1,
      backwardS: 2,
      overlap: true,
    };
    const long = gradSyncTime(base);
    expect(long.exposedS).toBeLessThan(long.totalS / 5);
    expect(gradSyncTime({ ...base, overlap: false }).exposedS).toBeCloseTo(long.totalS, 12);
    const z3 = (s: number) => gradSyncTime({ ...base, zero: 3, forwardS: s, backwardS: 2 * s }).exposedS;
    expect(z3(0.01)).toBeGreaterThan(z3(1));
  });

  it('Ulysses context parallelism runs, with all-to-all traffic that ring attention hides', () => {
    const ctx = context('llama-3.1-8b', 'h100x64', 32768, 64);
    const ring = fits(evaluateTraining(ctx, plan(ctx, { cp: 8, zero: 1, recompute: 'full' })));
    const ulysses = fits(evaluateTraining(ctx, plan(ctx, { cp: 8, cpKind: 'ulysses', zero: 1, recompute: 'full' })));
    expect(ulysses.breakdown.modelParallelCommS).toBeGreaterThan(ring.breakdown.modelParallelCommS);
  });
});

describe('expert parallelism (MoE)', () => {
  it('EP across data-parallel replicas adds all-to-all traffic and shrinks the experts each device holds', () => {
    const ctx = context('mixtral-8x7b', 'h100x64', 4096, 256);
    const dense = evaluateTraining(ctx, plan(ctx, { tp: 2, zero: 1, recompute: 'full' }), { requireFit: false });
    const ep = evaluateTraining(ctx, plan(ctx, { tp: 2, ep: 8, zero: 1, recompute: 'full' }), { requireFit: false });
    if (!dense.fits || !ep.fits) throw new Error('unexpected: evaluated without the memory check');
    expect(ep.memory.params).toBeLessThan(dense.memory.params / 2);
    expect(ep.breakdown.modelParallelCommS).toBeGreaterThan(dense.breakdown.modelParallelCommS);
  });
});
