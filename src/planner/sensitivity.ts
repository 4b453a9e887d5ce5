// What hardware change would move the best plan most: each resource +50 %, the plan's split kept,
// its batch re-chosen, the objective and TPOT compared.
import { scaleHardware } from './hardware-scaling.js';
import type { PlanContext } from './inference.js';
import { score, searchInference, type Feasible, type SearchOptions } from './search.js';

export interface Sensitivity {
  change: string;
  /** relative change of the objective's metric (throughput: +0.3 = 30 % more tokens/s) */
  objectiveChange: number;
  tpotChange: number;
}

const FACTOR = 1.5;

export function sensitivities(ctx: PlanContext, best: Feasible, o: SearchOptions): Sensitivity[] {
  const d = ctx.hw.device;
  const tier = d.memory[0]!.tier.toUpperCase();
  const variants: [string, PlanContext][] = [
    [`+50 % ${tier} bandwidth`, { ...ctx, hw: scaleHardware(ctx.hw, 'hbm-bandwidth', FACTOR) }],
    ['+50 % peak FLOP/s', { ...ctx, hw: scaleHardware(ctx.hw, 'flops', FACTOR) }],
    [`+50 % ${tier} capacity`, { ...ctx, hw: scaleHardware(ctx.hw, 'memory-capacity', FACTOR) }],
  ];
  if (best.plan.tp > 1 || best.plan.pp > 1) {
    variants.push(['+50 % interconnect bandwidth', { ...ctx, hw: scaleHardware(ctx.hw, 'link-bandwidth', FACTOR) }]);
  }
  const base = score(best, o.objective, d.priceUsd);
  const out: Sensitivity[] = [];
  for (const [change, variant] of variants) {
    const r = searchInference(variant, { ...o, tp: best.plan.tp, pp: best.plan.pp, ep: best.plan.ep ?? 1 });
    const top = r.ranked[0];
    if (!top) continue;
    const s = score(top, o.objective, d.priceUsd);
    out.push({
      change,
      // latency scores are negative: a smaller magnitude is better either way
      objectiveChange: o.objective === 'latency' ? base / s - 1 : s / base - 1,
      tpotChange: top.metrics.tpotS / best.metrics.tpotS - 1,
    });
  }
  return out.sort((a, b) => Math.abs(b.objectiveChange) - Math.abs(a.objectiveChange));
}
