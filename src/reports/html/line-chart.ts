// Lines over one x parameter: a sweep's metric (one line per value of a second parameter) or the
// TPOT curve. Null y values are gaps (no plan fits there).
import type { ChartSpec } from './page.js';

export interface LineSeries {
  name: string;
  /** [x, y]; y null where there is no value */
  points: [number, number | null][];
  /** hover text per point (the plan behind it) */
  notes?: string[];
}

export interface LinesData {
  xLabel: string;
  yLabel: string;
  xUnit: string;
  yUnit: string;
  xLog: boolean;
  yLog: boolean;
  series: LineSeries[];
  /** draw a dot per point (hover) — off for very long series */
  dots: boolean;
}

/** Dots only while the chart stays light: beyond this many points, the lines alone. */
export const MAX_DOTS = 2000;

/** Log scale when the positive values span more than two decades. */
export function wantsLog(values: (number | null)[]): boolean {
  const v = values.filter((x): x is number => x !== null);
  if (!v.length || v.some((x) => x <= 0)) return false;
  return Math.max(...v) / Math.min(...v) > 100;
}

export function lines(data: Omit<LinesData, 'dots'>): ChartSpec<'lines', LinesData> {
  const n = data.series.reduce((s, l) => s + l.points.length, 0);
  return { kind: 'lines', data: { ...data, dots: n <= MAX_DOTS } };
}
