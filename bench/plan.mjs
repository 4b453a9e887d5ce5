// Speed of the inference planner on the compiled code: single plan evaluations per second, and the
// full `plan` search for Llama-3.1-405B on 64 H100s (every TP × PP split × batch).
// Run: npm run bench. GenZ takes about 80 ms per evaluation (Python).
import { loadShippedCatalog } from '../dist/hardware/catalog.js';
import { resolveHardware } from '../dist/hardware/cluster.js';
import { findModel } from '../dist/workloads/models.js';
import { resolveFormat } from '../dist/workloads/precision.js';
import { inferenceHardware } from '../dist/planner/setup.js';
import { DEFAULT_ENGINE, evaluateInference } from '../dist/planner/inference.js';
import { searchInference } from '../dist/planner/search.js';

const GENZ_SECONDS_PER_EVALUATION = 80e-3;
const catalog = loadShippedCatalog();

function context(model, hw, serving) {
  return {
    model: findModel(model),
    hw: inferenceHardware(resolveHardware(hw, catalog)),
    workload: { input: 1024, output: 256, serving },
    engine: DEFAULT_ENGINE,
  };
}

function perSecond(fn) {
  for (let i = 0; i < 200; i++) fn(i);
  const start = process.hrtime.bigint();
  let n = 0;
  while (process.hrtime.bigint() - start < 1_000_000_000n) for (let i = 0; i < 50; i++) fn(n++);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const ctx = context('llama-3.1-70b', 'h100x8', false);
const format = resolveFormat(ctx.hw.device, {});
const tps = [4, 8, 8];
// a single evaluation from scratch: graphs for one prefill, one batch prefill and one decode step
const rate = perSecond((i) => {
  const tp = tps[i % 3];
  const e = evaluateInference(ctx, { tp, pp: 1, dp: 8 / tp, batch: 1 + (i % 32), format, flashAttention: true });
  if (!e.fits) throw new Error('bench plan does not fit');
});
console.log(
  `plan evaluations (llama-3.1-70b on h100x8, static batch): ${Math.round(rate)}/s, ${(1e6 / rate).toFixed(1)} us each, ` +
    `${Math.round(rate * GENZ_SECONDS_PER_EVALUATION)}x GenZ's rate`,
);

// inside a search, the batches of one split share its prefill and memory model
const searchCtx = context('llama-3.1-70b', 'h100x64', true);
const searchOptions = { format: resolveFormat(searchCtx.hw.device, {}), objective: 'throughput', flashAttention: true };
let evaluated = 0;
const searchRate = perSecond(() => {
  evaluated = searchInference(searchCtx, searchOptions).evaluated;
});
console.log(
  `plan evaluations inside a search (llama-3.1-70b on h100x64, offline serving, ${evaluated} plans per search): ` +
    `${Math.round(searchRate * evaluated)}/s, ${(1e6 / (searchRate * evaluated)).toFixed(1)} us each`,
);

const big = context('llama-3.1-405b', 'h100x64', true);
const options = { format: resolveFormat(big.hw.device, {}), objective: 'throughput', flashAttention: true };
searchInference(big, options); // warm up
const runs = 5;
const start = process.hrtime.bigint();
let result;
for (let i = 0; i < runs; i++) result = searchInference(big, options);
const seconds = Number(process.hrtime.bigint() - start) / 1e9 / runs;
console.log(
  `full plan search, llama-3.1-405b on 64 H100 (offline serving): ${result.evaluated} plans in ${(seconds * 1e3).toFixed(0)} ms ` +
    `(${Math.round(result.evaluated / seconds)} plans/s; ${result.ranked.length} fit)`,
);
