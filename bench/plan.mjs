// Speed of the inference planner on the compiled code (npm run bench builds first), one core:
// 1. single plan evaluations from scratch: evaluateInference without anything shared, every
//    graph built and every op timed again;
// 2. plan evaluations inside searches: plans evaluated ÷ the search's time (a search builds each
//    phase graph once and reuses it across PP splits and batches);
// 3. the full `llmsim plan --model llama-3.1-405b --hw h100x64` search, with every TP × PP × EP ×
//    DP × batch combination it enumerates; then the whole command as a user runs it.
// Each figure is the best and the median of several timed runs (the machine may be shared).
// GenZ takes about 80 ms per evaluation (Python).
import { execFileSync } from 'node:child_process';
import { URL, fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadShippedCatalog } from '../dist/hardware/catalog.js';
import { resolveHardware } from '../dist/hardware/cluster.js';
import { findModel } from '../dist/workloads/models.js';
import { resolveFormat } from '../dist/workloads/precision.js';
import { inferenceHardware } from '../dist/planner/setup.js';
import { DEFAULT_ENGINE, evaluateInference, planMemo, splitShared, tpotCurve } from '../dist/planner/inference.js';
import { searchInference } from '../dist/planner/search.js';
import { sensitivities } from '../dist/planner/sensitivity.js';
import { addPlanOptions, planSetup } from '../dist/cli/plan-setup.js';

const GENZ_SECONDS_PER_EVALUATION = 80e-3;
const RUNS = 7;
const catalog = loadShippedCatalog();

function context(model, hw, serving) {
  return {
    model: findModel(model),
    hw: inferenceHardware(resolveHardware(hw, catalog)),
    workload: { input: 1024, output: 256, serving },
    engine: DEFAULT_ENGINE,
  };
}

/**
 * Seconds per evaluation (`fn` returns how many it did) over RUNS runs: the best and the median by
 * the wall clock, and the best by this process's CPU time (on a shared machine the wall clock also
 * counts the time other processes hold the core).
 */
function timed(fn, minSeconds = 0.3) {
  const t0 = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - t0) < 2e8) fn(); // warm up the JIT
  const wall = [];
  const cpu = [];
  for (let r = 0; r < RUNS; r++) {
    let evaluations = 0;
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    let seconds = 0;
    while (seconds < minSeconds) {
      evaluations += fn();
      seconds = Number(process.hrtime.bigint() - start) / 1e9;
    }
    const used = process.cpuUsage(cpuStart);
    wall.push(seconds / evaluations);
    cpu.push((used.user + used.system) / 1e6 / evaluations);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { best: wall[0], median: wall[RUNS >> 1], cpu: cpu[0] };
}

const rate = (s) => Math.round(1 / s).toLocaleString('en-US');
const us = (s) => (s * 1e6).toFixed(1);
function report(what, t) {
  console.log(
    `${what}\n    ${rate(t.best)}/s best, ${rate(t.median)}/s median (${rate(t.cpu)}/s by CPU time); ` +
      `${us(t.best)} us each (median ${us(t.median)}); ` +
      `${Math.round(GENZ_SECONDS_PER_EVALUATION / t.best).toLocaleString('en-US')}x GenZ's 80 ms`,
  );
}

console.log(`plan evaluations per second, one core (best and median of ${RUNS} runs of at least 0.3 s)\n`);

// 1. from scratch: no memo and no split shared, so every evaluation builds and times its graphs
{
  const ctx = context('llama-3.1-70b', 'h100x8', false);
  const format = resolveFormat(ctx.hw.device, {});
  const tps = [4, 8, 8];
  let i = 0;
  const t = timed(() => {
    for (let k = 0; k < 50; k++, i++) {
      const tp = tps[i % 3];
      const e = evaluateInference(ctx, { tp, pp: 1, dp: 8 / tp, batch: 1 + (i % 32), format, flashAttention: true });
      if (!e.fits) throw new Error('bench plan does not fit');
    }
    return 50;
  });
  report(
    'single evaluation from scratch, static batch (llama-3.1-70b on h100x8, TP 4/8, batch 1-32):\n' +
      '    memory, one prefill, a batch prefill and a decode step: 3 graphs built and timed',
    t,
  );
}
{
  const ctx = context('llama-3.1-70b', 'h100x8', true);
  const format = resolveFormat(ctx.hw.device, {});
  const tps = [4, 8, 8];
  let i = 0;
  const t = timed(() => {
    for (let k = 0; k < 50; k++, i++) {
      const tp = tps[i % 3];
      const e = evaluateInference(ctx, { tp, pp: 1, dp: 8 / tp, batch: 1 + (i % 64), format, flashAttention: true });
      if (!e.fits) throw new Error('bench plan does not fit');
    }
    return 50;
  });
  report(
    'single evaluation from scratch, offline serving (llama-3.1-70b on h100x8, TP 4/8, batch 1-64):\n' +
      '    memory, max batch, one prefill, a decode step, a prompt chunk merged into it: 3 graphs and a mixed one',
    t,
  );
}

// 2. inside searches: what `plan` does, every plan of every split
const searchCases = [
  ['llama-3.1-70b', 'h100x64'],
  ['mixtral-8x7b', 'h100x64'],
  ['llama-3.1-405b', 'h100x64'],
];
for (const [model, hw] of searchCases) {
  const ctx = context(model, hw, true);
  const options = { format: resolveFormat(ctx.hw.device, {}), objective: 'throughput', flashAttention: true };
  const evaluated = searchInference(ctx, options).evaluated;
  const t = timed(() => searchInference(ctx, options).evaluated);
  report(`inside a search: ${model} on ${hw}, offline serving, ${evaluated} plans per search`, t);
}

// every batch from 1 to each split's largest, not only plan's powers of two: a search where
// little is shared (each batch is a new decode graph and a new mixed iteration)
{
  const ctx = context('llama-3.1-70b', 'h100x64', true);
  const format = resolveFormat(ctx.hw.device, {});
  const splits = [
    { tp: 8, pp: 1, dp: 8 },
    { tp: 4, pp: 2, dp: 8 },
    { tp: 2, pp: 4, dp: 8 },
  ].map((s) => ({ ...s, ep: 1, format, flashAttention: true }));
  const exhaustive = () => {
    const memo = planMemo(ctx, format);
    let n = 0;
    for (const base of splits) {
      const shared = splitShared(ctx, base, memo);
      for (let batch = 1; batch <= Math.min(shared.maxBatch, 256); batch++, n++) {
        const { tp, pp, dp, ep } = base;
        evaluateInference(ctx, { tp, ep, pp, dp, format, flashAttention: true, batch }, shared, memo);
      }
    }
    return n;
  };
  const n = exhaustive();
  const t = timed(exhaustive);
  report(
    `inside a search of every batch 1-256: llama-3.1-70b on h100x64, TP×PP 8×1, 4×2, 2×4, offline serving, ${n} plans`,
    t,
  );
}

// 3. the full search of `llmsim plan --model llama-3.1-405b --hw h100x64`, set up by the CLI's own
// flag definitions and defaults
const argv = ['--model', 'llama-3.1-405b', '--hw', 'h100x64'];
const flags = addPlanOptions(new Command('plan')).exitOverride().parse(argv, { from: 'user' }).opts();
const setup = planSetup(flags);
const result = searchInference(setup.ctx, setup.options);
const plans = [...result.ranked, ...result.missed.map((m) => m.evaluation), ...result.infeasible];
if (plans.length !== result.evaluated) throw new Error('the search lost plans');
const splitKey = (p) => `TP${p.tp} PP${p.pp} EP${p.ep ?? 1} DP${p.dp}`;
const bySplit = new Map();
for (const e of plans) bySplit.set(splitKey(e.plan), [...(bySplit.get(splitKey(e.plan)) ?? []), e.plan.batch]);
const values = (k) => [...new Set(plans.map((e) => e.plan[k] ?? 1))].sort((a, b) => a - b).join(',');
const search = timed(() => (searchInference(setup.ctx, setup.options), 1), 0.5);
console.log(
  `\nfull search, llmsim plan ${argv.join(' ')} (input 1024, output 256, offline serving):\n` +
    `    ${bySplit.size} splits (TP {${values('tp')}} x PP {${values('pp')}} x EP {${values('ep')}}, DP = 64 / (TP x PP); ` +
    `PP must divide the ${setup.ctx.model.layers} layers and TP x PP the 64 devices) x batches ` +
    `(powers of two up to each split's largest that fits, or 1) = ${result.evaluated} plans, ${result.ranked.length} fit:`,
);
for (const [split, batches] of bySplit)
  console.log(`      ${split}: batch ${batches.sort((a, b) => a - b).join(', ')}`);
console.log(
  `    search: ${(search.best * 1e3).toFixed(2)} ms best, ${(search.median * 1e3).toFixed(2)} ms median, ` +
    `${(search.cpu * 1e3).toFixed(2)} ms by CPU time (${rate(search.best / result.evaluated)} plans/s)`,
);
const best = result.ranked[0];
const whole = timed(() => {
  const r = searchInference(setup.ctx, setup.options);
  sensitivities(setup.ctx, r.ranked[0], setup.options);
  tpotCurve(setup.ctx, r.ranked[0].plan);
  return 1;
}, 0.5);
console.log(
  `    with what plan adds (sensitivity searches, TPOT curve): ${(whole.best * 1e3).toFixed(2)} ms best, ` +
    `${(whole.median * 1e3).toFixed(2)} ms median; best plan TP${best.plan.tp} PP${best.plan.pp} batch ${best.plan.batch}`,
);
const bin = fileURLToPath(new URL('../bin/llmsim.js', import.meta.url));
const cli = [];
for (let r = 0; r < 3; r++) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [bin, 'plan', ...argv, '--json'], { stdio: 'ignore' });
  cli.push(Number(process.hrtime.bigint() - start) / 1e9);
}
cli.sort((a, b) => a - b);
console.log(
  `    the whole command (node start, module load, hardware catalog validation, search, report): ` +
    `${cli[0].toFixed(2)} s best, ${cli[1].toFixed(2)} s median of 3`,
);
