// Stacked bars: one bar per category (a phase, a plan), one segment per series (an op kind, a kind
// of memory), optionally a limit per bar (memory capacity). Time breakdowns and memory use it.
import type { ChartSpec } from './page.js';

/** The colour of unused memory in every memory chart. */
export const FREE_COLOR = '#dfe4ea';

export interface StackedBarsData {
  /** 's' or 'B': how values are formatted */
  unit: string;
  yLabel: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  /** a line across each bar (capacity); null where none */
  limits?: (number | null)[];
  limitLabel?: string;
  /** bar drawn highlighted */
  highlight?: number;
  /** fixed colours by series name (free memory in grey) */
  colors?: Record<string, string>;
  /** draw each bar as shares of its total (phases of very different length) */
  normalize?: boolean;
}

export function stackedBars(data: StackedBarsData): ChartSpec<'stacked-bars', StackedBarsData> {
  for (const s of data.series) {
    if (s.values.length !== data.categories.length)
      throw new Error(`series ${s.name} has ${s.values.length} values for ${data.categories.length} bars`);
    if (s.values.some((v) => !Number.isFinite(v) || v < 0))
      throw new Error(`series ${s.name} has a negative or non-finite value`);
  }
  // series that are zero in every bar only clutter the legend
  return { kind: 'stacked-bars', data: { ...data, series: data.series.filter((s) => s.values.some((v) => v > 0)) } };
}

/** Segments drawn: one per non-zero value. */
export function segmentCount(data: StackedBarsData): number {
  return data.series.reduce((n, s) => n + s.values.filter((v) => v > 0).length, 0);
}
