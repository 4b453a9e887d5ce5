// `llmsim plan --mode train`: the training flags, the search, and its outputs. plan.ts registers
// these flags next to the inference ones and hands train mode over here.
import { InvalidArgumentError, type Command } from 'commander';
import { InputError, ModelingError } from '../errors.js';
import { loadShippedCatalog } from '../hardware/catalog.js';
import { resolveHardware } from '../hardware/cluster.js';
import { PRECISIONS } from '../hardware/schema.js';
import type { Cluster, Precision } from '../hardware/types.js';
import { findModel } from '../workloads/models.js';
import { parsePeft } from '../workloads/peft.js';
import type { Recompute } from '../workloads/backward-graph.js';
import type { ZeroStage } from '../parallelism/data-parallel.js';
import { inferenceHardware } from '../planner/setup.js';
import { trainingDevice, type ContextParallelKind, type TrainContext } from '../planner/training.js';
import {
  searchTraining,
  trainSearchOptions,
  type TrainSearchOptions,
  type TrainSearchResult,
} from '../planner/training-search.js';
import { trainingSensitivities } from '../planner/training-sensitivity.js';
import { TRAINING_WORKSPACE_BYTES } from '../planner/training-memory.js';
import { trainCsv, trainJson, trainReportText, type TrainReport } from '../reports/train-report.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { trainHtml, trainInputs } from '../reports/html/train-html.js';
import { writeReport } from './report-option.js';
import { oneOf, positiveInt } from './options.js';
import { printJson, type Io } from './io.js';

/** Documented defaults: Llama 2's pretraining shape (4,096-token sequences, ~4 M tokens per step). */
export const TRAIN_DEFAULTS = { seqLen: 4096, globalBatch: 1024 } as const;

export interface TrainFlags {
  model: string;
  hw: string;
  seqLen: number;
  globalBatch: number;
  tokens?: number;
  peft?: string;
  tp?: number;
  pp?: number;
  dp?: number;
  cp?: number;
  cpKind: ContextParallelKind;
  ep?: number;
  microBatch?: number;
  vp?: number;
  zero?: ZeroStage;
  recompute?: Recompute;
  precision?: Precision;
  top: number;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
}

/** Token counts with SI suffixes: 300B, 1.5T, 2e12. */
export function tokenCount(value: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([KMBT]?)$/i.exec(value.trim());
  const scale = { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 } as const;
  if (!m) throw new InvalidArgumentError(`expected a token count such as 300B or 1T, got "${value}"`);
  const n = Number(m[1]) * scale[m[2]!.toUpperCase() as keyof typeof scale];
  if (!(n > 0)) throw new InvalidArgumentError(`expected a positive token count, got "${value}"`);
  return n;
}

/** The flags only training uses (--tp, --pp, --ep, --precision are shared with inference). */
export function addTrainOptions(cmd: Command): Command {
  return cmd
    .option('--seq-len <tokens>', `train: tokens per sequence (default ${TRAIN_DEFAULTS.seqLen})`, positiveInt)
    .option(
      '--global-batch <n>',
      `train: sequences per optimizer step (default ${TRAIN_DEFAULTS.globalBatch})`,
      positiveInt,
    )
    .option('--tokens <n>', 'train: tokens to train on, e.g. 1T (time and device-hours to train)', tokenCount)
    .option(
      '--peft <spec>',
      'train: lora:r=16[,targets=q_proj+v_proj], qlora:r=64, adapter:r=64[,placement=parallel], prefix:tokens=30, prompt:tokens=20',
    )
    .option('--dp <n>', 'train: fix the data-parallel degree', positiveInt)
    .option('--cp <n>', 'train: fix the context-parallel degree', positiveInt)
    .option(
      '--cp-kind <kind>',
      'train: ring (ring attention) or ulysses (all-to-all)',
      oneOf(['ring', 'ulysses'] as const),
      'ring',
    )
    .option('--micro-batch <n>', 'train: fix the micro-batch size', positiveInt)
    .option('--vp <n>', 'train: fix the model chunks per pipeline stage (interleaved schedule when > 1)', positiveInt)
    .option(
      '--zero <stage>',
      'train: fix the ZeRO stage (0-3; 3 = FSDP full_shard)',
      oneOf(['0', '1', '2', '3'] as const),
    )
    .option('--recompute <mode>', 'train: fix activation recomputation', oneOf(['none', 'selective', 'full'] as const));
}

/** Flags that mean something only in one mode: given in the other, they are an error, not ignored. */
export const INFERENCE_ONLY_FLAGS = [
  'input',
  'output',
  'batch',
  'concurrency',
  'sloTtft',
  'sloTpot',
  'draft',
  'draftTokens',
  'acceptance',
  'weightBits',
  'kvBits',
  'maxBatch',
  'maxNumTokens',
  'memoryUtilization',
  'objective',
] as const;
export const TRAIN_ONLY_FLAGS = [
  'seqLen',
  'globalBatch',
  'tokens',
  'peft',
  'dp',
  'cp',
  'microBatch',
  'vp',
  'zero',
  'recompute',
] as const;

const flagName = (key: string) => '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Rejects flags of the other mode that the user typed. */
export function checkModeFlags(cmd: Command, mode: 'inference' | 'train'): void {
  const foreign = mode === 'train' ? INFERENCE_ONLY_FLAGS : TRAIN_ONLY_FLAGS;
  const given = foreign.filter((k) => cmd.getOptionValueSource(k) === 'cli');
  if (given.length) {
    throw new InputError(
      `${given.map(flagName).join(', ')} ${given.length > 1 ? 'apply' : 'applies'} only to --mode ${mode === 'train' ? 'inference' : 'train'}`,
    );
  }
}

interface TrainSetup {
  cluster: Cluster;
  ctx: TrainContext;
  options: TrainSearchOptions;
  assumptions: string[];
}

export function trainSetup(o: TrainFlags): TrainSetup {
  const model = findModel(o.model);
  const cluster = resolveHardware(o.hw, loadShippedCatalog());
  const hw = inferenceHardware(cluster);
  const peft = o.peft !== undefined ? parsePeft(o.peft) : undefined;
  const options = trainSearchOptions(hw.device, {
    precision: o.precision,
    cpKind: o.cpKind,
    peft,
    tp: o.tp,
    pp: o.pp,
    dp: o.dp,
    cp: o.cp,
    ep: o.ep,
    microBatch: o.microBatch,
    vp: o.vp,
    zero: o.zero === undefined ? undefined : (Number(o.zero) as ZeroStage),
    recompute: o.recompute,
  });
  const { format, flashAttention } = options;
  const ctx: TrainContext = {
    model,
    hw: { ...hw, device: trainingDevice(hw.device) },
    workload: { seqLen: o.seqLen, globalBatch: o.globalBatch, ...(o.tokens !== undefined && { tokens: o.tokens }) },
  };
  const eff = hw.device.efficiency;
  const assumptions = [
    `${cluster.totalDevices} devices (${cluster.origin.join('; ')})`,
    `${format.compute} matmuls${format.compute === 'fp8' ? ` (${format.activation} activations, weights and attention, as Transformer Engine)` : ''}, mixed-precision Adam (fp32 master weights and moments, 16 B per trainable parameter)${peft ? `, frozen base in ${format.weightBits}-bit` : ''}`,
    `${flashAttention ? 'FlashAttention' : 'unfused attention (the device predates FlashAttention-2)'}; sequence parallelism with TP; gradient reduction overlapped with the backward pass; PaLM-convention FLOPs for MFU (6 per parameter per token plus attention)`,
    `matrix work at ${(100 * eff.trainingMatmulFraction).toFixed(0)} % of the calibrated rate (${hw.device.id}'s trainingMatmulFraction); ${(TRAINING_WORKSPACE_BYTES / 1e9).toFixed(0)} GB workspace per device (estimate)`,
  ];
  return { cluster, ctx, options, assumptions };
}

/** The error for a search with nothing to rank: contradictory flags (exit 2) or nothing fits (exit 1). */
function nothingRanked(o: TrainFlags, setup: TrainSetup, result: TrainSearchResult): Error {
  if (result.evaluated === 0) {
    const reasons = [...result.skipped.values()].map((x) => x.example);
    return new InputError(
      `no training plan of ${setup.ctx.model.name} on ${o.hw} can be formed with these flags: ${reasons.slice(0, 3).join('; ') || 'no factorization of the devices'}`,
    );
  }
  const fit = smallestTrainingFit(o, setup);
  return new ModelingError(
    `${setup.ctx.model.name} does not fit on ${o.hw} with any training plan: ${result.infeasible[0]?.reason ?? ''}.${fit ? ` The smallest hardware that fits: ${fit}.` : ' No cluster of up to 4,096 such devices fits it.'}`,
  );
}

/** More nodes of the same device, doubling, until some plan fits (DP is left free). */
function smallestTrainingFit(o: TrainFlags, setup: TrainSetup): string | undefined {
  const hw = setup.ctx.hw;
  const catalog = loadShippedCatalog();
  for (let n = hw.devicesPerNode * hw.nodes * 2; n <= 4096; n *= 2) {
    const id = `${hw.device.id}x${n}`;
    let cluster: Cluster;
    try {
      cluster = resolveHardware(id, catalog);
    } catch {
      continue;
    }
    const bigger = inferenceHardware(cluster);
    const ctx: TrainContext = { ...setup.ctx, hw: { ...bigger, device: trainingDevice(bigger.device) } };
    // a bigger cluster needs a bigger DP: leave it free
    if (searchTraining(ctx, { ...setup.options, dp: undefined }).ranked.length) return id;
  }
  return undefined;
}

export function runTrainPlan(io: Io, o: TrainFlags): void {
  if (o.precision !== undefined && !(PRECISIONS as readonly string[]).includes(o.precision)) {
    throw new InputError(`--precision ${o.precision} is not a precision`);
  }
  const setup = trainSetup(o);
  const result = searchTraining(setup.ctx, setup.options);
  if (!result.ranked.length) throw nothingRanked(o, setup, result);
  const best = result.ranked[0]!;
  const report: TrainReport = {
    ctx: setup.ctx,
    result,
    sensitivities: trainingSensitivities(setup.ctx, best, setup.options),
    top: o.top,
    assumptions: setup.assumptions,
  };
  if (typeof o.csv === 'string') writeFileAtomic(o.csv, trainCsv(report));
  if (o.json) printJson(io, trainJson(report));
  else if (o.csv === true) io.out(trainCsv(report));
  else io.out(trainReportText(report));
  if (o.report !== undefined) {
    const html = trainHtml(report, trainInputs(o.model, o.hw, setup.cluster, report));
    writeReport(io, o.report, html, !o.json && o.csv !== true);
  }
}
