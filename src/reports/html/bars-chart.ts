// A bar per item (candidate plans by their objective, changes of a diff), one highlighted or each coloured.
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
  /** a fill colour per bar (instead of the chosen/other colours) */
  colors?: string[];
  /** width of the label column in px (default 300); the plot keeps its width */
  labelWidth?: number;
  /** the text shown for each value (default: the value in its unit) */
  valueLabels?: string[];
}

export function bars(data: BarsData): ChartSpec<'bars', BarsData> {
  if (data.values.length !== data.labels.length) throw new Error('bars: one value per label');
  if (data.values.some((v) => !Number.isFinite(v))) throw new Error('bars: non-finite value');
  for (const k of ['colors', 'valueLabels'] as const)
    if (data[k] && data[k].length !== data.values.length) throw new Error(`bars: one of ${k} per value`);
  return { kind: 'bars', data };
}
