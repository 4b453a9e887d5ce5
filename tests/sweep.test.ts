// `llmsim sweep`: the plan search over hardware and workload parameters, as a table, JSON and CSV.
import { describe, expect, it } from 'vitest';
import { findModel } from '../src/workloads/models.js';
import { resolveHardware } from '../src/hardware/cluster.js';
import { inferenceHardware } from '../src/planner/setup.js';
import { DEFAULT_ENGINE, type InferencePlan, type PlanContext } from '../src/planner/inference.js';
import { hardwareBaseline, scaleHardware } from '../src/planner/hardware-scaling.js';
import { parseSweepAxis } from '../src/planner/sweep.js';
import { catalog } from './helpers/graphs.js';
import { runCli } from './helpers/cli.js';

interface SweepJson {
  params: { name: string; unit: string; values: number[]; factors?: number[]; baseline?: number }[];
  metric: string;
  points: { values: Record<string, number>; metric: number | null; plan: InferencePlan | null; reason?: string }[];
}

async function sweepJson(...args: string[]): Promise<SweepJson> {
  const r = await runCli('sweep', ...args, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as SweepJson;
}

const ctx: PlanContext = {
  model: findModel('llama-3.1-8b'),
  hw: inferenceHardware(resolveHardware('h100x8', catalog)),
  workload: { input: 1024, output: 256, serving: true },
  engine: DEFAULT_ENGINE,
};

describe('sweep values', () => {
  it('reads multipliers, ranges and absolute values with units', () => {
    const bw = ctx.hw.device.memory[0]!.bandwidthBytesPerS;
    const f = parseSweepAxis('hbm-bandwidth=0.5:2:0.5', ctx, 'bf16');
    expect(f.factors).toEqual([0.5, 1, 1.5, 2]);
    expect(f.values[1]).toBe(bw);
    const abs = parseSweepAxis('hbm-bandwidth=2TB/s:6TB/s:2TB/s,10 TB/s', ctx, 'bf16');
    expect(abs.values).toEqual([2e12, 4e12, 6e12, 10e12]);
    expect(abs.factors![0]).toBeCloseTo(2e12 / bw, 9);
    expect(parseSweepAxis('input=512:2048:512', ctx, 'bf16').values).toEqual([512, 1024, 1536, 2048]);
    expect(parseSweepAxis('memory-capacity=40GB', ctx, 'bf16').factors).toEqual([0.5]);
    expect(() => parseSweepAxis('batch=1.5', ctx, 'bf16')).toThrow(/positive integers/);
    expect(() => parseSweepAxis('flops=2TB/s', ctx, 'bf16')).toThrow(/expected a compute rate/);
  });

  it('scales one resource and nothing else', () => {
    const hw = scaleHardware(ctx.hw, 'flops', 2);
    expect(hardwareBaseline(hw, 'flops', 'bf16')).toBe(2 * hardwareBaseline(ctx.hw, 'flops', 'bf16')!);
    expect(hw.device.memory).toEqual(ctx.hw.device.memory);
    const links = scaleHardware(ctx.hw, 'link-bandwidth', 2);
    expect(links.scaleUp!.bandwidthBytesPerS).toBe(2 * ctx.hw.scaleUp!.bandwidthBytesPerS);
    expect(links.device).toBe(ctx.hw.device);
  });
});

describe('llmsim sweep', () => {
  it('doubling HBM bandwidth never raises TPOT for a decode-heavy workload', async () => {
    const j = await sweepJson(
      '--model',
      'llama-3.1-70b',
      '--hw',
      'h100x8',
      '--input',
      '128',
      '--output',
      '2048',
      '--batch',
      '8',
      '--objective',
      'latency',
      '--param',
      'hbm-bandwidth=0.25,0.5,1,2,4',
      '--metric',
      'tpot_ms',
    );
    expect(j.metric).toBe('tpot_ms');
    const tpot = j.points.map((p) => p.metric!);
    expect(tpot).toHaveLength(5);
    for (let i = 1; i < tpot.length; i++) expect(tpot[i]).toBeLessThanOrEqual(tpot[i - 1]!);
    // memory-bound decode at low bandwidth: a 16× faster memory is much faster
    expect(tpot[4]).toBeLessThan(tpot[0]! / 2);
  });

  it('runs a 2D grid row-major, first parameter down, second across', async () => {
    const args = ['--model', 'llama-3.1-8b', '--hw', 'h100x8', '--param', 'batch=1,4', '--param', 'input=256,512,1024'];
    const j = await sweepJson(...args, '--metric', 'ttft_ms');
    expect(j.params.map((p) => p.name)).toEqual(['batch', 'input']);
    expect(j.points).toHaveLength(6);
    expect(j.points.map((p) => [p.values.batch, p.values.input])).toEqual([
      [1, 256],
      [1, 512],
      [1, 1024],
      [4, 256],
      [4, 512],
      [4, 1024],
    ]);
    for (const p of j.points) expect(p.plan!.batch).toBe(p.values.batch);
    // longer prompts take longer to prefill
    expect(j.points[2]!.metric!).toBeGreaterThan(j.points[0]!.metric!);
    const text = await runCli('sweep', ...args);
    expect(text.code).toBe(0);
    const grid = text.out.split('\n');
    const header = grid.findIndex((l) => l.startsWith('batch \\ input'));
    expect(grid[header]).toMatch(/batch \\ input +256 +512 +1024/);
    expect(grid[header + 2]).toMatch(/^1 /);
    expect(grid[header + 3]).toMatch(/^4 /);
  });

  it('takes absolute values with units, and writes CSV with units in the column names', async () => {
    const args = ['--model', 'llama-3.1-8b', '--hw', 'h100x8', '--param', 'hbm-bandwidth=2TB/s,4TB/s,8TB/s'];
    const j = await sweepJson(...args);
    expect(j.params[0]!.unit).toBe('B/s');
    expect(j.params[0]!.values).toEqual([2e12, 4e12, 8e12]);
    expect(j.params[0]!.factors![2]).toBeCloseTo(8e12 / j.params[0]!.baseline!, 9);
    expect(j.metric).toBe('output_tokens_per_s');
    const csv = await runCli('sweep', ...args, '--csv');
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe(
      'hbm_bandwidth_B_per_s,hbm_bandwidth_factor,output_tokens_per_s,tp,ep,pp,dp,plan_batch_per_replica,note',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^2000000000000,/);
  });

  it('records a point where nothing fits as null instead of failing', async () => {
    const args = ['--model', 'llama-3.1-70b', '--hw', 'h100x8', '--param', 'memory-capacity=8GB,1,2'];
    const j = await sweepJson(...args);
    expect(j.points[0]).toMatchObject({ metric: null, plan: null });
    expect(j.points[0]!.reason).toMatch(/does not fit: needs .* GB over/);
    expect(j.points[1]!.metric).toBeGreaterThan(0);
    expect(j.points[2]!.metric).toBeGreaterThan(j.points[1]!.metric!);
    const text = await runCli('sweep', ...args);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/8 GB \(×0\.1\) +does not fit/);
    expect(text.out).toContain('1 of 3 points have no plan');
  });

  it('exits 2 on an unknown parameter or metric, with a suggestion', async () => {
    const bad = await runCli('sweep', '--model', 'llama-3.1-8b', '--hw', 'h100x8', '--param', 'hbm-bandwith=1,2');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown sweep parameter 'hbm-bandwith'; did you mean hbm-bandwidth?");
    const metric = await runCli(
      'sweep',
      ...['--model', 'llama-3.1-8b', '--hw', 'h100x8', '--param', 'batch=1', '--metric', 'tpot'],
    );
    expect(metric.code).toBe(2);
    expect(metric.err).toContain('did you mean tpot_ms?');
    const noValues = await runCli('sweep', '--model', 'llama-3.1-8b', '--hw', 'h100x8', '--param', 'flops');
    expect(noValues.code).toBe(2);
    expect(noValues.err).toContain('--param flops has no values');
  });
});
