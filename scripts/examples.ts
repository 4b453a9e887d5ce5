// `npm run examples`: the example reports in reports/, made by the CLI itself (the README's main
// command, a roofline, a sweep, the validation run), and PNG screenshots of them in Chromium.
// Only the README's screenshot is committed; the others land in .tmp/screenshots/examples/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { chromiumMissing, launchChromium, openReport } from './report-browser.js';

const OUT = 'reports';
const SHOTS = join('.tmp', 'screenshots', 'examples');
/** The README shows this one. */
const README_SHOT = 'plan-llama-70b-a100x8';

const EXAMPLES: [name: string, args: string[]][] = [
  [README_SHOT, ['plan', '--model', 'llama-70b', '--hw', 'a100x8']],
  [
    'roofline-llama-70b-h100x8-decode',
    ['roofline', '--model', 'llama-70b', '--hw', 'h100x8', '--tp', '8', '--batch', '16'],
  ],
  [
    'sweep-llama-70b-h100x8-hbm',
    [
      'sweep',
      '--model',
      'llama-70b',
      '--hw',
      'h100x8',
      '--param',
      'hbm-bandwidth=2TB/s:8TB/s:2TB/s',
      '--param',
      'memory-capacity=40GB,80GB,160GB',
    ],
  ],
  ['validate', ['validate']],
];

mkdirSync(OUT, { recursive: true });
const quiet = { out: () => {}, err: (t: string) => void process.stderr.write(t) };
for (const [name, args] of EXAMPLES) {
  const file = join(OUT, `${name}.html`);
  const code = await main(['node', 'llmsim', ...args, '--report', file], quiet);
  if (code !== 0) throw new Error(`llmsim ${args.join(' ')} exited ${code}`);
  console.log(`wrote ${file}   (llmsim ${args.join(' ')} --report ${file})`);
}

const missing = chromiumMissing();
if (missing) {
  console.log(`no screenshots: ${missing}`);
} else {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [name] of EXAMPLES) {
      const r = await openReport(browser, join(OUT, `${name}.html`));
      if (r.errors.length) throw new Error(`${name}: ${r.errors.join('; ')}`);
      // the README's picture: the top of the report (title, the plans compared); the rest whole
      const path = name === README_SHOT ? join(OUT, `${name}.png`) : join(SHOTS, `${name}.png`);
      await r.page.screenshot({ path, fullPage: name !== README_SHOT });
      console.log(`wrote ${path}`);
      await r.page.close();
    }
  } finally {
    await browser.close();
  }
}
