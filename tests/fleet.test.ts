// Serving on a mixed-device cluster as a fleet: each group of identical devices plans alone, the
// fleet's throughput is the sum of the groups', its latency the worst group's, SLOs hold per group.
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium, openReport } from '../scripts/report-browser.js';
import { resolveHardware } from '../src/hardware/cluster.js';
import type { Cluster } from '../src/hardware/types.js';
import { fleetGroups, searchFleet, splitConcurrency } from '../src/planner/fleet.js';
import { DEFAULT_ENGINE } from '../src/planner/inference.js';
import { searchInference } from '../src/planner/search.js';
import { fleetSetup, planSetup, type PlanFlags } from '../src/cli/plan-setup.js';
import { runFleetPlan } from '../src/cli/plan-fleet.js';
import { findModel } from '../src/workloads/models.js';
import { catalog } from './helpers/graphs.js';
import { runCli } from './helpers/cli.js';

const HW = 'mixed-gpu-a100-h100';
const MODEL = 'llama-3.1-70b';
const dir = mkdtempSync(join(tmpdir(), 'llmsim-fleet-'));
const mixed = resolveHardware(HW, catalog);

const flags = (extra: Partial<PlanFlags> = {}): PlanFlags => ({
  model: MODEL,
  hw: HW,
  input: 1024,
  output: 256,
  objective: 'throughput',
  draftTokens: 4,
  acceptance: 0.7,
  maxBatch: DEFAULT_ENGINE.maxBatch,
  maxNumTokens: DEFAULT_ENGINE.maxNumTokens,
  memoryUtilization: DEFAULT_ENGINE.memoryUtilization,
  ...extra,
});

/** One group of a cluster as a system of its own: what `plan` sees on that group's hardware alone. */
const alone = (c: Cluster, i: number): Cluster => {
  const g = c.groups[i]!;
  return { ...c, id: g.name, groups: [g], totalDevices: g.devicesPerNode * g.nodes };
};

/** The single-device `plan` path (planSetup, then the search) on one group alone. */
function planAlone(c: Cluster, i: number, extra: Partial<PlanFlags> = {}) {
  const s = planSetup(flags(extra), false, { model: findModel(MODEL), cluster: alone(c, i) });
  return searchInference(s.ctx, s.options);
}

function fleet(extra: Partial<PlanFlags> = {}, cluster = mixed) {
  return searchFleet(fleetSetup(flags(extra), { model: findModel(MODEL), cluster }).groups);
}

/** The A100 group cut to one device: a 70B model in bf16 does not fit there. */
const oneA100: Cluster = (() => {
  const [h100, a100] = mixed.groups;
  return {
    ...mixed,
    id: 'h100-and-one-a100',
    name: 'H100 nodes and <b>one</b> A100',
    groups: [
      { ...h100!, name: 'h100 <script>x</script>' },
      { ...a100!, name: 'a100-solo', devicesPerNode: 1, nodes: 1, scaleUp: undefined },
    ],
    totalDevices: 17,
  };
})();

/** Runs the CLI's fleet path on a cluster built in the test (no system file needed). */
function runFleet(cluster: Cluster, extra: Partial<PlanFlags> & { json?: boolean; report?: string } = {}) {
  let out = '';
  const io = { out: (t: string) => void (out += t), err: () => undefined };
  runFleetPlan(io, { ...flags(extra), top: 5, ...extra }, { model: findModel(MODEL), cluster });
  return out;
}

describe('the fleet: a pool per device kind', () => {
  it('splits a mixed cluster into one group per device, each with its own links', () => {
    const pools = fleetGroups(mixed);
    expect(pools.map((p) => [p.name, p.hw.device.id, p.devices, p.hw.scaleUp?.id])).toEqual([
      ['h100', 'h100-sxm', 16, 'nvlink4'],
      ['a100', 'a100-80gb-sxm', 16, 'nvlink3'],
    ]);
  });

  it('merges identical groups on one fabric into one pool; keeps them apart across an inter-group link', () => {
    const [h100, a100] = mixed.groups;
    const three: Cluster = { ...mixed, groups: [h100!, a100!, { ...h100!, name: 'h100b' }], totalDevices: 48 };
    expect(fleetGroups(three).map((p) => [p.name, p.devices])).toEqual([
      ['h100+h100b', 32],
      ['a100', 16],
    ]);
    const apart: Cluster = { ...three, interGroup: { link: h100!.nics[0]!.link, perNode: 1 } };
    expect(fleetGroups(apart).map((p) => p.name)).toEqual(['h100', 'a100', 'h100b']);
  });

  it('splits --concurrency over the groups in proportion to their devices, summing to N', () => {
    expect(splitConcurrency(100, [16, 16])).toEqual([50, 50]);
    expect(splitConcurrency(3, [16, 16])).toEqual([2, 1]);
    expect(splitConcurrency(10, [8, 24])).toEqual([3, 7]);
    expect(splitConcurrency(1, [1, 3])).toEqual([0, 1]);
  });
});

describe('fleet metrics are the groups’ own plans combined', () => {
  it('output tokens/s is the sum of each group planned alone; TTFT, TPOT and e2e are the worst group’s', () => {
    const r = fleet();
    const own = [0, 1].map((i) => planAlone(mixed, i).ranked[0]!);
    expect(r.groups.map((g) => g.status)).toEqual(['serving', 'serving']);
    r.groups.forEach((g, i) => expect(g.best!.metrics).toEqual(own[i]!.metrics));
    const m = r.metrics!;
    expect(m.outputTokensPerS).toBeCloseTo(own[0]!.metrics.outputTokensPerS + own[1]!.metrics.outputTokensPerS, 6);
    expect(m.inputTokensPerS).toBeCloseTo(own[0]!.metrics.inputTokensPerS + own[1]!.metrics.inputTokensPerS, 6);
    expect(m.outputTokensPerSPerDevice).toBeCloseTo(m.outputTokensPerS / 32, 6);
    expect(m.tpotS).toBe(Math.max(...own.map((e) => e.metrics.tpotS)));
    expect(m.ttftS).toBe(Math.max(...own.map((e) => e.metrics.ttftS)));
    expect(m.e2eLatencyS).toBe(Math.max(...own.map((e) => e.metrics.e2eLatencyS)));
    // the H100s serve more per device than the A100s, and the shares follow throughput
    expect(r.groups[0]!.share).toBeGreaterThan(0.5);
    expect(r.groups[0]!.share + r.groups[1]!.share).toBeCloseTo(1, 9);
  });

  it('--batch is per replica in every group; the groups may pick different splits', () => {
    const r = fleet({ batch: 8 });
    for (const g of r.groups) expect(g.best!.plan.batch).toBe(8);
    const own = [0, 1].map((i) => planAlone(mixed, i, { batch: 8 }).ranked[0]!.metrics.outputTokensPerS);
    expect(r.metrics!.outputTokensPerS).toBeCloseTo(own[0]! + own[1]!, 6);
  });

  it('an SLO holds in every group: a group that misses it serves nothing and says by how much', () => {
    const slo = { batch: 8, sloTpot: 20 };
    const r = fleet(slo);
    const [h100, a100] = r.groups;
    expect(h100!.status).toBe('serving');
    expect(a100!.status).toBe('misses-slo');
    expect(a100!.reason).toMatch(/TPOT [\d.]+ ms > 20 ms/);
    expect(r.metrics!.tpotS).toBeLessThanOrEqual(0.02);
    expect(r.metrics!.outputTokensPerS).toBe(planAlone(mixed, 0, slo).ranked[0]!.metrics.outputTokensPerS);
    expect(r.metrics!.servingDevices).toBe(16);
    expect(h100!.share).toBe(1);
  });

  it('a group the model does not fit is listed with the reason while the others serve', () => {
    const r = fleet({}, oneA100);
    expect(r.groups[1]!.status).toBe('does-not-fit');
    expect(r.groups[1]!.reason).toMatch(/does not fit .*GB over.*smallest hardware that fits: \d+ × a100-80gb-sxm/);
    expect(r.metrics!.outputTokensPerS).toBe(r.groups[0]!.best!.metrics.outputTokensPerS);
    expect(r.metrics!.outputTokensPerSPerDevice).toBeCloseTo(r.metrics!.outputTokensPerS / 17, 9);
    const text = runFleet(oneA100);
    expect(text).toMatch(/a100-solo \(1 × a100-80gb-sxm in 1 node of 1\) serves nothing: llama-3.1-70b does not fit/);
  });

  it('a precision one device lacks: that group is not searched, the other serves', () => {
    const r = fleet({ precision: 'fp8' });
    expect(r.groups[0]!.status).toBe('serving');
    expect(r.groups[1]!.status).toBe('not-searched');
    expect(r.groups[1]!.reason).toMatch(/does not compute in fp8/);
  });
});

describe('plan on a mixed cluster (CLI)', () => {
  it('text: a block per group, then the fleet total and which group serves what share', async () => {
    const r = await runCli('plan', '--model', MODEL, '--hw', HW);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('── group h100: 16 × h100-sxm in 2 nodes of 8 ──');
    expect(r.out).toContain('── group a100: 16 × a100-80gb-sxm in 2 nodes of 8 ──');
    expect(r.out).toMatch(/The fleet serves [\d.]+ output tokens\/s .*h100 .* \d+ %.*a100 .* \d+ %/);
    expect(r.out).toMatch(/Fleet latency is the worst group's: TTFT [\d.]+ ms \(a100\)/);
    // what bounds each group: its decode step and the hardware change that helps it most
    expect(r.out).toMatch(/h100 .*decode \w+-bound, most helped by \+50 % [^;]+; a100 .*most helped by \+50 %/);
  });

  it('JSON: best is the fleet (a plan per group, combined metrics); candidates carry their group', async () => {
    const r = await runCli('plan', '--model', MODEL, '--hw', HW, '--json', '--top', '3');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as {
      best: { plan: { groups: { group: string; tp: number; share: number }[] }; metrics: Record<string, unknown> };
      candidates: { group: string; plan: object; metrics: { output_tokens_per_s: number } }[];
      groups: { name: string; status: string; best: { metrics: { output_tokens_per_s: number } }; infeasible: [] }[];
    };
    expect(j.best.plan.groups.map((g) => g.group)).toEqual(['h100', 'a100']);
    for (const k of [
      'prefill_ms',
      'ttft_ms',
      'tpot_ms',
      'e2e_latency_ms',
      'output_tokens_per_s',
      'input_tokens_per_s',
      'output_tokens_per_s_per_device',
      'memory_gb_per_device',
      'memory_gb_per_device_by_group',
    ])
      expect(j.best.metrics).toHaveProperty(k);
    expect(j.candidates.map((c) => c.group)).toEqual(['h100', 'h100', 'h100', 'a100', 'a100', 'a100']);
    const sum = j.groups.reduce((s, g) => s + g.best.metrics.output_tokens_per_s, 0);
    expect(j.best.metrics.output_tokens_per_s).toBeCloseTo(sum, 6);
    // the same numbers as `plan` on each group's hardware alone
    const own = [0, 1].map((i) => planAlone(mixed, i).ranked[0]!.metrics.outputTokensPerS);
    expect(j.best.metrics.output_tokens_per_s).toBeCloseTo(own[0]! + own[1]!, 6);
  });

  it('--concurrency is split over the groups by devices, and says so', async () => {
    const r = await runCli('plan', '--model', MODEL, '--hw', HW, '--concurrency', '48', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { assumptions: string[]; groups: { concurrency: number }[] };
    expect(j.groups.map((g) => g.concurrency)).toEqual([24, 24]);
    expect(j.assumptions.join('\n')).toContain('--concurrency 48 split over the groups in proportion to their devices');
  });

  it('CSV: one row per plan of each group, units in the column names, the chosen ones marked', async () => {
    const file = join(dir, 'fleet.csv');
    const r = await runCli('plan', '--model', MODEL, '--hw', HW, '--csv', file);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(file, 'utf8');
    const header = text.split('\n')[0]!.split(',');
    for (const col of ['group', 'device', 'prefill_ms', 'tpot_ms', 'output_tokens_per_s', 'memory_gb_per_device'])
      expect(header).toContain(col);
    // no field holds a comma or a quote: group names and numbers only
    const rows = text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i]!, v])));
    const ranked = [0, 1].map((i) => planAlone(mixed, i).ranked.length);
    expect(rows.length).toBe(ranked[0]! + ranked[1]!);
    expect(rows.filter((x) => x.chosen === 'yes').map((x) => x.group)).toEqual(['h100', 'a100']);
  });

  it('no group meets the SLO: exit 1 with each group’s closest miss', async () => {
    const r = await runCli('plan', '--model', MODEL, '--hw', HW, '--batch', '8', '--slo-tpot', '5');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /no group of mixed-gpu-a100-h100 can serve.*\n.*h100.*TPOT [\d.]+ ms > 5 ms\)\n.*a100.*TPOT [\d.]+ ms > 5 ms/,
    );
  });

  it('a --tp no group can take is bad input (exit 2)', async () => {
    const r = await runCli('plan', '--model', MODEL, '--hw', HW, '--tp', '3');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--tp 3 is not possible');
  });

  it('an unknown draft model is bad input at once, not a reason per group', async () => {
    const r = await runCli('plan', '--model', MODEL, '--hw', HW, '--draft', 'no-such-model', '--batch', '4');
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('no group');
    expect(r.err).toContain('unknown model "no-such-model"');
  });

  it('training on a mixed cluster is refused with a clear message (exit 2)', async () => {
    const r = await runCli('plan', '--mode', 'train', '--model', MODEL, '--hw', HW);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--mode train: mixed-gpu-a100-h100 mixes devices .*training plans over mixed devices are not modeled/,
    );
  });

  it('single-device clusters keep the plan they had (no fleet)', async () => {
    const r = await runCli('plan', '--model', MODEL, '--hw', 'h100x8', '--json');
    const j = JSON.parse(r.out) as { best: { plan: { tp: number } }; hardware: { fleet?: boolean } };
    expect(j.hardware.fleet).toBeUndefined();
    expect(j.best.plan.tp).toBeGreaterThan(0);
  });
});

describe('fleet report', () => {
  it('is written whole, names every group and escapes names from descriptors', () => {
    const file = join(dir, 'escaped.html');
    runFleet(oneA100, { report: file, json: true });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('h100 &lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;one&lt;/b&gt;');
    expect(html).not.toContain('<script>x</script>');
    expect(html).not.toContain('<b>one</b>');
    expect(html).toContain('a100-solo');
    expect(html).toMatch(/sha256 [0-9a-f]{64}/);
  });
});

const missing = chromiumMissing();
describe.skipIf(missing !== undefined)(`fleet report in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const SHOTS = join(process.cwd(), '.tmp', 'screenshots');
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws a bar per serving group and each group’s candidates', async () => {
    const file = join(dir, 'fleet.html');
    const r = await runCli('plan', '--model', MODEL, '--hw', HW, '--json', '--top', '4', '--report', file);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { groups: { candidates: unknown[] }[] };
    const opened = await openReport(browser, file);
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    const page = opened.page;
    expect(await page.locator('#chart-shares rect.mark').count()).toBe(2);
    for (const [i, g] of j.groups.entries())
      expect(await page.locator(`#chart-group-${i} rect.mark`).count()).toBe(g.candidates.length);
    expect(await page.locator('#group-1 table.data tbody tr').count()).toBeGreaterThanOrEqual(4);
    // weights, KV cache, workspace, free and reserved per group's chosen plan
    expect(await page.locator('#chart-memory rect.mark.seg').count()).toBeGreaterThanOrEqual(2 * 4);
    await page.screenshot({ path: join(SHOTS, 'fleet.png'), fullPage: true });
  }, 60_000);

  it('a group that serves nothing has no bar, and its section says why', async () => {
    const file = join(dir, 'one-a100.html');
    runFleet(oneA100, { report: file, json: true });
    const opened = await openReport(browser, file);
    expect(opened.errors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    expect(await opened.page.locator('#chart-shares rect.mark').count()).toBe(1);
    expect(await opened.page.locator('#group-1').innerText()).toMatch(/Serves nothing: llama-3.1-70b does not fit/);
  }, 60_000);
});
