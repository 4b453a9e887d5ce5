// `llmsim diff --report`: the HTML page of a hw-specs change — written whole and stably, names from
// the suite escaped, and in headless Chromium a bar per changed metric (coloured by verdict) or,
// when nothing changed, the "nothing moved" state without a chart.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEFAULT_HW_DIR } from '../src/hardware/catalog.js';
import { VERDICT_COLORS, diffHtml } from '../src/reports/html/diff-html.js';
import type { DiffReport, MetricComparison } from '../src/reports/diff-report.js';
import { chromiumMissing, launchChromium, openReport } from '../scripts/report-browser.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsim-diff-html-'));
const SHOTS = join(process.cwd(), '.tmp', 'screenshots');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NASTY = '<script>alert(1)</script>';

interface DiffJson {
  summary: { metrics_changed: number; better: number; worse: number };
  changes: { scenario: string; metric: string; change_pct: number | null; verdict: 'better' | 'worse' | 'neutral' }[];
}

/** A copy of the shipped hw-specs under `name`/hw-specs, H100's HBM bandwidth raised 50 % when `raise`. */
function specsCopy(name: string, raise: boolean): string {
  const specs = join(dir, name, 'hw-specs');
  cpSync(DEFAULT_HW_DIR, specs, { recursive: true });
  if (raise) {
    const file = join(specs, 'devices/h100-sxm.json');
    const j = JSON.parse(readFileSync(file, 'utf8')) as { memory: { bandwidth: { value: string } }[] };
    expect(j.memory[0]!.bandwidth.value).toBe('3350 GB/s');
    j.memory[0]!.bandwidth.value = '5025 GB/s';
    writeFileSync(file, JSON.stringify(j, null, 2) + '\n');
  }
  return specs;
}

/** A small suite on H100 and A100 (decode, serving, roofline, GEMM), one scenario named with markup. */
function smallSuite(): string {
  const file = join(dir, 'suite.json');
  const suite = {
    description: `a small suite & ${NASTY}`,
    scenarios: [
      {
        name: 'decode batch 64',
        kind: 'inference',
        model: 'llama-3.1-70b',
        hw: ['h100x8', 'a100x8'],
        input: 2048,
        output: 256,
        batch: 64,
        tp: 8,
        metrics: ['tpot_ms', 'output_tokens_per_s'],
      },
      { name: NASTY, kind: 'roofline', model: 'llama-3.1-8b', hw: ['h100x8', 'a100x8'], input: 4096 },
      { name: 'gemm decode-shaped', kind: 'gemm', hw: ['h100-sxm', 'a100-80gb-sxm'], m: 16, n: 8192, k: 8192 },
    ],
  };
  writeFileSync(file, JSON.stringify(suite, null, 2));
  return file;
}

let raised: string;
let same: string;
let suite: string;
beforeAll(() => {
  raised = specsCopy('raised', true);
  same = specsCopy('same', false);
  suite = smallSuite();
});

async function diffReport(head: string, file: string, ...extra: string[]) {
  const r = await runCli(
    'diff',
    '--base',
    DEFAULT_HW_DIR,
    '--head',
    head,
    '--suite',
    suite,
    '--report',
    file,
    ...extra,
  );
  expect(r.code, r.err).toBe(0);
  return r;
}

describe('diff report without a browser', () => {
  it('is written whole, the same bytes for the same input, and names base, head and the suite with its sha256', async () => {
    const a = join(dir, 'a.html');
    const b = join(dir, 'b.html');
    const r = await diffReport(raised, a);
    expect(r.out).toContain(`wrote ${a}`);
    await diffReport(raised, b, '--markdown');
    const html = readFileSync(a, 'utf8');
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.endsWith('</body></html>\n')).toBe(true);
    // no temporary file left beside the report
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const sha = createHash('sha256').update(readFileSync(suite)).digest('hex');
    expect(html).toContain(`<span class="hash">sha256 ${sha}</span>`);
    expect(html).toMatch(/<dt>base<\/dt><dd>[^<]*hw-specs<\/dd>/);
    expect(html).toMatch(/<dt>head<\/dt><dd>[^<]*raised\/hw-specs<\/dd>/);
    // the changed descriptor on each side, with its hash and sources
    expect(html).toContain('<code>hw-specs/devices/h100-sxm.json</code>');
    expect(html.match(/h100-sxm\.json<\/code> <span class="hash">sha256 [0-9a-f]{64}/g)).toHaveLength(2);
    expect(html).toContain('NVIDIA H100 Tensor Core GPU datasheet');
    expect(html).toContain('Descriptor files that differ (1)');
    // --markdown's stdout stays a clean comment
    const md = await diffReport(raised, join(dir, 'c.html'), '--markdown');
    expect(md.out).not.toContain('wrote ');
  });

  it('a scenario name and suite description with <script> render as text', async () => {
    const file = join(dir, 'nasty.html');
    await diffReport(raised, file);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(NASTY);
    expect(html).toContain('llama-3.1-8b @ h100x8 · &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a small suite &amp; &lt;script&gt;');
    // in the chart data too, as JSON escapes
    expect(html).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
  });

  it("git refs: each side's descriptor is named as ref:path with its hash, read before the copy is removed", async () => {
    const repo = join(dir, 'repo');
    cpSync(DEFAULT_HW_DIR, join(repo, 'hw-specs'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    git('init', '-q');
    git('add', 'hw-specs');
    git('commit', '-qm', 'shipped');
    cpSync(join(raised, 'devices/h100-sxm.json'), join(repo, 'hw-specs/devices/h100-sxm.json'));
    git('commit', '-qam', 'h100 +50 % bandwidth');
    const temps = () => readdirSync(tmpdir()).filter((f) => f.startsWith('llmsim-diff-') && !f.includes('test'));
    const before = temps();
    const file = join(dir, 'refs.html');
    const r = await runCli(
      'diff',
      '--repo',
      repo,
      '--base',
      'HEAD~1',
      '--head',
      'HEAD',
      '--suite',
      suite,
      '--report',
      file,
    );
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(file, 'utf8');
    const hashes = [
      ...html.matchAll(
        /<code>(HEAD(?:~1)? \([0-9a-f]{10}\)):hw-specs\/devices\/h100-sxm\.json<\/code> <span class="hash">sha256 ([0-9a-f]{64})/g,
      ),
    ];
    expect(hashes.map((m) => m[1]!.split(' ')[0])).toEqual(['HEAD~1', 'HEAD']);
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(hashes.map((m) => m[2])).toEqual([
      sha(join(DEFAULT_HW_DIR, 'devices/h100-sxm.json')),
      sha(join(raised, 'devices/h100-sxm.json')),
    ]);
    // nothing of the refs' temporary copies (the test's own folder holds the suite)
    expect(html.replaceAll(dir, '')).not.toContain(join(tmpdir(), 'llmsim-diff-'));
    expect(temps()).toEqual(before);
  });

  it('lists the scenarios that run on one side only, with the reasons', async () => {
    const head = join(dir, 'odd', 'hw-specs');
    cpSync(DEFAULT_HW_DIR, head, { recursive: true });
    rmSync(join(head, 'systems/h100-two-clusters-eth.json'));
    const device = join(head, 'devices/h100-sxm.json');
    const j = JSON.parse(readFileSync(device, 'utf8')) as { memory: { capacity: { value: string } }[] };
    j.memory[0]!.capacity.value = '40 GB';
    writeFileSync(device, JSON.stringify(j, null, 2));
    const oddSuite = join(dir, 'odd-suite.json');
    writeFileSync(
      oddSuite,
      JSON.stringify({
        scenarios: [
          { name: 'fit', kind: 'inference', model: 'llama-3.1-70b', hw: 'h100-sxmx2', batch: 1, metrics: ['tpot_ms'] },
          { name: 'big', kind: 'collective', hw: 'h100-two-clusters-eth', collective: 'all_reduce', bytes: 1e6 },
        ],
      }),
    );
    const file = join(dir, 'odd.html');
    const r = await runCli('diff', '--base', DEFAULT_HW_DIR, '--head', head, '--suite', oddSuite, '--report', file);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(file, 'utf8');
    const oneSide = html.slice(html.indexOf('<section id="one-side">'), html.indexOf('<section id="spec-changes">'));
    expect(oneSide).toContain('Scenarios that run on one side only (2)');
    expect(oneSide).toMatch(
      /llama-3.1-70b @ h100-sxmx2 · fit<\/td><td>fails in head<\/td><td>tpot_ms [\d.]+<\/td><td>does not fit/,
    );
    expect(oneSide).toContain('h100-two-clusters-eth · big</td><td>removed (hardware only in base)');
    expect(html).toContain('<h2>No metric moved</h2>');
    expect(html).toMatch(/<td>modified<\/td><td>devices\/h100-sxm\.json<\/td>/);
    expect(html).toMatch(/<td>removed<\/td><td>systems\/h100-two-clusters-eth\.json<\/td>/);
  });

  it('draws no bar for a change from 0 (no percentage) and at most 60 bars; the table has every change', () => {
    const metric = (i: number, before: number): MetricComparison => ({
      scenario: `s${i}`,
      kind: 'gemm',
      metric: 'gemm_tflops',
      better: 'higher',
      before,
      after: before + 1,
      changePct: before === 0 ? null : (100 * 1) / before,
      changed: true,
      verdict: 'better',
    });
    const report = (metrics: MetricComparison[]): DiffReport => ({
      base: 'a',
      head: 'b',
      suite: { file: 'suite.json' },
      specChanges: { added: [], removed: [], modified: ['devices/x.json'] },
      touchedHardware: [],
      thresholdPct: 0,
      metrics,
      scenarios: metrics.map((m) => ({
        id: m.scenario,
        kind: 'gemm',
        hw: 'x',
        status: 'changed' as const,
        base: { status: 'ok' as const, values: { gemm_tflops: m.before } },
        head: { status: 'ok' as const, values: { gemm_tflops: m.after } },
      })),
    });
    const data = (html: string) =>
      JSON.parse(html.match(/<script type="application\/json" id="report-data">(.*)<\/script>/)![1]!) as Record<
        string,
        { data: { values: number[] } }
      >;
    const fromZero = diffHtml(report([metric(0, 0)]), { workload: [] });
    expect(data(fromZero)).toEqual({});
    expect(fromZero).toContain('1 change(s) not drawn (1 from 0, which has no percentage)');
    expect(fromZero).toContain('<td>new (was 0)</td>');
    const many = diffHtml(report([metric(0, 0), ...Array.from({ length: 80 }, (_, i) => metric(i + 1, i + 1))]), {
      workload: [],
    });
    expect(data(many).changes!.data.values).toHaveLength(60);
    expect(many).toContain(
      '21 change(s) not drawn (1 from 0, which has no percentage); the chart shows the 60 largest',
    );
    expect(many.match(/<td>s\d+<\/td>/g)).toHaveLength(81);
  });

  it('a report path it could not write is bad input before any work', async () => {
    const r = await runCli(
      'diff',
      '--base',
      DEFAULT_HW_DIR,
      '--head',
      same,
      '--suite',
      join(dir, 'no-suite-needed.json'),
      '--report',
      join(dir, 'missing', 'r.html'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('--report');
    expect(r.err).toContain('does not exist');
  });
});

const missing = chromiumMissing();
describe.skipIf(missing !== undefined)(`diff report in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('+50 % HBM bandwidth on H100: one bar per changed metric, coloured by verdict, offline and clean', async () => {
    const file = join(dir, 'raised.html');
    const r = await diffReport(raised, file, '--json');
    const json = JSON.parse(r.out) as DiffJson;
    expect(json.changes.length).toBeGreaterThan(3);
    expect(json.changes.every((c) => c.change_pct !== null)).toBe(true);
    const opened = await openReport(browser, file);
    const page = opened.page;
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    expect(opened.dialogs).toEqual([]);
    expect(await page.locator('.chart-error').count()).toBe(0);
    expect(await page.locator('#chart-changes rect.mark.bar').count()).toBe(json.changes.length);
    for (const verdict of ['better', 'worse'] as const) {
      expect(await page.locator(`#chart-changes rect.mark.bar[fill="${VERDICT_COLORS[verdict]}"]`).count()).toBe(
        json.changes.filter((c) => c.verdict === verdict).length,
      );
    }
    // largest first: the roofline decode time at exactly 1/1.5
    await expect.poll(() => page.locator('#chart-changes text').first().textContent()).toMatch(/^[+−]\d+\.\d %$/);
    expect(await page.locator('#changes tbody tr').count()).toBe(json.changes.length);
    // the markup-named scenario is text on the page, and nothing ran
    expect(await page.locator('#changes tbody').textContent()).toContain(NASTY);
    expect(await page.locator('#chart-changes svg').textContent()).toContain(NASTY);
    await page.screenshot({ path: join(SHOTS, 'diff.png'), fullPage: true });
  }, 60_000);

  it('identical base and head: the "nothing moved" state, no chart', async () => {
    const file = join(dir, 'same.html');
    const r = await diffReport(same, file, '--json');
    expect((JSON.parse(r.out) as DiffJson).summary.metrics_changed).toBe(0);
    const opened = await openReport(browser, file);
    const page = opened.page;
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    expect(await page.locator('#changes h2').textContent()).toBe('Nothing moved');
    expect(await page.locator('header').textContent()).toContain('Nothing moved');
    expect(await page.locator('svg').count()).toBe(0);
    expect(await page.locator('.chart').count()).toBe(0);
    expect(await page.locator('#spec-changes').textContent()).toContain('No descriptor differs');
    await page.screenshot({ path: join(SHOTS, 'diff-nothing-moved.png'), fullPage: true });
  }, 60_000);
});
