// The training plan search: every TP × CP × PP × DP factorization of the devices, micro-batch,
// recomputation, ZeRO stage, schedule (1F1B or interleaved with v chunks) and, for MoE, expert
// parallelism; plans the model or batch cannot split into are skipped and counted by reason,
// plans that do not fit are kept with what overflows, the rest ranked by step time.
import { InputError } from '../errors.js';
import type { Recompute } from '../workloads/backward-graph.js';
import { shardForTp } from '../parallelism/tensor-parallel.js';
import { epOptions } from './search.js';
import type { NumericFormat } from '../workloads/precision.js';
import type { PeftSpec } from '../workloads/peft.js';
import type { ZeroStage } from '../parallelism/data-parallel.js';
import type { Device, Precision } from '../hardware/types.js';
import {
  checkTrainPlan,
  evaluateTraining,
  supportsFusedAttention,
  trainingFormat,
  type ContextParallelKind,
  type MicroBatchPass,
  type TrainContext,
  type TrainEvaluation,
  type TrainPlan,
} from './training.js';

export interface TrainSearchOptions {
  format: NumericFormat;
  flashAttention: boolean;
  peft?: PeftSpec;
  cpKind: ContextParallelKind;
  /** fixed values; undefined = search */
  tp?: number;
  pp?: number;
  dp?: number;
  cp?: number;
  ep?: number;
  microBatch?: number;
  vp?: number;
  recompute?: Recompute;
  zero?: ZeroStage;
  /** largest micro-batch the search tries (default 16) */
  maxMicroBatch?: number;
}

/** What a user fixes (CLI flags, a diff scenario); the rest is searched. */
export type TrainFixed = Partial<
  Pick<
    TrainSearchOptions,
    'tp' | 'pp' | 'dp' | 'cp' | 'ep' | 'microBatch' | 'vp' | 'recompute' | 'zero' | 'cpKind' | 'peft'
  >
> & { precision?: Precision | undefined };

/** Search options for a device: its training format and attention kernels, and the fixed values. */
export function trainSearchOptions(device: Device, fixed: TrainFixed): TrainSearchOptions {
  const { precision, cpKind, ...rest } = fixed;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return {
    format: trainingFormat(device, precision, fixed.peft),
    flashAttention: supportsFusedAttention(device),
    cpKind: cpKind ?? 'ring',
    ...defined,
  };
}

export type TrainFeasible = Extract<TrainEvaluation, { fits: true }>;
export type TrainInfeasible = Extract<TrainEvaluation, { fits: false }>;

export interface TrainSearchResult {
  /** plans that fit, fastest step first */
  ranked: TrainFeasible[];
  /** plans that do not fit, closest to fitting first */
  infeasible: TrainInfeasible[];
  /** combinations the model, batch or hardware cannot take, by kind of reason: how many and one example */
  skipped: Map<string, { count: number; example: string }>;
  evaluated: number;
}

const divisors = (n: number) => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
const RECOMPUTE: Recompute[] = ['none', 'selective', 'full'];
const ZERO: ZeroStage[] = [0, 1, 2, 3];

/** A fixed value if given (validated later by checkTrainPlan), else every candidate. */
const pick = <T>(fixed: T | undefined, all: T[]): T[] => (fixed !== undefined ? [fixed] : all);

/** Reason text without the numbers, so skipped combinations group by kind. */
const reasonKind = (message: string) => message.replace(/\d+(\.\d+)?/g, 'N');

export function searchTraining(ctx: TrainContext, o: TrainSearchOptions): TrainSearchResult {
  const m = ctx.model;
  const hw = ctx.hw;
  const devices = hw.devicesPerNode * hw.nodes;
  const { globalBatch, seqLen } = ctx.workload;
  const skipped = new Map<string, { count: number; example: string }>();
  const skip = (reason: string) => {
    const kind = reasonKind(reason);
    const seen = skipped.get(kind);
    if (seen) seen.count++;
    else skipped.set(kind, { count: 1, example: reason });
  };
  const ranked: TrainFeasible[] = [];
  const infeasible: TrainInfeasible[] = [];
  const cache = new Map<string, MicroBatchPass>();
  let evaluated = 0;

  // fixed degrees that cannot work at all are the user's error, not combinations to skip
  for (const [flag, v] of [
    ['--tp', o.tp],
    ['--pp', o.pp],
    ['--dp', o.dp],
    ['--cp', o.cp],
  ] as const) {
    if (v !== undefined && devices % v !== 0)
      throw new InputError(`${flag} ${v} does not divide the ${devices} devices`);
  }
  if (o.tp !== undefined) shardForTp(m, o.tp, false, o.ep ?? 1);
  const tps = pick(o.tp, divisors(hw.devicesPerNode)).filter(
    (t) => o.tp !== undefined || (m.heads % t === 0 && m.ffn % t === 0 && (m.kvHeads % t === 0 || t % m.kvHeads === 0)),
  );
  for (const tp of tps) {
    for (const cp of pick(
      o.cp,
      divisors(devices / tp).filter((c) => c === 1 || seqLen % (2 * c) === 0),
    )) {
      if ((devices / tp) % cp !== 0 && o.cp === undefined) continue;
      const rest = devices / (tp * cp);
      for (const pp of pick(
        o.pp,
        divisors(Math.floor(rest)).filter((p) => m.layers % p === 0),
      )) {
        const dp = rest / pp;
        if (o.dp !== undefined && o.dp !== dp) continue;
        const perReplica = globalBatch / dp;
        const microBatches = pick(
          o.microBatch,
          Number.isInteger(perReplica) ? divisors(perReplica).filter((b) => b <= (o.maxMicroBatch ?? 16)) : [1],
        );
        const vps = pp === 1 ? [1] : divisors(m.layers / pp);
        for (const microBatch of microBatches) {
          for (const ep of pick(o.ep, epOptions(ctx, tp, dp))) {
            for (const recompute of pick(o.recompute, RECOMPUTE)) {
              for (const zero of pick(o.zero, ZERO)) {
                for (const vp of pick(o.vp, vps)) {
                  const plan: TrainPlan = {
                    tp,
                    pp,
                    dp,
                    cp,
                    cpKind: o.cpKind,
                    ep,
                    microBatch,
                    vp,
                    recompute,
                    zero,
                    sequenceParallel: tp > 1,
                    format: o.format,
                    flashAttention: o.flashAttention,
                    ...(o.peft && { peft: o.peft }),
                    overlapGradReduce: true,
                  };
                  try {
                    checkTrainPlan(ctx, plan);
                  } catch (e) {
                    if (!(e instanceof InputError)) throw e;
                    skip(e.message);
                    continue;
                  }
                  evaluated++;
                  const r = evaluateTraining(ctx, plan, { cache });
                  if (r.fits) ranked.push(r);
                  else infeasible.push(r);
                }
              }
            }
          }
        }
      }
    }
  }
  // equal step times (e.g. CP 2 × micro-batch 1 and CP 4 × micro-batch 2 do the same work per
  // device): the plan with less memory, then fewer model-parallel ranks, comes first
  const modelParallel = (e: TrainFeasible) => e.plan.tp * e.plan.pp * e.plan.cp * e.plan.ep;
  ranked.sort(
    (a, b) =>
      a.metrics.stepS - b.metrics.stepS ||
      a.memory.totalBytes - b.memory.totalBytes ||
      modelParallel(a) - modelParallel(b),
  );
  infeasible.sort(
    (a, b) => a.memory.totalBytes / a.memory.capacityBytes - b.memory.totalBytes / b.memory.capacityBytes,
  );
  return { ranked, infeasible, skipped, evaluated };
}
