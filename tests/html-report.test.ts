// HTML reports: made through the real CLI, opened in headless Chromium, checked mark by mark
// against the numbers the same command prints as JSON; plus what needs no browser.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCli } from './helpers/cli.js';
import { oneFOneB } from './helpers/one-f-one-b.js';
import { chromiumMissing, launchChromium, openReport } from '../scripts/report-browser.js';
import { escapeHtml, jsonForScript } from '../src/reports/html/escape.js';
import { pipelineBubbles, pipelineSection } from '../src/reports/html/pipeline-chart.js';
import { renderPage } from '../src/reports/html/page.js';
import { planPhaseTimes } from '../src/reports/html/plan-breakdown.js';
import { planSetup, type PlanFlags } from '../src/cli/plan-setup.js';
import { searchInference } from '../src/planner/search.js';
import { DEFAULT_ENGINE } from '../src/planner/inference.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsim-html-'));
const SHOTS = '.tmp/screenshots';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function cli(...args: string[]) {
  const r = await runCli(...args);
  expect(r.code, r.err).toBe(0);
  return r;
}

describe('HTML reports without a browser', () => {
  it('escapes text for HTML and JSON so nothing can close the script tag', () => {
    expect(escapeHtml(`<script>alert("1")</script> & 'x'`)).toBe(
      '&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;',
    );
    const nasty = { name: '</script><!-- <script>alert(1)</script> & \u2028\u2029' };
    const json = jsonForScript(nasty);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(nasty);
  });

  it('is the same bytes for the same input', async () => {
    const a = join(dir, 'same-a.html');
    const b = join(dir, 'same-b.html');
    await cli('roofline', '--model', 'llama-8b', '--hw', 'h100x8', '--tp', '2', '--report', a);
    await cli('roofline', '--model', 'llama-8b', '--hw', 'h100x8', '--tp', '2', '--report', b);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('states its inputs: descriptor files with their sha256, sources, the llmsim version', async () => {
    const file = join(dir, 'inputs.html');
    const r = await cli('plan', '--model', 'llama-8b', '--hw', 'h100x8', '--report', file);
    expect(r.out).toContain(`wrote ${file}`);
    const html = readFileSync(file, 'utf8');
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(html).toContain(`llmsim ${version}`);
    for (const f of ['hw-specs/systems/h100x8.json', 'hw-specs/devices/h100-sxm.json', 'hw-specs/links/nvlink4.json']) {
      expect(html).toContain(`<code>${f}</code> <span class="hash">sha256 ${sha256(f)}</span>`);
    }
    expect(html).toContain('NVIDIA H100 Tensor Core GPU datasheet');
    expect(html).toContain('llama-3.1-8b');
    expect(html).toContain('1024 input + 256 output tokens');
  });

  it('the compiled CLI, run from another folder, inlines d3 and the chart scripts and names shipped files by their package path', () => {
    expect(existsSync('dist/cli/main.js'), 'run `npm run build` first').toBe(true);
    const file = join(dir, 'from-dist.html');
    execFileSync(
      process.execPath,
      [resolve('bin/llmsim.js'), 'roofline', '--model', 'llama-8b', '--hw', 'h100x1', '--report', file],
      { cwd: dir, encoding: 'utf8' },
    );
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('LL.charts.roofline');
    expect(html).toContain('d3js.org');
    expect(html).toContain('<code>hw-specs/devices/h100-sxm.json</code>');
  });

  it('rejects a report path it could not write, before any work, with exit 2', async () => {
    const cases: [string, string][] = [
      [join(dir, 'no-such-folder', 'r.html'), 'does not exist'],
      [dir, 'is a folder'],
      [join(dir, 'report.txt'), 'name the file *.html'],
    ];
    for (const [path, message] of cases) {
      const r = await runCli('roofline', '--model', 'llama-8b', '--hw', 'h100x1', '--report', path);
      expect(r.code, path).toBe(2);
      expect(r.err).toContain(message);
    }
    expect(existsSync(join(dir, 'report.txt'))).toBe(false);
  });

  it('leaves the previous report whole when the write fails', async () => {
    const target = join(dir, 'blocked.html');
    writeFileSync(target, 'the previous report');
    // a folder where the temporary file would go makes the write fail after the checks
    mkdirSync(join(dir, `.blocked.html.${process.pid}.tmp`));
    const r = await runCli('roofline', '--model', 'llama-8b', '--hw', 'h100x1', '--report', target);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot write ${target}`);
    expect(readFileSync(target, 'utf8')).toBe('the previous report');
  });

  it('1F1B pipeline bubbles are (p − 1) / (m + p − 1) of the step with uniform stages', () => {
    // Narayanan et al. 2021 (Megatron-LM, §2.2.1): bubble time (p − 1)(tf + tb) over m micro-batches
    for (const [p, m] of [
      [4, 8],
      [2, 1],
      [8, 32],
    ] as const) {
      const s = oneFOneB(p, m, 1e-3, 2e-3);
      const b = pipelineBubbles(s);
      expect(b.makespan).toBeCloseTo((m + p - 1) * 3e-3, 12);
      expect(b.bubbleFraction).toBeCloseTo((p - 1) / (m + p - 1), 12);
    }
    expect(() =>
      pipelineBubbles({ stages: 2, events: [{ stage: 2, microBatch: 0, kind: 'forward', start: 0, end: 1 }] }),
    ).toThrow(/stage 2/);
  });

  it("the plan report's time breakdown adds up to the planner's prefill and decode step", () => {
    const flags: PlanFlags = {
      model: 'llama-70b',
      hw: 'h100x8',
      input: 1024,
      output: 256,
      objective: 'throughput',
      draftTokens: 4,
      acceptance: 0.7,
      maxBatch: DEFAULT_ENGINE.maxBatch,
      maxNumTokens: DEFAULT_ENGINE.maxNumTokens,
      memoryUtilization: DEFAULT_ENGINE.memoryUtilization,
    };
    const { ctx, options } = planSetup(flags);
    const result = searchInference(ctx, options);
    for (const e of result.ranked.slice(0, 5)) {
      const [prefill, decode] = planPhaseTimes(ctx, e);
      const sum = (p: typeof prefill) => p!.ops.reduce((s, o) => s + o.seconds, 0);
      expect(sum(prefill) / e.metrics.prefillS).toBeCloseTo(1, 9);
      expect(sum(decode) / e.decode.time).toBeCloseTo(1, 9);
    }
  });
});

const missing = chromiumMissing();
if (missing) console.warn(`HTML report browser tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)(`HTML reports in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report, checks it loaded cleanly and offline, saves a screenshot. */
  async function open(file: string, name: string): Promise<{ page: Page; loadMs: number }> {
    const r = await openReport(browser, file);
    expect(r.errors, 'console errors').toEqual([]);
    expect(r.requests, 'requests besides the file itself').toEqual([r.url]);
    expect(r.dialogs).toEqual([]);
    expect(await r.page.locator('.chart-error').count(), 'charts that failed').toBe(0);
    await r.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    return { page: r.page, loadMs: r.loadMs };
  }

  const count = (page: Page, selector: string) => page.locator(selector).count();

  /** The chart data the page embeds, by section id. */
  async function embedded<T>(page: Page, id: string): Promise<T> {
    const text = await page.locator('#report-data').textContent();
    return (JSON.parse(text!) as Record<string, { data: T }>)[id]!.data;
  }

  /** Stacked-bar segments the data asks for: one per non-zero value. */
  async function expectSegments(page: Page, id: string) {
    const d = await embedded<{ series: { values: number[] }[] }>(page, id);
    const n = d.series.reduce((s, x) => s + x.values.filter((v) => v > 0).length, 0);
    expect(n).toBeGreaterThan(0);
    expect(await count(page, `#chart-${id} rect.mark.seg`), id).toBe(n);
  }

  it('roofline: a point per op, a roof per precision peak and memory tier, breakdown and memory bars', async () => {
    const file = join(dir, 'roofline.html');
    const r = await cli('roofline', '--model', 'llama-70b', '--hw', 'h100x8', '--tp', '8', '--json', '--report', file);
    const json = JSON.parse(r.out) as { ops: { flops: number; bytes: number; bound: string }[] };
    const plottable = json.ops.filter((o) => o.bound !== 'communication' && o.flops > 0 && o.bytes > 0).length;
    expect(plottable).toBeGreaterThan(10);
    const { page } = await open(file, 'roofline');
    expect(await count(page, '#chart-roofline circle.mark.op')).toBe(plottable);
    // H100: fp64 = fp32, tf32, fp16 = bf16, fp8 = int8 (hw-specs/devices/h100-sxm.json) — four peaks, one HBM tier
    expect(await count(page, '#chart-roofline line.roof.precision')).toBe(4);
    expect(await count(page, '#chart-roofline line.roof.tier')).toBe(1);
    expect(await page.locator('#chart-roofline circle.mark.op title').first().textContent()).toMatch(/FLOP\/B/);
    // prefill and decode side by side
    expect((await embedded<{ categories: string[] }>(page, 'time-by-kind')).categories).toEqual([
      'prefill (1024 tokens)',
      'decode step (1024 cached)',
    ]);
    expect(await count(page, '#chart-time-by-kind .x-axis .tick')).toBe(2);
    await expectSegments(page, 'time-by-kind');
    await expectSegments(page, 'time-by-part');
    await expectSegments(page, 'memory');
    expect(await count(page, '#ops tbody tr')).toBe(json.ops.length);
  });

  it('plan: the objective of each candidate, the chosen one highlighted, infeasible plans with the reason', async () => {
    const file = join(dir, 'plan.html');
    const r = await cli('plan', '--model', 'llama-70b', '--hw', 'a100x8', '--json', '--report', file);
    const json = JSON.parse(r.out) as {
      candidates: { metrics: { output_tokens_per_s: number } }[];
      infeasible: { reason: string }[];
      best: { tpot_curve: unknown[] };
    };
    const { page } = await open(file, 'plan');
    expect(await count(page, '#chart-plans rect.mark.bar')).toBe(json.candidates.length);
    expect(await count(page, '#chart-plans rect.mark.bar.chosen-mark')).toBe(1);
    const bars = await embedded<{ values: number[] }>(page, 'plans');
    expect(bars.values).toEqual(json.candidates.map((c) => c.metrics.output_tokens_per_s));
    expect(await count(page, '#plans tr.chosen')).toBe(1);
    expect(json.infeasible.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#plans').textContent()).toContain(json.infeasible[0]!.reason);
    await expectSegments(page, 'time-by-kind');
    await expectSegments(page, 'time-by-part');
    await expectSegments(page, 'memory');
    expect(await count(page, '#chart-memory line.limit')).toBe(
      (await embedded<{ categories: string[] }>(page, 'memory')).categories.length,
    );
    expect(await count(page, '#chart-tpot-curve path.mark.line')).toBe(1);
    expect(await count(page, '#chart-tpot-curve circle.mark.dot')).toBe(json.best.tpot_curve.length);
    expect(await count(page, '#sensitivities tbody tr')).toBeGreaterThan(0);
    // printed: every chart inside the page width, and Chromium makes a PDF of it
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    // a string: the page's DOM types are not in this project's lib
    const overflow = await page.evaluate(
      `[...document.querySelectorAll('.chart svg')].filter((svg) => svg.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length`,
    );
    expect(overflow).toBe(0);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('sweep: a line over one parameter, a line per value of a second, gaps where nothing fits', async () => {
    const one = join(dir, 'sweep-1d.html');
    const r1 = await cli(
      'sweep',
      '--model',
      'llama-70b',
      '--hw',
      'h100x8',
      '--param',
      'memory-capacity=10GB,20GB,40GB,80GB,160GB',
      '--json',
      '--report',
      one,
    );
    const points = (JSON.parse(r1.out) as { points: { metric: number | null }[] }).points;
    const fitted = points.filter((p) => p.metric !== null).length;
    expect(fitted).toBeLessThan(points.length); // 10 GB per device cannot hold the model
    const p1 = (await open(one, 'sweep-1d')).page;
    expect(await count(p1, '#chart-sweep path.mark.line')).toBe(1);
    expect(await count(p1, '#chart-sweep circle.mark.dot')).toBe(fitted);
    expect(await p1.locator('#chart-sweep circle.mark.dot title').first().textContent()).toMatch(/best plan TP=\d+/);
    expect(await count(p1, '#points tbody tr')).toBe(points.length);

    const two = join(dir, 'sweep-2d.html');
    await cli(
      'sweep',
      '--model',
      'llama-70b',
      '--hw',
      'h100x8',
      '--param',
      'hbm-bandwidth=2TB/s:8TB/s:2TB/s',
      '--param',
      'memory-capacity=40GB,80GB,160GB',
      '--report',
      two,
    );
    const p2 = (await open(two, 'sweep-2d')).page;
    expect(await count(p2, '#chart-sweep path.mark.line')).toBe(3);
    expect(await count(p2, '#chart-sweep circle.mark.dot')).toBe(12);
  });

  it('sweep of 10,000 points: a heatmap cell each, under 5 MB, drawn in under 2 s', async () => {
    const file = join(dir, 'sweep-10k.html');
    await cli(
      'sweep',
      '--model',
      'llama-8b',
      '--hw',
      'h100x1',
      '--batch',
      '8',
      '--param',
      'input=64:6400:64',
      '--param',
      'output=16:1600:16',
      '--metric',
      'tpot_ms',
      '--report',
      file,
    );
    const bytes = statSync(file).size;
    expect(bytes).toBeLessThan(5e6);
    const { page, loadMs } = await open(file, 'sweep-10k');
    expect(await count(page, '#chart-sweep rect.mark.cell')).toBe(10_000);
    expect(loadMs).toBeLessThan(2000);
    console.log(`10,000-point sweep report: ${(bytes / 1e6).toFixed(2)} MB, loaded and drawn in ${loadMs} ms`);
  }, 180_000);

  it('validate: a point per predicted case in the ±10 % band chart, coloured per category', async () => {
    const file = join(dir, 'validate.html');
    const r = await runCli('validate', '--json', '--report', file);
    expect(r.code, r.err).toBe(0);
    const cases = (
      JSON.parse(r.out) as {
        cases: { id: string; category: string; measured: number; predicted: number | null; error: number | null }[];
      }
    ).cases;
    const shown = cases.filter((c) => c.predicted !== null && c.error !== null && c.predicted > 0 && c.measured > 0);
    const { page } = await open(file, 'validate');
    expect(await count(page, '#chart-scatter circle.mark.point')).toBe(shown.length);
    expect(await count(page, '#chart-scatter path.band')).toBe(1);
    expect(await count(page, '#chart-scatter .legend rect')).toBe(new Set(shown.map((c) => c.category)).size);
    const hover = await page.locator('#chart-scatter circle.mark.point title').first().textContent();
    expect(hover).toContain(shown[0]!.id);
    expect(hover).toMatch(/error [+−-]?\d/);
    expect(await count(page, '#cases tbody tr')).toBe(cases.length);
  });

  it('pipeline timeline: a block per event and the bubbles of a 1F1B schedule', async () => {
    const schedule = oneFOneB(4, 8, 1e-3, 2e-3);
    const { bubbles } = pipelineBubbles(schedule);
    const file = join(dir, 'pipeline.html');
    writeFileSync(
      file,
      renderPage({
        title: '1F1B, 4 stages, 8 micro-batches',
        summary: [],
        inputs: { workload: [] },
        sections: [pipelineSection(schedule)],
      }),
    );
    const { page } = await open(file, 'pipeline');
    expect(await count(page, '#chart-pipeline rect.mark.event')).toBe(schedule.events.length);
    expect(await count(page, '#chart-pipeline rect.bubble')).toBe(bubbles.length);
    expect(bubbles.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#pipeline').textContent()).toContain('27.3 %');
  });

  it('a device named <script>alert(1)</script> renders as text, its javascript: source URL as no link', async () => {
    const device = JSON.parse(readFileSync('hw-specs/devices/h100-sxm.json', 'utf8')) as Record<string, unknown> & {
      sources: Record<string, { title: string; url?: string }>;
    };
    const evil = '<script>alert(1)</script>';
    Object.assign(device, { id: 'evil', name: evil, aliases: [], notes: '</script><script>alert(2)</script>' });
    delete device.scaleUp;
    delete device.scaleOut;
    delete device.hostLink;
    device.sources['h100-datasheet'] = { title: '<img src=x onerror=alert(3)>', url: 'javascript:alert(4)' };
    device.$schema = join(process.cwd(), 'hw-specs/schemas/device.schema.json');
    const hwFile = join(dir, 'evil.json');
    writeFileSync(hwFile, JSON.stringify(device, null, 2));
    const file = join(dir, 'xss.html');
    await cli('roofline', '--model', 'llama-8b', '--hw', hwFile, '--report', file);
    const { page } = await open(file, 'xss');
    await expect.poll(() => page.locator('h1').textContent()).toContain(evil);
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.getByText('<img src=x onerror=alert(3)>').count()).toBe(1);
    expect(await page.getByText('</script><script>alert(2)</script>').count()).toBe(1);
    expect(await count(page, 'img')).toBe(0);
    expect(await count(page, 'a[href^="javascript"]')).toBe(0);
    // only the report's own scripts: the data, d3, common, the chart kinds, boot
    const scripts = await page.locator('script').count();
    expect(scripts).toBe(1 + 1 + 1 + 2 + 1);
  });
});
