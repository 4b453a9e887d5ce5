// Opens HTML reports in headless Chromium (Debian's package, driven by playwright-core): what the
// browser tests and `npm run examples` share. Records console errors, dialogs and every request.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const chromiumMissing = (): string | undefined =>
  existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing; install it with: apt-get install -y chromium`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface OpenedReport {
  page: Page;
  url: string;
  /** console errors and uncaught exceptions */
  errors: string[];
  /** every URL the page asked for (the file itself only, when all is well) */
  requests: string[];
  /** messages of alert/confirm/prompt dialogs that fired */
  dialogs: string[];
  /** from navigation start to the charts drawn (load event), ms */
  loadMs: number;
}

export async function openReport(browser: Browser, file: string, width = 1200): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const url = pathToFileURL(resolve(file)).href;
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const loadMs = Date.now() - t0;
  return { page, url, errors, requests, dialogs, loadMs };
}
