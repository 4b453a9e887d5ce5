// Start-up speed of the CLI: wall time of whole `node bin/llmsim.js ...` processes (module
// loading, the hardware catalog, the work), best and median of several runs (the machine may be
// shared). The work itself takes milliseconds, so these are mostly start-up.
import { spawnSync } from 'node:child_process';
import { URL, fileURLToPath } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 7);
const BIN = fileURLToPath(new URL('../bin/llmsim.js', import.meta.url));
const COMMANDS = [
  ['--version'],
  ['hw', 'list'],
  ['hw', 'show', 'h100x8', '--json'],
  ['hw', 'validate'],
  ['plan', '--model', 'llama-70b', '--hw', 'a100x8'],
  ['validate'],
];

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`llmsim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

const ms = (s) => `${(s * 1e3).toFixed(0).padStart(5)} ms`;
console.log(`start-up: wall time of a whole llmsim process, best / median of ${RUNS}`);
time(['--version']); // warm the file cache
for (const args of COMMANDS) {
  const t = Array.from({ length: RUNS }, () => time(args)).sort((a, b) => a - b);
  console.log(`  ${ms(t[0])} / ${ms(t[Math.floor(t.length / 2)])}  llmsim ${args.join(' ')}`);
}
