// Time breakdown of phases (prefill, decode, ...): stacked bars per op kind and per part of the layer.
import type { OpGroup, OpKind } from '../../workloads/ops.js';
import { stackedBars, type StackedBarsData } from './stacked-bars-chart.js';
import type { ChartSpec } from './page.js';

type Bars = ChartSpec<'stacked-bars', StackedBarsData>;

/** One op's contribution: its time summed over its instances. */
export interface TimedOp {
  kind: OpKind | 'communication' | 'pipeline hand-off';
  group: OpGroup | 'pipeline';
  seconds: number;
}

export interface PhaseTimes {
  label: string;
  ops: TimedOp[];
}

const GROUP_LABEL: Record<TimedOp['group'], string> = {
  attention: 'attention',
  mlp: 'MLP',
  moe: 'MoE experts',
  'layer-other': 'rest of the layer (norms, residuals)',
  communication: 'tensor-parallel collectives',
  model: 'outside the layers (embedding, lm_head)',
  pipeline: 'pipeline hand-offs',
};

function by<K extends string>(
  phases: PhaseTimes[],
  key: (o: TimedOp) => K,
  label: (k: K) => string,
): StackedBarsData['series'] {
  const keys = [...new Set(phases.flatMap((p) => p.ops.map(key)))].sort();
  return keys.map((k) => ({
    name: label(k),
    values: phases.map((p) => p.ops.reduce((s, o) => (key(o) === k ? s + o.seconds : s), 0)),
  }));
}

/** Two charts: per op kind and per part of the layer; bars as shares when phases differ a lot in length. */
export function timeBreakdownCharts(phases: PhaseTimes[]): { byKind: Bars; byGroup: Bars } {
  const totals = phases.map((p) => p.ops.reduce((s, o) => s + o.seconds, 0));
  const normalize = Math.max(...totals) > 20 * Math.min(...totals.filter((t) => t > 0));
  const common = { unit: 's', yLabel: 'time', categories: phases.map((p) => p.label), normalize };
  return {
    byKind: stackedBars({
      ...common,
      series: by(
        phases,
        (o) => o.kind,
        (k) => k,
      ),
    }),
    byGroup: stackedBars({
      ...common,
      series: by(
        phases,
        (o) => o.group,
        (g) => GROUP_LABEL[g],
      ),
    }),
  };
}
