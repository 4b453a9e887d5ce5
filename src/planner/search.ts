// The plan search: every TP × PP split of the devices into replicas, every batch worth trying;
// plans that do not fit are kept with what overflows, the rest ranked by the objective under SLOs.
import { InputError, ModelingError } from '../errors.js';
import {
  evaluateInference,
  maxBatch,
  planMemo,
  splitShared,
  type Evaluation,
  type InferencePlan,
  type PlanContext,
} from './inference.js';
import type { NumericFormat } from '../workloads/precision.js';

export type Objective = 'throughput' | 'latency' | 'cost';
export const OBJECTIVES: readonly Objective[] = ['throughput', 'latency', 'cost'];

export interface SearchOptions {
  format: NumericFormat;
  objective: Objective;
  tp?: number;
  pp?: number;
  /** expert-parallel ranks inside the TP group (MoE); default: every divisor of TP that splits the experts */
  ep?: number;
  /** sequences per replica; overrides the batch sweep */
  batch?: number;
  /** concurrent requests over the whole system (spread over the replicas) */
  concurrency?: number;
  sloTtftS?: number;
  sloTpotS?: number;
  flashAttention: boolean;
}

export type Feasible = Extract<Evaluation, { fits: true }>;

export interface SearchResult {
  /** plans meeting the SLOs, best first */
  ranked: Feasible[];
  /** plans that fit but miss an SLO, closest first, with by how much */
  missed: { evaluation: Feasible; miss: string; missRatio: number }[];
  /** plans that do not fit, closest to fitting first */
  infeasible: Extract<Evaluation, { fits: false }>[];
  evaluated: number;
}

const divisors = (n: number) => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

/** TP degrees that fit in one node and split the model evenly. */
export function tpOptions(ctx: PlanContext): number[] {
  const m = ctx.model;
  return divisors(ctx.hw.devicesPerNode).filter(
    (t) => m.heads % t === 0 && (m.kvHeads % t === 0 || t % m.kvHeads === 0) && m.ffn % t === 0,
  );
}

/** Expert-parallel splits of a TP group: divisors of tp that divide the experts (1 for dense models). */
export function epOptions(ctx: Pick<PlanContext, 'model'>, tp: number, dp = 1): number[] {
  const moe = ctx.model.moe;
  if (!moe) return [1];
  const inside = divisors(tp).filter((e) => moe.experts % e === 0 && moe.expertFfn % (tp / e) === 0);
  // across g of the dp replicas: the experts spread over their TP groups (all-to-all per MoE layer)
  const across = divisors(dp)
    .filter((g) => g > 1)
    .map((g) => tp * g)
    .filter((e) => moe.experts % e === 0);
  return [...inside, ...across];
}

/** Higher is better. Cost: output tokens per second per dollar of hardware (per device without a price). */
export function score(e: Feasible, objective: Objective, pricePerDevice: number | undefined): number {
  const m = e.metrics;
  switch (objective) {
    case 'throughput':
      return m.outputTokensPerS;
    case 'latency':
      return -m.e2eLatencyS;
    case 'cost': {
      const devices = e.plan.tp * e.plan.pp * e.plan.dp;
      return m.outputTokensPerS / (devices * (pricePerDevice ?? 1));
    }
  }
}

function batchOptions(ctx: PlanContext, o: SearchOptions, dp: number, limit: number): number[] {
  if (o.batch !== undefined) return [o.batch];
  if (o.concurrency !== undefined) return [Math.ceil(o.concurrency / dp)];
  if (!ctx.workload.serving || o.objective === 'latency') return [1];
  const out: number[] = [];
  for (let b = 1; b < limit; b *= 2) out.push(b);
  out.push(limit);
  return out;
}

export function searchInference(ctx: PlanContext, o: SearchOptions): SearchResult {
  const total = ctx.hw.devicesPerNode * ctx.hw.nodes;
  const tps = tpOptions(ctx);
  if (o.tp !== undefined && !tps.includes(o.tp)) {
    throw new InputError(
      `--tp ${o.tp} is not possible for ${ctx.model.name} on ${ctx.hw.devicesPerNode} devices per node (heads ${ctx.model.heads}, KV heads ${ctx.model.kvHeads}); choose from ${tps.join(', ')}`,
    );
  }
  if (o.ep !== undefined && o.tp !== undefined && o.pp !== undefined) {
    const dp = total / (o.tp * o.pp);
    const options = Number.isInteger(dp) ? epOptions(ctx, o.tp, dp) : [];
    if (!options.includes(o.ep)) {
      throw new InputError(
        `--ep ${o.ep} is not possible with --tp ${o.tp} --pp ${o.pp} for ${ctx.model.name}; choose from ${options.join(', ')}`,
      );
    }
  }
  if (o.pp !== undefined && (ctx.model.layers % o.pp !== 0 || o.pp > total)) {
    throw new InputError(`--pp ${o.pp} must divide the ${ctx.model.layers} layers and fit in ${total} devices`);
  }
  const result: SearchResult = { ranked: [], missed: [], infeasible: [], evaluated: 0 };
  // graphs and op sums the splits and batches share (a micro-batch recurs at every PP)
  const memo = planMemo(ctx, o.format);
  for (const tp of o.tp !== undefined ? [o.tp] : tps) {
    for (const pp of o.pp !== undefined ? [o.pp] : divisors(ctx.model.layers)) {
      if (tp * pp > total || total % (tp * pp) !== 0) continue;
      const dp = total / (tp * pp);
      for (const ep of epOptions(ctx, tp, dp).filter((e) => o.ep === undefined || e === o.ep)) {
        const base = { tp, ep, pp, dp, format: o.format, flashAttention: o.flashAttention };
        // what all batches of this split share, worked out once; where no batch fits, its plans
        // are turned down on memory alone and need no prefill
        const limit = maxBatch(ctx, base);
        const shared = limit >= 1 ? splitShared(ctx, base, memo) : undefined;
        for (const batch of batchOptions(ctx, o, dp, Math.max(1, limit))) {
          // a literal, not a spread of base: spreads cost more than a memoized evaluation
          const plan: InferencePlan = { tp, ep, pp, dp, format: o.format, flashAttention: o.flashAttention, batch };
          const e = evaluateInference(ctx, plan, shared, memo);
          result.evaluated++;
          if (!e.fits) {
            result.infeasible.push(e);
            continue;
          }
          const misses: [string, number][] = [];
          if (o.sloTtftS !== undefined && e.metrics.ttftS > o.sloTtftS)
            misses.push([
              `TTFT ${(e.metrics.ttftS * 1e3).toFixed(1)} ms > ${Number((o.sloTtftS * 1e3).toPrecision(6))} ms`,
              e.metrics.ttftS / o.sloTtftS,
            ]);
          if (o.sloTpotS !== undefined && e.metrics.tpotS > o.sloTpotS)
            misses.push([
              `TPOT ${(e.metrics.tpotS * 1e3).toFixed(2)} ms > ${Number((o.sloTpotS * 1e3).toPrecision(6))} ms`,
              e.metrics.tpotS / o.sloTpotS,
            ]);
          if (misses.length) {
            result.missed.push({
              evaluation: e,
              miss: misses.map((x) => x[0]).join(', '),
              missRatio: Math.max(...misses.map((x) => x[1])),
            });
          } else result.ranked.push(e);
        }
      }
    }
  }
  const price = ctx.hw.device.priceUsd;
  result.ranked.sort((a, b) => score(b, o.objective, price) - score(a, o.objective, price));
  result.missed.sort((a, b) => a.missRatio - b.missRatio);
  // closest to fitting first: the most useful example of what overflows
  result.infeasible.sort(
    (a, b) => a.memory.totalBytes / a.memory.usableBytes - b.memory.totalBytes / b.memory.usableBytes,
  );
  if (result.evaluated === 0 && o.ep !== undefined) {
    throw new InputError(
      `--ep ${o.ep} is not possible for ${ctx.model.name} on ${total} devices with the given --tp/--pp`,
    );
  }
  if (result.evaluated === 0) {
    throw new ModelingError(`no TP × PP split of ${total} devices suits ${ctx.model.name}`);
  }
  return result;
}
