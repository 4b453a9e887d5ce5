// Predicted against measured, log-log, one colour per category, with the ±10 % band: each
// predicted case is a point (units differ between metrics; the ratio is what the band shows).
import type { ValidationRow } from '../../validation/run.js';
import type { ChartSpec } from './page.js';

export interface ScatterPoint {
  id: string;
  category: string;
  metric: string;
  unit: string;
  measured: number;
  predicted: number;
  /** (predicted − measured) / measured */
  error: number;
}

export interface ScatterData {
  points: ScatterPoint[];
  /** half-width of the band around y = x, as a fraction */
  band: number;
}

/** The ±10 % band llmsim's accuracy is judged against. */
export const ERROR_BAND = 0.1;

/** Rows a log-log scatter can show: predicted, both values positive. */
export function scatterable(r: ValidationRow): r is ValidationRow & { predicted: number; error: number } {
  return r.predicted !== null && r.error !== null && r.predicted > 0 && r.measured > 0;
}

export function validationScatter(rows: ValidationRow[]): ChartSpec<'scatter', ScatterData> {
  return {
    kind: 'scatter',
    data: {
      band: ERROR_BAND,
      points: rows.filter(scatterable).map((r) => ({
        id: r.id,
        category: r.category,
        metric: r.metric,
        unit: r.unit,
        measured: r.measured,
        predicted: r.predicted,
        error: r.error,
      })),
    },
  };
}
