// "The smallest hardware that would fit": more devices of the same kind, in whole nodes.
import { maxBatch, type PlanContext } from './inference.js';
import { tpOptions, type SearchOptions } from './search.js';

/** The fewest devices (TP inside a node, then PP across nodes) on which batch 1 fits, as text. */
export function smallestFit(ctx: PlanContext, o: SearchOptions): string | undefined {
  const tps = tpOptions(ctx);
  for (let devices = 1; devices <= 4096; devices *= 2) {
    // the largest TP first: inside a node it is the usual way to split a model that does not fit
    for (const tp of tps.filter((t) => devices % t === 0).reverse()) {
      const pp = devices / tp;
      if (ctx.model.layers % pp !== 0) continue;
      const base = { tp, pp, dp: 1, format: o.format, flashAttention: o.flashAttention };
      if (maxBatch(ctx, base) >= 1) return `${devices} × ${ctx.hw.device.id} (TP=${tp}, PP=${pp})`;
    }
  }
  return undefined;
}
