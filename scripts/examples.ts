// `npm run examples`: the example reports in reports/, made by the CLI itself (the README's main
// command, a roofline, a sweep, the validation run, a training plan, a hw-specs diff), and PNG
// screenshots of them in Chromium. Only the README's screenshot is committed; the others land in
// .tmp/screenshots/examples/.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { chromiumMissing, launchChromium, openReport } from './report-browser.js';

const OUT = 'reports';
const SHOTS = join('.tmp', 'screenshots', 'examples');
/** The README shows this one. */
const README_SHOT = 'plan-llama-70b-a100x8';
/** A copy of hw-specs/ the script edits for the diff example (removed at the end). */
const HBM_PLUS_50 = join('.tmp', 'examples', 'h100-hbm-plus-50', 'hw-specs');

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
  [
    'train-llama-2-13b-h100x64',
    [
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
    ],
  ],
  ['diff-h100-hbm-plus-50', ['diff', '--base', 'hw-specs', '--head', HBM_PLUS_50]],
];

/**
 * The diff example's head: the shipped hw-specs with H100's HBM bandwidth raised 50 %, at a fixed
 * path (the report names it, so a random temporary name would change its bytes on every run).
 */
function makeHbmPlus50(): void {
  rmSync(HBM_PLUS_50, { recursive: true, force: true });
  cpSync('hw-specs', HBM_PLUS_50, { recursive: true });
  const file = join(HBM_PLUS_50, 'devices', 'h100-sxm.json');
  const text = readFileSync(file, 'utf8');
  if (text.split('"3350 GB/s"').length !== 2) throw new Error(`${file}: expected one "3350 GB/s" to raise`);
  writeFileSync(file, text.replace('"3350 GB/s"', '"5025 GB/s"'));
}

mkdirSync(OUT, { recursive: true });
makeHbmPlus50();
const quiet = { out: () => {}, err: (t: string) => void process.stderr.write(t) };
for (const [name, args] of EXAMPLES) {
  const file = join(OUT, `${name}.html`);
  const code = await main(['node', 'llmsim', ...args, '--report', file], quiet);
  if (code !== 0) throw new Error(`llmsim ${args.join(' ')} exited ${code}`);
  console.log(`wrote ${file}   (llmsim ${args.join(' ')} --report ${file})`);
}
rmSync(join('.tmp', 'examples'), { recursive: true, force: true });

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
