// What hardware change would move the best training plan most: each resource +50 %, the plan's
// split (TP, PP, DP, CP, EP) kept, micro-batch, recomputation, ZeRO and schedule re-chosen.
import { scaleHardware, type HardwareParam } from './hardware-scaling.js';
import type { TrainContext } from './training.js';
import { searchTraining, type TrainFeasible, type TrainSearchOptions } from './training-search.js';

export interface TrainSensitivity {
  change: string;
  /** relative change of the step time (−0.2 = 20 % faster) */
  stepChange: number;
}

const FACTOR = 1.5;

export function trainingSensitivities(
  ctx: TrainContext,
  best: TrainFeasible,
  o: TrainSearchOptions,
): TrainSensitivity[] {
  const tier = ctx.hw.device.memory[0]!.tier.toUpperCase();
  const changes: [string, HardwareParam][] = [
    ['+50 % peak FLOP/s', 'flops'],
    [`+50 % ${tier} bandwidth`, 'hbm-bandwidth'],
    [`+50 % ${tier} capacity`, 'memory-capacity'],
  ];
  if (ctx.hw.devicesPerNode * ctx.hw.nodes > 1) changes.push(['+50 % interconnect bandwidth', 'link-bandwidth']);
  const p = best.plan;
  const out: TrainSensitivity[] = [];
  for (const [change, param] of changes) {
    const variant: TrainContext = { ...ctx, hw: { ...ctx.hw, ...scaleHardware(ctx.hw, param, FACTOR) } };
    const r = searchTraining(variant, { ...o, tp: p.tp, pp: p.pp, dp: p.dp, cp: p.cp, ep: p.ep });
    const top = r.ranked[0];
    if (top) out.push({ change, stepChange: top.metrics.stepS / best.metrics.stepS - 1 });
  }
  return out.sort((a, b) => Math.abs(b.stepChange) - Math.abs(a.stepChange));
}
