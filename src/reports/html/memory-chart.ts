// Memory of one device under each plan: weights, KV cache, workspace, what is left, against capacity.
import type { MemoryPerDevice } from '../../planner/inference.js';
import { FREE_COLOR, stackedBars, type StackedBarsData } from './stacked-bars-chart.js';
import type { ChartSpec } from './page.js';

export interface PlanMemory {
  label: string;
  memory: MemoryPerDevice;
}

/**
 * `usableBytes` is what the engine may fill (weights plus its memory-utilization share of the
 * rest): "free" is usable memory left, "reserved" the share the engine leaves alone.
 * `capacityBytes` per plan where the plans run on different devices (a fleet's groups).
 */
export function memoryChart(
  plans: PlanMemory[],
  capacityBytes: number | number[],
  tier: string,
  highlight?: number,
): ChartSpec<'stacked-bars', StackedBarsData> {
  const seg = (f: (m: MemoryPerDevice) => number) => plans.map((p) => Math.max(0, f(p.memory)));
  const capacity = plans.map((_, i) => (typeof capacityBytes === 'number' ? capacityBytes : capacityBytes[i]!));
  return stackedBars({
    unit: 'B',
    yLabel: 'bytes per device',
    categories: plans.map((p) => p.label),
    series: [
      { name: 'weights', values: seg((m) => m.weightsBytes) },
      { name: 'KV cache', values: seg((m) => m.kvBytes) },
      { name: 'workspace (activations, logits)', values: seg((m) => m.workspaceBytes) },
      { name: 'free', values: seg((m) => m.usableBytes - m.totalBytes) },
      {
        name: 'reserved (engine headroom)',
        values: plans.map((p, i) => Math.max(0, capacity[i]! - Math.max(p.memory.usableBytes, p.memory.totalBytes))),
      },
    ],
    colors: { free: FREE_COLOR, 'reserved (engine headroom)': '#f1f3f6' },
    limits: capacity,
    limitLabel: `${tier} capacity`,
    ...(highlight !== undefined && { highlight }),
  });
}
