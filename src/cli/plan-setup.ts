// The flags `plan` and `sweep` share, and how they become a PlanContext and SearchOptions:
// the model, the hardware one replica sees, the workload, the engine limits, the numeric format.
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { loadShippedCatalog } from '../hardware/catalog.js';
import { resolveHardware } from '../hardware/cluster.js';
import { PRECISIONS } from '../hardware/schema.js';
import type { Cluster, Precision } from '../hardware/types.js';
import { resolveFormat, type NumericFormat } from '../workloads/precision.js';
import { findModel } from '../workloads/models.js';
import { inferenceHardware } from '../planner/setup.js';
import { fleetGroups, splitConcurrency, type GroupSetup } from '../planner/fleet.js';
import { OBJECTIVES, type Objective, type SearchOptions } from '../planner/search.js';
import { DEFAULT_ENGINE, type InferenceHardware, type PlanContext } from '../planner/inference.js';
import type { ModelArch } from '../workloads/model-arch.js';
import { oneOf, positiveInt, positiveNumber } from './options.js';

export interface PlanFlags {
  model: string;
  hw: string;
  input: number;
  output: number;
  batch?: number;
  concurrency?: number;
  sloTtft?: number;
  sloTpot?: number;
  objective: Objective;
  tp?: number;
  pp?: number;
  ep?: number;
  draft?: string;
  draftTokens: number;
  acceptance: number;
  precision?: Precision;
  weightBits?: number;
  kvBits?: number;
  maxBatch: number;
  maxNumTokens: number;
  memoryUtilization: number;
}

/** Registers the flags of PlanFlags on a command. */
export function addPlanOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--model <name>', 'catalog name, alias, or a Hugging Face config.json')
    .requiredOption('--hw <hardware>', 'system id, <device>x<N>, or a .json file')
    .option('--input <tokens>', 'prompt tokens per request', positiveInt, 1024)
    .option('--output <tokens>', 'generated tokens per request', positiveInt, 256)
    .option(
      '--batch <n>',
      'fixed batch per replica (default: offline serving, the largest batch that fits)',
      positiveInt,
    )
    .option('--concurrency <n>', 'concurrent requests over the whole system', positiveInt)
    .option('--slo-ttft <ms>', 'time-to-first-token limit', positiveNumber)
    .option('--slo-tpot <ms>', 'time-per-output-token limit', positiveNumber)
    .option('--objective <o>', `one of ${OBJECTIVES.join(', ')}`, oneOf(OBJECTIVES), 'throughput')
    .option('--tp <n>', 'fix the tensor-parallel degree', positiveInt)
    .option('--pp <n>', 'fix the pipeline-parallel degree', positiveInt)
    .option('--ep <n>', 'fix expert parallelism inside the TP group (MoE models)', positiveInt)
    .option('--draft <model>', 'speculative decoding with this draft model (same devices, same TP)')
    .option('--draft-tokens <k>', 'draft tokens per verification step (with --draft)', positiveInt, 4)
    .option('--acceptance <a>', 'probability the target accepts a draft token (with --draft)', positiveNumber, 0.7)
    .option('--precision <p>', 'activation/compute precision (default bf16, else fp16)', oneOf(PRECISIONS))
    .option('--weight-bits <bits>', 'bits per weight (e.g. 4, 4.5, 8)', positiveNumber)
    .option('--kv-bits <bits>', 'bits per KV-cache element', positiveNumber)
    .option('--max-batch <n>', "engine's largest batch (TensorRT-LLM default)", positiveInt, DEFAULT_ENGINE.maxBatch)
    .option(
      '--max-num-tokens <n>',
      "engine's token budget per step (TensorRT-LLM default)",
      positiveInt,
      DEFAULT_ENGINE.maxNumTokens,
    )
    .option(
      '--memory-utilization <f>',
      'share of the memory left after the weights for KV cache and workspace (TensorRT-LLM default)',
      positiveNumber,
      DEFAULT_ENGINE.memoryUtilization,
    );
}

export interface PlanSetup {
  cluster: Cluster;
  format: NumericFormat;
  ctx: PlanContext;
  options: SearchOptions;
  /** how the defaults were filled in, for the reader: devices, numeric format, batching */
  assumptions: string[];
}

/** The flag combinations no search can take (exit 2), checked before any work. */
function checkPlanFlags(o: PlanFlags): void {
  if (o.batch !== undefined && o.concurrency !== undefined)
    throw new InputError('give --batch or --concurrency, not both');
  if (o.memoryUtilization > 1) throw new InputError('--memory-utilization is a fraction of 1');
  if (o.acceptance > 1) throw new InputError('--acceptance is a probability (0 to 1)');
}

/** The model and the cluster the flags name. */
export function planTarget(o: PlanFlags): { model: ModelArch; cluster: Cluster } {
  checkPlanFlags(o);
  return { model: findModel(o.model), cluster: resolveHardware(o.hw, loadShippedCatalog()) };
}

function planContext(o: PlanFlags, model: ModelArch, hw: InferenceHardware): PlanContext {
  return {
    model,
    hw,
    workload: {
      input: o.input,
      output: o.output,
      serving: o.batch === undefined && o.concurrency === undefined,
      ...(o.draft !== undefined && {
        speculative: { draft: findModel(o.draft), k: o.draftTokens, acceptance: o.acceptance },
      }),
    },
    engine: { maxBatch: o.maxBatch, maxNumTokens: o.maxNumTokens, memoryUtilization: o.memoryUtilization },
  };
}

/** `concurrency`: the requests this hardware gets (a fleet's group gets its share of --concurrency). */
function searchOptions(o: PlanFlags, format: NumericFormat, concurrency = o.concurrency): SearchOptions {
  return {
    format,
    objective: o.objective,
    flashAttention: true,
    ...(o.tp !== undefined && { tp: o.tp }),
    ...(o.pp !== undefined && { pp: o.pp }),
    ...(o.ep !== undefined && { ep: o.ep }),
    ...(o.batch !== undefined && { batch: o.batch }),
    ...(concurrency !== undefined && { concurrency }),
    ...(o.sloTtft !== undefined && { sloTtftS: o.sloTtft / 1e3 }),
    ...(o.sloTpot !== undefined && { sloTpotS: o.sloTpot / 1e3 }),
  };
}

const formatLine = (format: NumericFormat) =>
  `${format.activation} activations and compute, ${format.weightBits}-bit weights, ${format.kvBits}-bit KV cache, FlashAttention`;

/** How the batch is chosen, in words; a fleet's groups each state their own share of --concurrency. */
function batchingLine(o: PlanFlags, batchSwept: boolean, concurrency = o.concurrency): string {
  if (batchSwept) return "batch per replica: swept; TTFT is the batch's prefill (no queueing)";
  if (o.batch === undefined && concurrency === undefined)
    return `offline serving: batch up to the KV-cache limit and --max-batch ${o.maxBatch}; prefill in chunks of --max-num-tokens ${o.maxNumTokens}; ${Math.round(o.memoryUtilization * 100)} % of the memory left after the weights for KV cache and workspace`;
  return `batch per replica ${o.batch ?? `⌈${concurrency} / DP⌉`}; TTFT is the batch's prefill (no queueing)`;
}

const draftLine = (o: PlanFlags) =>
  o.draft !== undefined
    ? [`speculative decoding: draft ${o.draft}, ${o.draftTokens} tokens per step, acceptance ${o.acceptance}`]
    : [];

/** `batchSwept`: a sweep over the batch describes the batching itself. */
export function planSetup(o: PlanFlags, batchSwept = false, target = planTarget(o)): PlanSetup {
  const { model, cluster } = target;
  const hw = inferenceHardware(cluster);
  const format = resolveFormat(hw.device, { precision: o.precision, weightBits: o.weightBits, kvBits: o.kvBits });
  const ctx = planContext(o, model, hw);
  const options = searchOptions(o, format);
  const assumptions = [
    `${cluster.totalDevices} devices (${cluster.origin.join('; ')})`,
    formatLine(format),
    batchingLine(o, batchSwept),
    ...draftLine(o),
  ];
  return { cluster, format, ctx, options, assumptions };
}

export interface FleetSetup {
  cluster: Cluster;
  model: ModelArch;
  groups: GroupSetup[];
  /** the fleet's own assumptions (routing, how --concurrency splits) */
  assumptions: string[];
  /** each group's assumptions, by group name */
  groupAssumptions: Map<string, string[]>;
}

/**
 * A mixed-device cluster as a fleet: a context and search options per pool of identical devices,
 * each pool with the numeric format its device takes; a flag a pool cannot take is that pool's
 * reason not to serve.
 */
export function fleetSetup(o: PlanFlags, target = planTarget(o)): FleetSetup {
  const { model, cluster } = target;
  const pools = fleetGroups(cluster);
  const shares =
    o.concurrency !== undefined
      ? splitConcurrency(
          o.concurrency,
          pools.map((p) => p.devices),
        )
      : undefined;
  const groupAssumptions = new Map<string, string[]>();
  const groups = pools.map((group, i): GroupSetup => {
    const concurrency = shares?.[i];
    const devices = `${group.devices} × ${group.hw.device.id} (${group.hw.nodes} node(s) of ${group.hw.devicesPerNode}; group ${group.name})`;
    if (concurrency === 0) {
      groupAssumptions.set(group.name, [devices]);
      return {
        group,
        error: new InputError(`--concurrency ${o.concurrency} leaves this group no requests (its share rounds to 0)`),
      };
    }
    const ctx = planContext(o, model, group.hw);
    let format: NumericFormat;
    try {
      format = resolveFormat(group.hw.device, { precision: o.precision, weightBits: o.weightBits, kvBits: o.kvBits });
    } catch (e) {
      // a precision this group's device lacks: the group sits out, the others may still serve
      groupAssumptions.set(group.name, [devices]);
      if (e instanceof InputError) return { group, error: e };
      throw e;
    }
    groupAssumptions.set(group.name, [
      devices,
      formatLine(format),
      batchingLine(o, false, concurrency),
      ...draftLine(o),
    ]);
    return { group, ctx, options: searchOptions(o, format, concurrency) };
  });
  const assumptions = [
    `${cluster.totalDevices} devices in ${pools.length} groups of one device kind each (${cluster.origin.join('; ')})`,
    'served as a fleet: each group runs its own replicas (no replica spans device kinds); a router sends each group requests in proportion to what it serves, so output tokens/s add up and each group keeps its own latency; the fleet latency is the worst group',
    ...(shares
      ? [
          `--concurrency ${o.concurrency} split over the groups in proportion to their devices: ${pools.map((p, i) => `${p.name} ${shares[i]}`).join(', ')}`,
        ]
      : o.batch !== undefined
        ? [`--batch ${o.batch} per replica in every group`]
        : []),
    ...(o.sloTtft !== undefined || o.sloTpot !== undefined
      ? ['the SLOs hold in every group: a group that cannot meet them serves nothing']
      : []),
  ];
  return { cluster, model, groups, assumptions, groupAssumptions };
}
