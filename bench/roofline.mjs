// Speed of the roofline: whole-model evaluations (graph + roofline of every op) per second.
// Run: npm run bench (builds first; measures the compiled JavaScript users run, not tsx's transpiled
// sources). Prints rates and the ratio to LLM-Viewer's ~80 µs per case (Python).
import { loadShippedCatalog, findDevice } from '../dist/hardware/catalog.js';
import { findModel } from '../dist/workloads/models.js';
import { buildPhaseGraph } from '../dist/workloads/phase-graph.js';
import { resolveFormat } from '../dist/workloads/precision.js';
import { analyzeRoofline } from '../dist/roofline/analysis.js';

const LLM_VIEWER_SECONDS_PER_CASE = 80e-6;
const catalog = loadShippedCatalog();

const cases = [
  { model: 'llama-2-7b', device: 'a100-80gb-sxm', phase: 'prefill', tp: 1 },
  { model: 'llama-2-7b', device: 'a100-80gb-sxm', phase: 'decode', tp: 1 },
  { model: 'llama-3.1-70b', device: 'h100-sxm', phase: 'decode', tp: 8 },
  { model: 'mixtral-8x7b', device: 'h100-sxm', phase: 'prefill', tp: 2 },
];

function evaluate(c, batch) {
  const device = findDevice(catalog, c.device);
  const g = buildPhaseGraph({
    model: findModel(c.model),
    phase: c.phase,
    batch,
    input: 2048,
    context: 2048,
    chunk: 512,
    format: resolveFormat(device, {}),
    tp: c.tp,
    sequenceParallel: false,
    flashAttention: true,
    recompute: 'none',
  });
  return analyzeRoofline(g, device).totals.time;
}

function rate(c) {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += evaluate(c, 1 + (i % 64)); // warm up the JIT
  const start = process.hrtime.bigint();
  let n = 0;
  while (process.hrtime.bigint() - start < 1_000_000_000n) {
    for (let i = 0; i < 500; i++) sink += evaluate(c, 1 + (n++ % 64));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!Number.isFinite(sink)) throw new Error('bad result');
  return n / seconds;
}

console.log('model-phase roofline evaluations per second (one core, graph build + roofline of every op)');
for (const c of cases) {
  const r = rate(c);
  console.log(
    `${`${c.model} ${c.phase} tp=${c.tp} on ${c.device}`.padEnd(46)} ${Math.round(r).toString().padStart(8)}/s  ` +
      `${(1e6 / r).toFixed(2)} us each  ${(r * LLM_VIEWER_SECONDS_PER_CASE).toFixed(1)}x LLM-Viewer's rate`,
  );
}
