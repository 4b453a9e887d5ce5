// Running cases through a predictor: error math, unpredicted cases counted (never dropped), reports.
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { validationCsv, validationJson, validationText } from '../src/reports/validation-report.js';
import { runValidation } from '../src/validation/run.js';
import type { CaseCategory, Prediction, ValidationCase } from '../src/validation/types.js';

function kase(id: string, category: CaseCategory, measured: number): ValidationCase {
  return {
    id,
    source: 'test',
    category,
    model: { name: 'none' },
    hardware: { device: 'h100-sxm' },
    workload: { mode: 'gemm' },
    metric: 'gemm_tflops',
    measured,
    unit: 'TFLOP/s',
    trust: 'primary',
    file: 'test.json',
  };
}

const cases = [
  kase('t1', 'training', 100), // +10%
  kase('t2', 'training', 100), // -30%
  kase('t3', 'training', 100), // +20%
  kase('t4', 'training', 100), // unpredicted (reason A)
  kase('m1', 'microbenchmark', 200), // -5%
  kase('m2', 'microbenchmark', 200), // unknown device: InputError → unpredicted
  kase('m3', 'microbenchmark', 200), // unpredicted (reason A)
];

/** A fake predictor: fixed answers by id. */
function fake(c: ValidationCase): Prediction {
  const answers: Record<string, Prediction> = {
    t1: { predicted: 110 },
    t2: { predicted: 70, note: 'took defaults' },
    t3: { predicted: 120 },
    t4: { unpredicted: 'reason A' },
    m1: { predicted: 190 },
    m3: { unpredicted: 'reason A' },
  };
  if (c.id === 'm2') throw new InputError("unknown device 'h10'; did you mean h100-sxm?");
  return answers[c.id]!;
}

describe('runValidation', () => {
  const run = runValidation(cases, fake);

  it('computes each error as a fraction and keeps every case in order', () => {
    expect(run.rows.map((r) => r.id)).toEqual(cases.map((c) => c.id));
    const byId = Object.fromEntries(run.rows.map((r) => [r.id, r]));
    expect(byId.t1!.error).toBeCloseTo(0.1, 12);
    expect(byId.t2!.error).toBeCloseTo(-0.3, 12);
    expect(byId.t2!.note).toBe('took defaults');
    expect(byId.m1!.error).toBeCloseTo(-0.05, 12);
    expect(byId.t4).toMatchObject({ predicted: null, error: null, unpredicted: 'reason A' });
    expect(byId.m2).toMatchObject({ predicted: null, error: null });
    expect(byId.m2!.unpredicted).toContain("unknown device 'h10'");
  });

  it('summarizes per category and overall: median, mean, worst, unpredicted with reasons', () => {
    const t = run.summary.byCategory.training!;
    expect(t).toMatchObject({ cases: 4, n: 3, unpredicted: 1, unpredictedReasons: { 'reason A': 1 } });
    expect(t.median_abs_error).toBeCloseTo(0.2, 12);
    expect(t.mean_abs_error).toBeCloseTo(0.2, 12);
    expect(t.worst!.id).toBe('t2');
    expect(t.worst!.error).toBeCloseTo(-0.3, 12);

    const m = run.summary.byCategory.microbenchmark!;
    expect(m).toMatchObject({ cases: 3, n: 1, unpredicted: 2 });
    expect(m.median_abs_error).toBeCloseTo(0.05, 12);
    expect(Object.values(m.unpredictedReasons)).toEqual([1, 1]);

    const o = run.summary.overall;
    expect(o).toMatchObject({ cases: 7, n: 4, unpredicted: 3 });
    expect(o.unpredictedReasons['reason A']).toBe(2);
    // |errors| 0.05, 0.1, 0.2, 0.3: median of an even count is the mean of the middle two
    expect(o.median_abs_error).toBeCloseTo(0.15, 12);
    expect(o.mean_abs_error).toBeCloseTo(0.1625, 12);
    expect(o.worst!.id).toBe('t2');
  });

  it('lists categories in the README order, only those with cases', () => {
    expect(Object.keys(run.summary.byCategory)).toEqual(['training', 'microbenchmark']);
  });

  it('gives nulls, never NaN, when nothing was predicted', () => {
    const none = runValidation([kase('x', 'edge', 1)], () => ({ unpredicted: 'no model' }));
    expect(none.summary.overall).toEqual({
      cases: 1,
      n: 0,
      median_abs_error: null,
      mean_abs_error: null,
      worst: null,
      unpredicted: 1,
      unpredictedReasons: { 'no model': 1 },
    });
    expect(runValidation([], fake).summary.overall).toMatchObject({ cases: 0, n: 0, median_abs_error: null });
  });

  it('lets other exceptions and non-finite predictions through as bugs', () => {
    expect(() =>
      runValidation([kase('x', 'edge', 1)], () => {
        throw new TypeError('boom');
      }),
    ).toThrow('boom');
    expect(() => runValidation([kase('x', 'edge', 1)], () => ({ predicted: Number.NaN }))).toThrow(/NaN.*"x"/);
  });
});

describe('validation report', () => {
  const run = runValidation(cases, fake);

  it('JSON: summary.overall, summary.byCategory and one entry per case, errors as fractions', () => {
    const j = JSON.parse(JSON.stringify(validationJson(run))) as {
      summary: { overall: Record<string, unknown>; byCategory: Record<string, Record<string, unknown>> };
      cases: Record<string, unknown>[];
      problems: unknown[];
    };
    for (const s of [j.summary.overall, ...Object.values(j.summary.byCategory)]) {
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining(['n', 'median_abs_error', 'mean_abs_error', 'unpredicted', 'worst']),
      );
    }
    expect(Object.keys(j.summary.byCategory)).toEqual(['training', 'microbenchmark']);
    expect(j.summary.overall.unpredicted_reasons).toEqual({
      'reason A': 2,
      "unknown device 'h10'; did you mean h100-sxm?": 1,
    });
    expect(j.cases).toHaveLength(7);
    for (const c of j.cases) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['id', 'category', 'metric', 'measured', 'predicted', 'error', 'unit', 'unpredicted']),
      );
    }
    expect(j.cases[0]).toMatchObject({ id: 't1', measured: 100, predicted: 110, unpredicted: null });
    expect(j.cases[0]!.error as number).toBeCloseTo(0.1, 12);
    expect(j.cases[3]).toMatchObject({ id: 't4', predicted: null, error: null, unpredicted: 'reason A' });
    expect(j.problems).toEqual([]);
  });

  it('text: a case table, a summary table, and unpredicted cases by reason', () => {
    const t = validationText(run);
    expect(t).toMatch(/^t2 +training +gemm_tflops +TFLOP\/s +100 +70 +-30$/m);
    expect(t).toMatch(/^overall +7 +4 +15 +16\.3 +t2 +-30 +3$/m);
    expect(t).toContain('Unpredicted: 3 case(s), by reason\n  2  reason A\n      t4, m3\n');
    expect(validationText(runValidation([], fake))).toBe('no cases to validate\n');
  });

  it('CSV: one row per case, plain numbers, empty cells for no prediction', () => {
    const lines = validationCsv(run).trim().split('\n');
    expect(lines[0]).toBe(
      'id,category,metric,unit,measured,predicted,error_fraction,unpredicted_reason,trust,file,note',
    );
    expect(lines).toHaveLength(8);
    expect(lines[2]).toBe('t2,training,gemm_tflops,TFLOP/s,100,70,-0.3,,primary,test.json,took defaults');
    expect(lines[4]).toBe('t4,training,gemm_tflops,TFLOP/s,100,,,reason A,primary,test.json,');
  });
});

describe('cases the real predictor cannot answer', () => {
  it('reports a processor the device lacks as unpredicted, not as a crash', async () => {
    const { predictCase } = await import('../src/validation/predict.js');
    const { runValidation } = await import('../src/validation/run.js');
    const c = {
      id: 'x-npu-on-a100',
      source: 'test',
      category: 'inference-gpu' as const,
      model: { name: 'llama-2-7b' },
      hardware: { device: 'a100-80gb-sxm', processor: 'npu' as const },
      workload: { mode: 'decode', precision: 'fp16', batch: 1, inputTokens: 128, outputTokens: 128 },
      metric: 'decode_tokens_per_s',
      measured: 100,
      unit: 'tokens/s',
      trust: 'primary' as const,
      file: 'x.json',
    };
    const run = runValidation([c], (x) => predictCase(x));
    expect(run.rows[0]!.unpredicted).toMatch(/has no npu processor/);
  });
});
