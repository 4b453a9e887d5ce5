// Predicts every case and measures the error against the published number; a case that cannot
// be predicted stays in the result with its reason, never dropped.
import { InputError } from '../errors.js';
import { median } from '../util/stats.js';
import { CASE_CATEGORIES } from './case-format.js';
import type { CaseCategory, Predictor, ValidationCase } from './types.js';

export interface ValidationRow {
  id: string;
  category: CaseCategory;
  metric: string;
  unit: string;
  measured: number;
  predicted: number | null;
  /** (predicted - measured) / measured, a fraction; null when unpredicted */
  error: number | null;
  /** why there is no prediction; null when predicted */
  unpredicted: string | null;
  /** the predictor's remark on a prediction (defaults it took, approximations) */
  note: string | null;
  trust: ValidationCase['trust'];
  file: string;
}

export interface ErrorSummary {
  /** all cases in the group, predicted or not */
  cases: number;
  /** predicted cases (those with an error) */
  n: number;
  median_abs_error: number | null;
  mean_abs_error: number | null;
  /** the case with the largest |error| (signed error) */
  worst: { id: string; error: number } | null;
  unpredicted: number;
  /** reason → number of cases */
  unpredictedReasons: Record<string, number>;
}

export interface ValidationRun {
  rows: ValidationRow[];
  summary: { overall: ErrorSummary; byCategory: Record<string, ErrorSummary> };
}

/** One line of text: InputError messages may list problems on further lines. */
function reasonOf(e: InputError): string {
  return e.message
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('; ');
}

function predictRow(c: ValidationCase, predict: Predictor): ValidationRow {
  const base = {
    id: c.id,
    category: c.category,
    metric: c.metric,
    unit: c.unit,
    measured: c.measured,
    trust: c.trust,
    file: c.file,
  };
  let p: ReturnType<Predictor>;
  try {
    p = predict(c);
  } catch (e) {
    // bad input for this case (unknown device, model...) is a result; anything else is a bug
    if (!(e instanceof InputError)) throw e;
    return { ...base, predicted: null, error: null, unpredicted: reasonOf(e), note: null };
  }
  if ('unpredicted' in p) return { ...base, predicted: null, error: null, unpredicted: p.unpredicted, note: null };
  if (!Number.isFinite(p.predicted) || p.predicted < 0) {
    throw new Error(`the predictor returned ${p.predicted} for case "${c.id}" (a bug in the predictor)`);
  }
  const error = (p.predicted - c.measured) / c.measured;
  // only a denormal measured value can overflow the ratio; keep the report free of Infinity
  if (!Number.isFinite(error)) {
    return { ...base, predicted: p.predicted, error: null, unpredicted: 'error not representable', note: null };
  }
  return { ...base, predicted: p.predicted, error, unpredicted: null, note: p.note ?? null };
}

export function summarize(rows: ValidationRow[]): ErrorSummary {
  const predicted = rows.filter((r): r is ValidationRow & { error: number } => r.error !== null);
  const abs = predicted.map((r) => Math.abs(r.error)).sort((a, b) => a - b);
  let worst: ErrorSummary['worst'] = null;
  for (const r of predicted) if (!worst || Math.abs(r.error) > Math.abs(worst.error)) worst = { id: r.id, error: r.error };
  const unpredictedReasons: Record<string, number> = {};
  for (const r of rows) if (r.unpredicted !== null) unpredictedReasons[r.unpredicted] = (unpredictedReasons[r.unpredicted] ?? 0) + 1;
  return {
    cases: rows.length,
    n: predicted.length,
    median_abs_error: abs.length ? median(abs) : null,
    mean_abs_error: abs.length ? abs.reduce((s, x) => s + x, 0) / abs.length : null,
    worst,
    unpredicted: rows.length - predicted.length,
    unpredictedReasons,
  };
}

/** Predicts each case (in order) and summarizes the errors per category and overall. */
export function runValidation(cases: ValidationCase[], predict: Predictor): ValidationRun {
  const rows = cases.map((c) => predictRow(c, predict));
  const byCategory: Record<string, ErrorSummary> = {};
  // the README's category order; only categories that have cases
  for (const cat of CASE_CATEGORIES) {
    const mine = rows.filter((r) => r.category === cat);
    if (mine.length) byCategory[cat] = summarize(mine);
  }
  return { rows, summary: { overall: summarize(rows), byCategory } };
}
