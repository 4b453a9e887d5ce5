// Time of one phase graph on real hardware: every op at its achieved speed (calibrated roofline),
// tensor-parallel collectives on the scale-up link, pipeline stages and their hand-offs.
import type { Device, Link } from '../hardware/types.js';
import type { PhaseGraph } from '../workloads/phase-graph.js';
import type { Op, OpShape } from '../workloads/ops.js';
import { achievedTime } from '../roofline/efficiency.js';
import type { Placement } from '../roofline/roofline.js';
import { collectiveTime, flatCollectiveTime, p2pTime } from './collectives.js';

/** Where a model replica's devices sit: TP inside a node, PP stages possibly across nodes. */
export interface ReplicaLinks {
  /** link between the TP devices (inside one node) */
  scaleUp: Link | undefined;
  /** link between consecutive pipeline stages (scale-up if they share a node, else the NIC) */
  stageLink: Link | undefined;
  pp: number;
  /** link of the expert-parallel group when it spans replicas (all-to-all), and NIC ports per device on it */
  epLink?: Link | undefined;
  epPorts?: number;
}

export interface StepTime {
  /** seconds for the whole graph on one replica */
  time: number;
  compute: number;
  memory: number;
  overhead: number;
  communication: number;
  /** which resource bounds the largest share of the time */
  bound: 'compute' | 'memory' | 'communication' | 'overhead';
}

/** What the ops of a graph add up to on one device, before the pipeline hand-offs. */
export interface OpSums {
  time: number;
  compute: number;
  memory: number;
  overhead: number;
  communication: number;
}

/**
 * The ops' part of stepTime: every op at its achieved speed, collectives on the replica's links.
 * It depends on the links only through `scaleUp`, `epLink` and `epPorts` (not on the stages), so
 * a planner may reuse it for every pipeline depth of a split.
 */
export function opSums(ops: readonly Op[], device: Device, placement: Placement, links: ReplicaLinks): OpSums {
  let compute = 0;
  let memory = 0;
  let overhead = 0;
  let communication = 0;
  let time = 0;
  for (const op of ops) {
    if (op.shape.type === 'collective') {
      const s = op.shape;
      if (s.group <= 1) continue;
      if (s.collective === 'all_to_all') {
        // an all-to-all moves (n−1)/n of the message per device, as an all-gather does
        if (!links.epLink) continue;
        const t = flatCollectiveTime('all_gather', s.messageBytes, s.group, links.epLink, 'ring', links.epPorts ?? 1);
        communication += t * op.count;
        time += t * op.count;
        continue;
      }
      if (!links.scaleUp) continue;
      const t = collectiveTime(s.collective, s.messageBytes, {
        perNode: s.group,
        scaleUp: links.scaleUp,
        nodes: 1,
        nicsPerNode: 0,
      });
      communication += t * op.count;
      time += t * op.count;
      continue;
    }
    const a = achievedTime(op, device, placement);
    time += a.time * op.count;
    overhead += a.overhead * op.count;
    if (a.bound === 'compute') compute += (a.time - a.overhead) * op.count;
    else memory += (a.time - a.overhead) * op.count;
  }
  return { time, compute, memory, overhead, communication };
}

/**
 * A step from its op sums: pipeline parallelism splits the layers over `pp` stages that run one
 * after another for a given micro-batch, so the latency is the whole graph plus pp − 1 hand-offs
 * of the hidden state of the graph's tokens; the largest share names the bound.
 */
export function stepFromSums(sums: OpSums, g: PhaseGraph, links: ReplicaLinks): StepTime {
  let { time, communication } = sums;
  const { compute, memory, overhead } = sums;
  if (links.pp > 1 && links.stageLink) {
    const hidden = (g.tokens * g.request.model.hidden * g.request.format.activationBits) / 8;
    const handoff = p2pTime(links.stageLink, hidden);
    communication += (links.pp - 1) * handoff;
    time += (links.pp - 1) * handoff;
  }
  // plain comparisons: this runs for every plan evaluated
  let bound: StepTime['bound'] = compute >= memory ? 'compute' : 'memory';
  let largest = Math.max(compute, memory);
  if (communication > largest) [bound, largest] = ['communication', communication];
  if (overhead > largest) bound = 'overhead';
  return { time, compute, memory, overhead, communication, bound };
}

/**
 * Sums the graph's ops on one device of the replica. The graph already holds 1/tp of each
 * layer; pipeline parallelism splits the layers over `pp` stages that run one after another for a
 * given micro-batch, so the latency is the whole graph plus pp − 1 hand-offs of the hidden state.
 */
export function stepTime(g: PhaseGraph, device: Device, placement: Placement, links: ReplicaLinks): StepTime {
  return stepFromSums(opSums(g.ops, device, placement, links), g, links);
}

/** Whether two ops of the same name can run as one kernel over the rows of both. */
function mergeable(a: Op, b: Op): boolean {
  if (a.name !== b.name || a.kind !== b.kind) return false;
  if (a.shape.type === 'matmul' && b.shape.type === 'matmul') {
    return a.shape.batch === 1 && b.shape.batch === 1 && a.shape.n === b.shape.n && a.shape.k === b.shape.k;
  }
  return (
    (a.shape.type === 'elementwise' && b.shape.type === 'elementwise') ||
    (a.shape.type === 'collective' && b.shape.type === 'collective')
  );
}

/** One kernel over the rows of both ops: FLOPs and activations add up, weights are read once. */
function merge(a: Op, b: Op): Op {
  // literals, not spreads of `a`: a mixed iteration merges every op of the layer, per plan evaluated
  const sa = a.shape;
  const sb = b.shape;
  const shape: OpShape =
    sa.type === 'matmul' && sb.type === 'matmul'
      ? { type: 'matmul', m: sa.m + sb.m, n: sa.n, k: sa.k, batch: sa.batch }
      : sa.type === 'elementwise' && sb.type === 'elementwise'
        ? { type: 'elementwise', elements: sa.elements + sb.elements }
        : sa.type === 'collective' && sb.type === 'collective'
          ? {
              type: 'collective',
              collective: sa.collective,
              messageBytes: sa.messageBytes + sb.messageBytes,
              group: sa.group,
            }
          : sa;
  return {
    name: a.name,
    kind: a.kind,
    group: a.group,
    pass: a.pass,
    layer: a.layer,
    count: a.count,
    shape,
    flops: a.flops + b.flops,
    bytes: {
      weights: Math.max(a.bytes.weights, b.bytes.weights),
      inputs: a.bytes.inputs + b.bytes.inputs,
      outputs: a.bytes.outputs + b.bytes.outputs,
      kvRead: a.bytes.kvRead + b.bytes.kvRead,
      kvWrite: a.bytes.kvWrite + b.bytes.kvWrite,
    },
    params: a.params,
    compute: a.compute,
    unit: a.unit,
  };
}

/**
 * A mixed engine iteration (Sarathi-style chunked prefill, TensorRT-LLM in-flight batching): the
 * decode batch and a prompt chunk go through the model together, so projections and MLPs read
 * their weights once for both; attention runs per sequence kind. `a` and `b` are graphs of the
 * same model and sharding.
 */
export function mixedStepTime(
  a: PhaseGraph,
  b: PhaseGraph,
  device: Device,
  placement: Placement,
  links: ReplicaLinks,
): StepTime {
  return stepTime(mixedGraph(a, b), device, placement, links);
}

/** The ops of a mixed iteration as one graph (see mixedStepTime): `a`'s request, both graphs' tokens. */
export function mixedGraph(a: PhaseGraph, b: PhaseGraph): PhaseGraph {
  const ops: Op[] = [];
  let j = 0;
  for (const op of a.ops) {
    const other = b.ops[j];
    if (other && other.name === op.name) {
      // same op of the layer: one kernel if the shapes allow, else both (attention per sequence kind)
      if (mergeable(op, other)) ops.push(merge(op, other));
      else ops.push(op, other);
      j++;
    } else ops.push(op);
  }
  for (; j < b.ops.length; j++) ops.push(b.ops[j]!);
  // a literal, not a spread of `a`: made for every plan a search evaluates from scratch
  return {
    request: a.request,
    shard: a.shard,
    forward: a.forward,
    tokens: a.tokens + b.tokens,
    kvTokens: a.kvTokens,
    ops,
  };
}
