// A heatmap of a 2-D sweep: a cell per point, the metric as colour, empty cells where no plan fits.
// Data is columnar and compact (a 100 × 100 sweep stays well under a megabyte).
import type { ChartSpec } from './page.js';

export interface HeatmapData {
  xLabel: string;
  yLabel: string;
  xUnit: string;
  yUnit: string;
  xValues: number[];
  yValues: number[];
  /** row-major by x: cell (i, j) is values[i * yValues.length + j]; null where there is none */
  values: (number | null)[];
  metricLabel: string;
  metricUnit: string;
  /** hover text per cell: an index into `notes` (the best plan, or why there is none) */
  noteIndex: number[];
  notes: string[];
  /** higher is better (colour scale direction) */
  higherIsBetter: boolean;
}

/** Rounds to 6 significant digits: the hover shows 3, and the file stays small. */
const compact = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

export function heatmap(
  data: Omit<HeatmapData, 'noteIndex' | 'notes'> & { cellNotes: string[] },
): ChartSpec<'heatmap', HeatmapData> {
  const { cellNotes, ...rest } = data;
  if (rest.values.length !== rest.xValues.length * rest.yValues.length)
    throw new Error('heatmap: values do not fill the grid');
  const notes: string[] = [];
  const seen = new Map<string, number>();
  const noteIndex = cellNotes.map((n) => {
    let i = seen.get(n);
    if (i === undefined) seen.set(n, (i = notes.push(n) - 1));
    return i;
  });
  return { kind: 'heatmap', data: { ...rest, values: rest.values.map(compact), noteIndex, notes } };
}
