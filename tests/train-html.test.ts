// `plan --mode train --report`: the training report opens in Chromium with its charts drawn — a bar
// per candidate, the step composition and memory segments, a block per op of the chosen pipeline.
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium, openReport } from '../scripts/report-browser.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsim-train-html-'));
const SHOTS = join(process.cwd(), '.tmp', 'screenshots');
const args = [
  'plan',
  '--mode',
  'train',
  '--model',
  'llama-2-13b',
  '--hw',
  'h100x64',
  '--global-batch',
  '128',
  '--tp',
  '4',
  '--pp',
  '4',
  '--top',
  '4',
];

describe('training report without a browser', () => {
  it('is written whole, names its inputs and embeds the chosen schedule', async () => {
    const file = join(dir, 'same.html');
    const r = await runCli(...args, '--json', '--report', file);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('llama-2-13b');
    expect(html).toMatch(/sha256 [0-9a-f]{64}/);
    const again = join(dir, 'again.html');
    await runCli(...args, '--report', again);
    expect(readFileSync(again, 'utf8')).toBe(html);
  });
});

const missing = chromiumMissing();
describe.skipIf(missing !== undefined)(`training report in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the candidates, the step composition, memory and the pipeline timeline', async () => {
    const file = join(dir, 'train.html');
    const r = await runCli(...args, '--json', '--report', file);
    const json = JSON.parse(r.out) as {
      candidates: unknown[];
      best: { plan: { pp: number; vp: number; micro_batches_per_step: number } };
    };
    const opened = await openReport(browser, file);
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    const page = opened.page;
    expect(await page.locator('#chart-plans rect.mark').count()).toBe(json.candidates.length);
    expect(await page.locator('#chart-step rect.mark.seg').count()).toBeGreaterThanOrEqual(json.candidates.length);
    expect(await page.locator('#chart-memory rect.mark.seg').count()).toBeGreaterThanOrEqual(
      4 * json.candidates.length,
    );
    const p = json.best.plan;
    // a forward and a backward block per micro-batch, model chunk and stage
    expect(await page.locator('#chart-pipeline rect.mark.event').count()).toBe(
      2 * p.micro_batches_per_step * p.vp * p.pp,
    );
    await page.screenshot({ path: join(SHOTS, 'train.png'), fullPage: true });
  }, 60_000);
});
