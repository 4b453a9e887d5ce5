// A bar per item (candidate plans by their objective), one highlighted.
import type { ChartSpec } from './page.js';

export interface BarsData {
  labels: string[];
  values: number[];
  unit: string;
  yLabel: string;
  /** index of the chosen bar */
  highlight?: number;
  /** extra hover text per bar */
  notes?: string[];
}

export function bars(data: BarsData): ChartSpec<'bars', BarsData> {
  if (data.values.length !== data.labels.length) throw new Error('bars: one value per label');
  if (data.values.some((v) => !Number.isFinite(v))) throw new Error('bars: non-finite value');
  return { kind: 'bars', data };
}
