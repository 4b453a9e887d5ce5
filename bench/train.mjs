// Speed of the training planner on the compiled code: single plan evaluations per second, and the
// full `plan --mode train` search for Llama-3.1-70B on 1,024 H100s (every TP × CP × PP × DP
// factorization, micro-batch, recomputation, ZeRO stage and schedule). Run: npm run bench.
import { loadShippedCatalog } from '../dist/hardware/catalog.js';
import { resolveHardware } from '../dist/hardware/cluster.js';
import { findModel } from '../dist/workloads/models.js';
import { inferenceHardware } from '../dist/planner/setup.js';
import { evaluateTraining, trainingDevice, trainingFormat } from '../dist/planner/training.js';
import { searchTraining } from '../dist/planner/training-search.js';

const catalog = loadShippedCatalog();

function context(model, hwId, seqLen, globalBatch) {
  const hw = inferenceHardware(resolveHardware(hwId, catalog));
  return {
    model: findModel(model),
    hw: { ...hw, device: trainingDevice(hw.device) },
    workload: { seqLen, globalBatch },
  };
}

function perSecond(fn) {
  for (let i = 0; i < 100; i++) fn(i);
  const start = process.hrtime.bigint();
  let n = 0;
  while (process.hrtime.bigint() - start < 1_000_000_000n) for (let i = 0; i < 20; i++) fn(n++);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const ctx = context('llama-3.1-70b', 'h100x64', 4096, 1024);
const format = trainingFormat(ctx.hw.device, undefined);
const plans = [
  { tp: 8, pp: 4, dp: 2, microBatch: 1, vp: 5, zero: 1, recompute: 'selective' },
  { tp: 4, pp: 2, dp: 8, microBatch: 2, vp: 1, zero: 1, recompute: 'full' },
  { tp: 2, pp: 1, dp: 32, microBatch: 1, vp: 1, zero: 3, recompute: 'full' },
].map((p) => ({
  ...p,
  cp: 1,
  cpKind: 'ring',
  ep: 1,
  sequenceParallel: p.tp > 1,
  format,
  flashAttention: true,
  overlapGradReduce: true,
}));
// a single evaluation from scratch: the stage's op graph is built and timed each time
const rate = perSecond((i) => evaluateTraining(ctx, plans[i % plans.length], { requireFit: false }));
console.log(
  `training plan evaluations from scratch (llama-3.1-70b on h100x64): ${Math.round(rate)}/s, ${(1e6 / rate).toFixed(0)} us each`,
);

for (const [model, hw, seq, gb] of [
  ['llama-3.1-70b', 'h100x1024', 4096, 1024],
  ['llama-3.1-70b', 'h100x64', 4096, 1024],
  ['llama-3.1-8b', 'a100x8', 4096, 256],
]) {
  const c = context(model, hw, seq, gb);
  const options = { format: trainingFormat(c.hw.device, undefined), flashAttention: true, cpKind: 'ring' };
  searchTraining(c, options); // warm-up
  const runs = [];
  let r;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    r = searchTraining(c, options);
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  runs.sort((a, b) => a - b);
  const skipped = [...r.skipped.values()].reduce((s, x) => s + x.count, 0);
  console.log(
    `full training search, ${model} on ${hw} (seq ${seq}, global batch ${gb}): ${runs[0].toFixed(0)} ms best of 3 (median ${runs[1].toFixed(0)} ms); ` +
      `${r.evaluated} plans evaluated (${r.ranked.length} fit), ${skipped} combinations skipped; ${Math.round(r.evaluated / (runs[1] / 1e3))} plans/s`,
  );
}
