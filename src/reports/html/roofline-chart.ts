// Roofline chart data: the device's roofs (every precision it has, every memory tier) and each
// op that has both FLOPs and bytes as a point (log-log axes cannot show zeros; collectives are
// not timed by the roofline).
import type { RooflineAnalysis } from '../../roofline/analysis.js';
import type { OpRoofline } from '../../roofline/roofline.js';
import { shapeText } from '../op-shape.js';
import type { ChartSpec } from './page.js';

export interface RooflinePoint {
  name: string;
  kind: string;
  count: number;
  shape: string;
  flops: number;
  bytes: number;
  intensity: number;
  attainable: number;
  time: number;
  bound: string;
}

export interface RooflineChartData {
  precisions: { name: string; peak: number; active: boolean }[];
  tiers: { name: string; bandwidth: number }[];
  ops: RooflinePoint[];
}

/** One roof per distinct peak, named by every precision that has it ("fp16 / bf16"), highest first. */
function roofsByPeak(peaks: Partial<Record<string, number>>, compute: string): RooflineChartData['precisions'] {
  const byPeak = new Map<number, string[]>();
  for (const [name, peak] of Object.entries(peaks))
    if (peak && peak > 0) byPeak.set(peak, [...(byPeak.get(peak) ?? []), name]);
  return [...byPeak]
    .sort((x, y) => y[0] - x[0])
    .map(([peak, names]) => ({ name: names.join(' / '), peak, active: names.includes(compute) }));
}

/** Ops a log-log roofline can place. */
export function plottable(r: OpRoofline): boolean {
  return r.bound !== 'communication' && r.flops > 0 && r.bytes > 0;
}

export function rooflineChart(a: RooflineAnalysis): ChartSpec<'roofline', RooflineChartData> {
  const compute = a.graph.request.format.compute;
  return {
    kind: 'roofline',
    data: {
      precisions: roofsByPeak(a.device.peakFlops, compute),
      tiers: a.device.memory.map((t) => ({
        name: `${t.tier}${t.technology ? ` (${t.technology})` : ''}`,
        bandwidth: t.bandwidthBytesPerS,
      })),
      ops: a.rows.filter(plottable).map((r) => ({
        name: r.op.name,
        kind: r.op.kind,
        count: r.op.count,
        shape: shapeText(r.op.shape),
        flops: r.flops,
        bytes: r.bytes,
        intensity: r.intensity,
        attainable: r.attainableFlops,
        time: r.time,
        bound: r.bound,
      })),
    },
  };
}
