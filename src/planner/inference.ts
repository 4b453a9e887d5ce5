// Inference metrics of one plan (TP × PP inside a replica, DP replicas, a batch) for a workload:
// prefill, TTFT, TPOT, end-to-end latency, throughput, memory per device and the largest batch
// whose KV cache fits. Offline serving (all requests queued, in-flight batching) runs the
// largest batch that fits and interleaves each request's prefill with the others' decode.
import type { Device, Link } from '../hardware/types.js';
import type { ModelArch } from '../workloads/model-arch.js';
import type { NumericFormat } from '../workloads/precision.js';
import { buildPhaseGraph, PHASES, type Phase, type PhaseGraph } from '../workloads/phase-graph.js';
import { cachedParamCounts } from '../workloads/params.js';
import { shardForTp } from '../parallelism/tensor-parallel.js';
import {
  mixedGraph,
  mixedStepTime,
  opSums,
  stepFromSums,
  stepTime,
  type OpSums,
  type ReplicaLinks,
  type StepTime,
} from '../parallelism/step-time.js';
import type { Placement } from '../roofline/roofline.js';

/** The hardware a replica runs on: one device kind, its node size and links. */
export interface InferenceHardware {
  device: Device;
  devicesPerNode: number;
  nodes: number;
  scaleUp: Link | undefined;
  nic: Link | undefined;
  /** NIC ports per node (shared by its devices) */
  nicsPerNode: number;
}

/**
 * Speculative decoding (Leviathan et al. 2023): a draft model proposes k tokens one by one, the
 * target verifies them in one pass of k + 1 tokens; with per-token acceptance rate α a step yields
 * (1 − α^(k+1)) / (1 − α) tokens on average.
 */
export interface Speculative {
  draft: ModelArch;
  /** draft tokens per verification step */
  k: number;
  /** probability that the target accepts a draft token */
  acceptance: number;
}

/** Expected tokens one verification step produces. */
export function tokensPerSpeculativeStep(k: number, acceptance: number): number {
  return acceptance >= 1 ? k + 1 : (1 - Math.pow(acceptance, k + 1)) / (1 - acceptance);
}

export interface InferenceWorkload {
  /** prompt tokens per request */
  input: number;
  /** generated tokens per request */
  output: number;
  /** unbounded: offline serving, the engine runs the largest batch that fits */
  serving: boolean;
  speculative?: Speculative;
}

/** Engine limits (defaults are TensorRT-LLM's: max_batch_size 2048, max_num_tokens 8192). */
export interface EngineLimits {
  maxBatch: number;
  maxNumTokens: number;
  /**
   * share of the memory left after the weights that KV cache and workspace may use
   * (TensorRT-LLM's kv_cache_free_gpu_mem_fraction, default 0.9)
   */
  memoryUtilization: number;
}

/** TensorRT-LLM's defaults: what `plan` and `validate` assume unless told otherwise. */
export const DEFAULT_ENGINE: EngineLimits = { maxBatch: 2048, maxNumTokens: 8192, memoryUtilization: 0.9 };

export interface InferencePlan {
  tp: number;
  /** expert-parallel ranks inside the TP group (MoE models); 1 otherwise */
  ep?: number;
  pp: number;
  dp: number;
  /** sequences per replica */
  batch: number;
  format: NumericFormat;
  flashAttention: boolean;
}

export interface MemoryPerDevice {
  weightsBytes: number;
  kvBytes: number;
  workspaceBytes: number;
  totalBytes: number;
  usableBytes: number;
}

/** What a plan achieves, in SI units (reports turn them into the documented ms / GB fields). */
export interface InferenceMetrics {
  /** one request's prefill alone */
  prefillS: number;
  ttftS: number;
  /** time per output token of the running batch (serving: including the interleaved prefills) */
  tpotS: number;
  e2eLatencyS: number;
  outputTokensPerS: number;
  inputTokensPerS: number;
  outputTokensPerSPerDevice: number;
  memoryBytesPerDevice: number;
  maxBatch: number;
  /** what bounds a decode step */
  decodeBound: StepTime['bound'];
}

export type Evaluation =
  | { fits: true; plan: InferencePlan; metrics: InferenceMetrics; memory: MemoryPerDevice; decode: StepTime }
  | { fits: false; plan: InferencePlan; reason: string; memory: MemoryPerDevice };

export interface PlanContext {
  model: ModelArch;
  hw: InferenceHardware;
  workload: InferenceWorkload;
  engine: EngineLimits;
}

function replicaLinks(ctx: PlanContext, tp: number, pp: number, ep = 1): ReplicaLinks {
  const hw = ctx.hw;
  // stages share a node while the replica fits in one; otherwise hand-offs cross the NIC
  const sameNode = tp * pp <= hw.devicesPerNode;
  // an EP group across replicas stays on the scale-up link while it fits in a node
  const epInNode = ep <= hw.devicesPerNode;
  const links: ReplicaLinks = {
    scaleUp: tp > 1 ? hw.scaleUp : undefined,
    stageLink: sameNode ? hw.scaleUp : hw.nic,
    pp,
  };
  // assigned, not spread in: object spreads are slow, and this runs for every plan evaluated
  if (ep > tp) {
    links.epLink = epInNode ? hw.scaleUp : hw.nic;
    links.epPorts = epInNode ? 1 : hw.nicsPerNode / hw.devicesPerNode;
  }
  return links;
}

/**
 * What the plans of one search share, built and timed once: phase graphs by request (a decode
 * step of 8 sequences at TP=4 is the same graph whatever the PP, DP or full batch), and the op
 * sums of each graph (and of each mixed iteration) on the context's device, which do not depend
 * on the pipeline depth. Made for one context and numeric format; evaluations check both.
 */
export interface PlanMemo {
  ctx: PlanContext;
  format: NumericFormat;
  /** key (nested maps, see graphKey): target or draft, phase, flash attention, tp, ep, batch, input, context */
  graphs: Map<number, unknown>;
  /** key: the graph, then the plan's expert split (a draft graph has ep 1 but runs on the plan's links) */
  sums: Map<PhaseGraph, Map<number, OpSums>>;
  /** a mixed iteration's graph; key: the decode graph, then the prompt chunk's graph */
  mixed: Map<PhaseGraph, Map<PhaseGraph, PhaseGraph>>;
}

export function planMemo(ctx: PlanContext, format: NumericFormat): PlanMemo {
  return { ctx, format, graphs: new Map(), sums: new Map(), mixed: new Map() };
}

/** One plan's replica: its context, where its operands live, its links, and the search's memo if any. */
interface Replica {
  ctx: PlanContext;
  plan: Omit<InferencePlan, 'batch'>;
  placement: Placement;
  links: ReplicaLinks;
  memo: PlanMemo | undefined;
}

/** Operands all in the first memory tier; links by the plan's split. */
function replica(ctx: PlanContext, plan: Omit<InferencePlan, 'batch'>, memo: PlanMemo | undefined): Replica {
  if (memo && (memo.ctx !== ctx || memo.format !== plan.format)) {
    throw new Error('a plan memo serves only the context and numeric format it was made for');
  }
  const tier = ctx.hw.device.memory[0]!;
  return {
    ctx,
    plan,
    placement: { weights: tier, kv: tier, activations: tier },
    links: replicaLinks(ctx, plan.tp, plan.pp, plan.ep ?? 1),
    memo,
  };
}

/** The graph of one phase on the plan's sharding (the target model unless another is given). */
function phaseGraph(
  r: Replica,
  phase: Phase,
  batch: number,
  input: number,
  context: number,
  model: ModelArch = r.ctx.model,
): PhaseGraph {
  const { ctx, plan, memo } = r;
  const ep = model === ctx.model ? (plan.ep ?? 1) : 1;
  const build = () =>
    buildPhaseGraph({
      model,
      phase,
      batch,
      input,
      context,
      chunk: input,
      format: plan.format,
      tp: plan.tp,
      ep,
      sequenceParallel: false,
      flashAttention: plan.flashAttention,
      recompute: 'none',
    });
  if (!memo) return build();
  // the only other model a plan runs is the speculative draft
  const kind = (model === ctx.model ? 0 : 8) + PHASES.indexOf(phase) * 2 + (plan.flashAttention ? 1 : 0);
  return memoized(memo.graphs, [kind, plan.tp, ep, batch, input, context], build);
}

/**
 * The value under a tuple of numbers in nested maps, made on first use: cheaper than building a
 * string key for every lookup (a search looks up a few graphs per plan).
 */
function memoized<V>(root: Map<number, unknown>, keys: readonly number[], make: () => V): V {
  let map = root;
  const last = keys.length - 1;
  for (let i = 0; i < last; i++) {
    let next = map.get(keys[i]!) as Map<number, unknown> | undefined;
    if (next === undefined) map.set(keys[i]!, (next = new Map()));
    map = next;
  }
  let value = map.get(keys[last]!) as V | undefined;
  if (value === undefined) map.set(keys[last]!, (value = make()));
  return value;
}

/** Time of a graph on one device of the replica. */
function timeOf(r: Replica, g: PhaseGraph): StepTime {
  const { memo, links } = r;
  if (!memo) return stepTime(g, r.ctx.hw.device, r.placement, links);
  const ep = r.plan.ep ?? 1;
  let byEp = memo.sums.get(g);
  if (byEp === undefined) memo.sums.set(g, (byEp = new Map()));
  let sums = byEp.get(ep);
  if (sums === undefined) byEp.set(ep, (sums = opSums(g.ops, r.ctx.hw.device, r.placement, links)));
  return stepFromSums(sums, g, links);
}

/** Time of a mixed iteration: a decode graph and a prompt chunk's graph as one pass. */
function mixedTimeOf(r: Replica, decodeGraph: PhaseGraph, chunkGraph: PhaseGraph): StepTime {
  const memo = r.memo;
  if (!memo) return mixedStepTime(decodeGraph, chunkGraph, r.ctx.hw.device, r.placement, r.links);
  let byChunk = memo.mixed.get(decodeGraph);
  if (byChunk === undefined) memo.mixed.set(decodeGraph, (byChunk = new Map()));
  let merged = byChunk.get(chunkGraph);
  if (merged === undefined) byChunk.set(chunkGraph, (merged = mixedGraph(decodeGraph, chunkGraph)));
  return timeOf(r, merged);
}

function phaseTime(
  r: Replica,
  phase: Phase,
  batch: number,
  input: number,
  context: number,
  model: ModelArch = r.ctx.model,
): StepTime {
  return timeOf(r, phaseGraph(r, phase, batch, input, context, model));
}

/**
 * Time per generated token of the running batch at a context: one decode step, or with
 * speculative decoding k draft steps plus one verification of k + 1 tokens, divided by the
 * tokens a step yields on average. `decodeGraph` is the target's decode step of one micro-batch.
 */
function decodeStep(r: Replica, context: number, decodeGraph: PhaseGraph): StepTime {
  const target = timeOf(r, decodeGraph);
  const spec = r.ctx.workload.speculative;
  if (!spec) return target;
  const micro = decodeGraph.request.batch;
  const draft = phaseTime(r, 'decode', micro, 1, context, spec.draft);
  const verify = phaseTime(r, 'chunked', micro, spec.k + 1, context);
  const perToken = 1 / tokensPerSpeculativeStep(spec.k, spec.acceptance);
  const mix = (key: 'time' | 'compute' | 'memory' | 'overhead' | 'communication') =>
    (spec.k * draft[key] + verify[key]) * perToken;
  return {
    time: mix('time'),
    compute: mix('compute'),
    memory: mix('memory'),
    overhead: mix('overhead'),
    communication: mix('communication'),
    bound: verify.bound,
  };
}

/** The memory of one device as a function of the batch: fixed weights plus per-sequence terms. */
interface MemoryModel {
  weightsBytes: number;
  kvPerSequence: number;
  /** activation bytes per token of one engine step (capped at maxNumTokens tokens) */
  workspacePerToken: number;
  /** fp32 logits per sequence */
  logitsPerSequence: number;
  usableBytes: number;
}

const totalParams = (m: ModelArch) => cachedParamCounts(m).total;
const expertParams = (m: ModelArch) => cachedParamCounts(m).routedExperts;

function memoryModel(ctx: PlanContext, plan: Omit<InferencePlan, 'batch'>): MemoryModel {
  const m = ctx.model;
  const f = plan.format;
  const shard = shardForTp(m, plan.tp, false, plan.ep ?? 1);
  // a speculative draft model sits next to the target, sharded the same way
  const draft = ctx.workload.speculative?.draft;
  // routed experts are split over max(tp, ep) devices (whole experts across replicas), the rest over tp
  const experts = expertParams(m);
  const perStage =
    (totalParams(m) - experts + (draft ? totalParams(draft) : 0)) / plan.tp + experts / Math.max(plan.tp, plan.ep ?? 1);
  const weightsBytes = (perStage * f.weightBits) / 8 / plan.pp;
  const tokens = ctx.workload.input + ctx.workload.output;
  const kvTokens = m.slidingWindow ? Math.min(tokens, m.slidingWindow) : tokens;
  const widest = 2 * m.hidden + (m.mlp === 'gated' ? 3 : 2) * shard.ffnPerDevice;
  const capacity = ctx.hw.device.memory[0]!.capacityBytes;
  return {
    weightsBytes,
    kvPerSequence:
      (2 * (m.layers / plan.pp) * shard.kvHeadsPerDevice * m.headDim * f.kvBits * kvTokens) / 8 +
      (draft
        ? (2 * (draft.layers / plan.pp) * Math.max(1, draft.kvHeads / plan.tp) * draft.headDim * f.kvBits * kvTokens) /
          8
        : 0),
    workspacePerToken: (widest * f.activationBits) / 8,
    logitsPerSequence: shard.vocabPerDevice * 4,
    usableBytes:
      weightsBytes <= capacity ? weightsBytes + (capacity - weightsBytes) * ctx.engine.memoryUtilization : capacity,
  };
}

/** Weights, KV cache and activation workspace on one device of the replica. */
export function memoryPerDevice(ctx: PlanContext, plan: InferencePlan, batch: number): MemoryPerDevice {
  const mm = memoryModel(ctx, plan);
  // activations of one engine step: the token budget through the widest layer, plus the logits
  const stepTokens = Math.min(ctx.engine.maxNumTokens, batch * ctx.workload.input);
  const workspaceBytes = stepTokens * mm.workspacePerToken + batch * mm.logitsPerSequence;
  const kvBytes = batch * mm.kvPerSequence;
  return {
    weightsBytes: mm.weightsBytes,
    kvBytes,
    workspaceBytes,
    totalBytes: mm.weightsBytes + kvBytes + workspaceBytes,
    usableBytes: mm.usableBytes,
  };
}

/**
 * Largest batch per replica whose KV cache and workspace fit next to the weights (0: none).
 * Memory is linear in the batch until the step's token budget is full, and linear after it.
 */
export function maxBatch(ctx: PlanContext, plan: Omit<InferencePlan, 'batch'>): number {
  const mm = memoryModel(ctx, plan);
  const free = mm.usableBytes - mm.weightsBytes;
  const input = ctx.workload.input;
  const budget = ctx.engine.maxNumTokens;
  // below the budget every sequence adds its prompt to the workspace, above it only its KV and logits
  const perSeqBelow = mm.kvPerSequence + mm.logitsPerSequence + input * mm.workspacePerToken;
  const perSeqAbove = mm.kvPerSequence + mm.logitsPerSequence;
  const belowLimit = Math.floor(free / perSeqBelow);
  const fitsBelow = Math.min(belowLimit, Math.floor(budget / input));
  const aboveLimit = Math.floor((free - budget * mm.workspacePerToken) / perSeqAbove);
  const best = aboveLimit * input >= budget ? Math.max(fitsBelow, aboveLimit) : fitsBelow;
  return Math.max(0, Math.min(ctx.engine.maxBatch, best));
}

const GB = 1e9;

/**
 * One serving cycle (TensorRT-LLM in-flight batching, Sarathi-style chunked prefill): the running
 * batch takes `output` decode iterations, and every finished request is replaced by a new one
 * whose prompt is prefilled in chunks riding along with decode iterations, up to the engine's
 * token budget per iteration. Prompt tokens that do not fit into the decode iterations' spare
 * budget run in prefill-only iterations. All per micro-batch: with pipeline parallelism pp of them
 * are in flight.
 */
function servingCycle(r: Replica, decode: StepTime, decodeGraph: PhaseGraph): number {
  const ctx = r.ctx;
  const { input, output } = ctx.workload;
  const micro = decodeGraph.request.batch;
  const budget = ctx.engine.maxNumTokens;
  const promptTokens = micro * input;
  const spare = budget - micro;
  const g = (phase: Phase, batch: number, len: number, past: number) => phaseGraph(r, phase, batch, len, past);
  let cycle = 0;
  let left = promptTokens;
  if (spare > 0 && !ctx.workload.speculative) {
    const chunk = Math.min(spare, input);
    const mixedIterations = Math.min(output, Math.ceil(promptTokens / chunk));
    // a chunk attends, on average, to half a prompt already cached
    const mixed = mixedTimeOf(r, decodeGraph, g('chunked', 1, chunk, Math.floor((input - chunk) / 2)));
    cycle += mixedIterations * mixed.time + (output - mixedIterations) * decode.time;
    left = Math.max(0, promptTokens - mixedIterations * chunk);
  } else {
    cycle += output * decode.time;
  }
  if (left > 0) {
    // the rest in full-budget prefill iterations of whole prompts
    const perIteration = Math.max(1, Math.floor(budget / input));
    const t = timeOf(r, g('prefill', Math.min(perIteration, micro), input, 0)).time;
    cycle += (left / input / Math.min(perIteration, micro)) * t;
  }
  return cycle;
}

/**
 * A decode step's time as the context grows from the prompt to the last generated token
 * (`points` contexts, evenly spaced): the TPOT curve behind the average the metrics report.
 */
export function tpotCurve(ctx: PlanContext, plan: InferencePlan, points = 5): { context: number; tpotS: number }[] {
  const { input, output } = ctx.workload;
  const micro = Math.ceil(plan.batch / plan.pp);
  const r = replica(ctx, plan, undefined);
  return Array.from({ length: points }, (_, i) => {
    const context = input + Math.round((i * (output - 1)) / Math.max(1, points - 1));
    const g = phaseGraph(r, 'decode', micro, 1, context);
    return { context, tpotS: decodeStep(r, context, g).time };
  });
}

/** What every batch of one split (TP, EP, PP) shares: worked out once per split in a search. */
export interface SplitShared {
  maxBatch: number;
  /** one request's prefill on the split */
  prefillOne: StepTime;
}

/** `memo`: the search's shared graphs and op sums (results are the same with or without it). */
export function splitShared(ctx: PlanContext, plan: Omit<InferencePlan, 'batch'>, memo?: PlanMemo): SplitShared {
  return {
    maxBatch: maxBatch(ctx, plan),
    prefillOne: phaseTime(replica(ctx, plan, memo), 'prefill', 1, ctx.workload.input, 0),
  };
}

/**
 * The metrics of one plan. `shared`: what the plan's split shares with the other batches of a
 * search; `memo`: the search's shared graphs and op sums. Neither changes the result.
 */
export function evaluateInference(
  ctx: PlanContext,
  plan: InferencePlan,
  shared?: SplitShared,
  memo?: PlanMemo,
): Evaluation {
  const { input, output } = ctx.workload;
  const memory = memoryPerDevice(ctx, plan, plan.batch);
  if (memory.totalBytes > memory.usableBytes) {
    const over = (memory.totalBytes - memory.usableBytes) / GB;
    return {
      fits: false,
      plan,
      memory,
      reason: `needs ${(memory.totalBytes / GB).toFixed(1)} GB per device (weights ${(memory.weightsBytes / GB).toFixed(1)}, KV ${(memory.kvBytes / GB).toFixed(1)}, workspace ${(memory.workspaceBytes / GB).toFixed(1)}) of ${(memory.usableBytes / GB).toFixed(1)} GB usable: ${over.toFixed(1)} GB over`,
    };
  }
  const r = replica(ctx, plan, memo);
  const { maxBatch: limit, prefillOne } = shared ?? splitShared(ctx, plan, memo);
  // one request alone (prefillOne), then the running batch at its average context
  const context = input + Math.floor(output / 2);
  // with pipeline parallelism the batch runs as pp micro-batches in flight: each stage works on
  // one while the others work on the rest, so the whole batch advances one token in the time a
  // micro-batch takes through all stages
  const decodeGraph = phaseGraph(r, 'decode', Math.ceil(plan.batch / plan.pp), 1, context);
  const decode = decodeStep(r, context, decodeGraph);
  let ttft: number;
  let tpot: number;
  // sequences finishing per second per replica: a batch completes every cycle (serving) or e2e
  let period: number;
  if (ctx.workload.serving) {
    const cycle = servingCycle(r, decode, decodeGraph);
    ttft = prefillOne.time;
    tpot = cycle / output;
    period = cycle;
  } else {
    const prefillBatch = plan.batch === 1 ? prefillOne : phaseTime(r, 'prefill', plan.batch, input, 0);
    ttft = prefillBatch.time;
    tpot = decode.time;
    period = ttft + output * tpot;
  }
  const e2e = ttft + output * tpot;
  const devices = plan.tp * plan.pp * plan.dp;
  const outputRate = (plan.dp * plan.batch * output) / period;
  return {
    fits: true,
    plan,
    memory,
    decode,
    metrics: {
      prefillS: prefillOne.time,
      ttftS: ttft,
      tpotS: tpot,
      e2eLatencyS: e2e,
      outputTokensPerS: outputRate,
      inputTokensPerS: (outputRate * input) / output,
      outputTokensPerSPerDevice: outputRate / devices,
      memoryBytesPerDevice: memory.totalBytes,
      maxBatch: limit,
      decodeBound: decode.bound,
    },
  };
}
