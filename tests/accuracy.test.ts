// Accuracy gates: the shipped validation set, predicted by the real models, must stay within the
// error each category honestly reaches today. A change that makes predictions worse fails here;
// tighten a bound when the model improves. Targets (issues 4, 5): microbenchmark median ≤ 10 %,
// inference-gpu and edge ≤ 15 %.
import { describe, expect, it } from 'vitest';
import { loadCaseFiles, shippedCaseFiles } from '../src/validation/load-cases.js';
import { runValidation } from '../src/validation/run.js';
import { predictCase } from '../src/validation/predict.js';
import { idealCatalog } from '../src/validation/ideal-catalog.js';
import { loadShippedCatalog } from '../src/hardware/catalog.js';

const loaded = loadCaseFiles(shippedCaseFiles());
const run = runValidation(loaded.cases, (c) => predictCase(c));
const by = run.summary.byCategory;

describe('accuracy on the shipped validation set', () => {
  it('loads every shipped case without a problem', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.cases.length).toBeGreaterThan(300);
  });

  it('microbenchmarks (GEMM shapes, collectives, links): median |error| ≤ 7.5 %, measured 6.8 %', () => {
    const m = by['microbenchmark']!;
    expect(m.n).toBeGreaterThanOrEqual(112);
    expect(m.median_abs_error!).toBeLessThanOrEqual(0.075);
  });

  it('inference on GPUs (TensorRT-LLM offline throughput, llama.cpp): median |error| ≤ 15 %, measured 14.6 %', () => {
    const m = by['inference-gpu']!;
    expect(m.n).toBe(45);
    expect(m.median_abs_error!).toBeLessThanOrEqual(0.15);
  });

  it('TensorRT-LLM offline serving throughput alone: median |error| ≤ 15 %', () => {
    const errs = run.rows
      .filter((r) => r.metric === 'output_tokens_per_s' && r.error !== null)
      .map((r) => Math.abs(r.error!))
      .sort((a, b) => a - b);
    expect(errs.length).toBe(30);
    expect(errs[errs.length >> 1]!).toBeLessThanOrEqual(0.15);
  });

  it('edge (Apple silicon, phones): median |error| ≤ 27 %, measured 25.3 % (target 15 %: see the issue note)', () => {
    const m = by['edge']!;
    expect(m.n).toBeGreaterThanOrEqual(16);
    expect(m.median_abs_error!).toBeLessThanOrEqual(0.27);
  });

  it('is far better calibrated than at the datasheet roofline (GenZ-like settings)', () => {
    const ideal = runValidation(loaded.cases, (c) => predictCase(c, idealCatalog(loadShippedCatalog())));
    for (const cat of ['microbenchmark', 'inference-gpu', 'edge']) {
      expect(by[cat]!.median_abs_error!, cat).toBeLessThan(ideal.summary.byCategory[cat]!.median_abs_error! / 2);
    }
  });

  it('GEMM shapes alone: median |error| ≤ 10 %', () => {
    const rows = run.rows.filter((r) => r.metric === 'gemm_tflops' && r.error !== null);
    const errs = rows.map((r) => Math.abs(r.error!)).sort((a, b) => a - b);
    expect(rows.length).toBe(33);
    expect(errs[errs.length >> 1]!).toBeLessThanOrEqual(0.1);
  });

  it('collective bus bandwidth on one node, messages ≥ 256 MiB: every case within 16 %', () => {
    const rows = run.rows.filter(
      (r) =>
        r.metric === 'busbw_gbps' &&
        r.error !== null &&
        (loaded.cases.find((c) => c.id === r.id)!.workload.bytes as number) >= 256 * 2 ** 20 &&
        (loaded.cases.find((c) => c.id === r.id)!.hardware.nodes ?? 1) === 1,
    );
    expect(rows.length).toBeGreaterThanOrEqual(25);
    for (const r of rows) expect(Math.abs(r.error!), r.id).toBeLessThanOrEqual(0.16);
  });

  it('training (Megatron, Korthikanti, llm-foundry, NeMo, torchtitan, OneFlow): median |error| ≤ 12 %, measured 8.9 %', () => {
    const m = by['training']!;
    expect(m.n).toBe(139);
    expect(m.median_abs_error!).toBeLessThanOrEqual(0.12);
  });

  it('training: no source is off by more than 25 % in the median (one fitted share per device, not per source)', () => {
    const sources = new Map<string, number[]>();
    for (const r of run.rows) {
      if (r.category !== 'training' || r.error === null) continue;
      const src = r.id.split('-')[0]!;
      sources.set(src, [...(sources.get(src) ?? []), Math.abs(r.error)]);
    }
    expect(sources.size).toBeGreaterThanOrEqual(6);
    for (const [src, errs] of sources) {
      errs.sort((a, b) => a - b);
      expect(errs[(errs.length - 1) >> 1]!, src).toBeLessThanOrEqual(0.25);
    }
  });

  it('reports every case not yet modeled as unpredicted, with the reason', () => {
    expect(run.summary.overall.cases).toBe(loaded.cases.length);
    const reasons = Object.keys(run.summary.overall.unpredictedReasons);
    expect(reasons.some((r) => r.includes('flash-backed decode'))).toBe(true);
  });
});
