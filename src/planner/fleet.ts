// Serving on a cluster that mixes device kinds, as a fleet: each group of identical devices runs
// its own replicas (no replica spans device kinds), a router sends each group requests in
// proportion to what it serves, so throughput adds up and each group keeps its own latency.
import { InputError, ModelingError } from '../errors.js';
import type { Cluster, NodeGroup } from '../hardware/types.js';
import type { InferenceHardware, PlanContext } from './inference.js';
import { searchInference, type Feasible, type SearchOptions, type SearchResult } from './search.js';
import { groupsHardware } from './setup.js';
import { smallestFit } from './smallest-fit.js';

/** Node groups of one device, node size and links: one pool that replicas are cut from. */
export interface FleetGroup {
  /** the node group names of the system file, joined with "+" where identical groups merge */
  name: string;
  groups: NodeGroup[];
  hw: InferenceHardware;
  devices: number;
}

const groupKey = (g: NodeGroup) =>
  [
    g.device.id,
    g.devicesPerNode,
    g.scaleUp?.id ?? '',
    g.nics
      .map((n) => `${n.link.id}×${n.perNode}`)
      .sort()
      .join(','),
  ].join('|');

/**
 * The fleet's pools: identical groups merge (they share one NIC fabric) unless the system joins its
 * groups by an inter-group link, whose fabrics are then separate and stay separate pools.
 */
export function fleetGroups(cluster: Cluster): FleetGroup[] {
  const pools = new Map<string, NodeGroup[]>();
  cluster.groups.forEach((g, i) => {
    const key = cluster.interGroup ? `#${i}` : groupKey(g);
    pools.set(key, [...(pools.get(key) ?? []), g]);
  });
  return [...pools.values()].map((groups) => {
    const name = groups.map((g) => g.name).join('+');
    const hw = groupsHardware(groups, undefined, `${cluster.id} group "${name}"`);
    return { name, groups, hw, devices: hw.devicesPerNode * hw.nodes };
  });
}

/** N requests over pools in proportion to their devices (largest remainder, so they sum to N). */
export function splitConcurrency(total: number, devices: number[]): number[] {
  const all = devices.reduce((s, d) => s + d, 0);
  const exact = devices.map((d) => (total * d) / all);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - out.reduce((s, x) => s + x, 0); k < left; k++) out[order[k]![1]]!++;
  return out;
}

/** What the search of one pool needs, or why the pool gets no search (a flag it cannot take). */
export type GroupSetup =
  | { group: FleetGroup; ctx: PlanContext; options: SearchOptions }
  | { group: FleetGroup; error: InputError | ModelingError };

export type GroupStatus = 'serving' | 'misses-slo' | 'does-not-fit' | 'not-searched';

export interface GroupOutcome {
  group: FleetGroup;
  status: GroupStatus;
  /** why a group serves nothing */
  reason?: string;
  ctx?: PlanContext;
  options?: SearchOptions;
  result?: SearchResult;
  best?: Feasible;
  /** share of the fleet's output tokens/s (0 for a group that serves nothing) */
  share: number;
}

/** The fleet as one system, in SI units: throughput summed, latency of the worst serving group. */
export interface FleetMetrics {
  outputTokensPerS: number;
  inputTokensPerS: number;
  /** over every device of the cluster, the idle groups' too */
  outputTokensPerSPerDevice: number;
  prefillS: number;
  ttftS: number;
  tpotS: number;
  e2eLatencyS: number;
  /** the group each worst latency comes from */
  worst: { prefill: string; ttft: string; tpot: string; e2e: string };
  /** memory per device of each serving group's best plan */
  memoryBytesPerDevice: { group: string; bytes: number }[];
  devices: number;
  servingDevices: number;
}

export interface FleetResult {
  groups: GroupOutcome[];
  /** undefined when no group serves */
  metrics?: FleetMetrics;
}

function outcome(setup: GroupSetup): GroupOutcome {
  const { group } = setup;
  if ('error' in setup) return { group, status: 'not-searched', reason: setup.error.message, share: 0 };
  const { ctx, options } = setup;
  let result: SearchResult;
  try {
    result = searchInference(ctx, options);
  } catch (e) {
    // a fixed --tp/--pp/--ep this pool's node size or model split cannot take
    if (e instanceof InputError || e instanceof ModelingError)
      return { group, status: 'not-searched', reason: e.message, ctx, options, share: 0 };
    throw e;
  }
  const base = { group, ctx, options, result, share: 0 };
  const best = result.ranked[0];
  if (best) return { ...base, status: 'serving', best };
  if (result.missed.length) {
    const m = result.missed[0]!;
    const p = m.evaluation.plan;
    return {
      ...base,
      status: 'misses-slo',
      reason: `no plan meets the SLOs (closest: TP=${p.tp} PP=${p.pp} DP=${p.dp} batch ${p.batch}: ${m.miss})`,
    };
  }
  const fit = smallestFit(ctx, options);
  return {
    ...base,
    status: 'does-not-fit',
    reason: `${ctx.model.name} does not fit with any plan: ${result.infeasible[0]?.reason ?? 'no plan'}${fit ? `; the smallest hardware that fits: ${fit}` : ''}`,
  };
}

const worstOf = (serving: GroupOutcome[], of: (e: Feasible) => number) =>
  serving.reduce((w, g) => (of(g.best!) > of(w.best!) ? g : w));

function combine(groups: GroupOutcome[]): FleetMetrics | undefined {
  const serving = groups.filter((g) => g.best);
  if (!serving.length) return undefined;
  const sum = (of: (e: Feasible) => number) => serving.reduce((s, g) => s + of(g.best!), 0);
  const devices = groups.reduce((s, g) => s + g.group.devices, 0);
  const output = sum((e) => e.metrics.outputTokensPerS);
  const w = {
    prefill: worstOf(serving, (e) => e.metrics.prefillS),
    ttft: worstOf(serving, (e) => e.metrics.ttftS),
    tpot: worstOf(serving, (e) => e.metrics.tpotS),
    e2e: worstOf(serving, (e) => e.metrics.e2eLatencyS),
  };
  return {
    outputTokensPerS: output,
    inputTokensPerS: sum((e) => e.metrics.inputTokensPerS),
    outputTokensPerSPerDevice: output / devices,
    prefillS: w.prefill.best!.metrics.prefillS,
    ttftS: w.ttft.best!.metrics.ttftS,
    tpotS: w.tpot.best!.metrics.tpotS,
    e2eLatencyS: w.e2e.best!.metrics.e2eLatencyS,
    worst: {
      prefill: w.prefill.group.name,
      ttft: w.ttft.group.name,
      tpot: w.tpot.group.name,
      e2e: w.e2e.group.name,
    },
    memoryBytesPerDevice: serving.map((g) => ({ group: g.group.name, bytes: g.best!.metrics.memoryBytesPerDevice })),
    devices,
    servingDevices: serving.reduce((s, g) => s + g.group.devices, 0),
  };
}

/** Each pool's own plan search, then the fleet: the router's shares and the combined metrics. */
export function searchFleet(setups: GroupSetup[]): FleetResult {
  const groups = setups.map(outcome);
  const metrics = combine(groups);
  if (metrics) for (const g of groups) if (g.best) g.share = g.best.metrics.outputTokensPerS / metrics.outputTokensPerS;
  return { groups, ...(metrics && { metrics }) };
}

/**
 * Why nothing serves: bad flags on every pool are bad input (exit 2); otherwise a modeling result
 * (exit 1) with each pool's reason.
 */
export function nothingServes(result: FleetResult, model: string, hw: string): Error {
  const lines = result.groups.map((g) => `${g.group.name} (${g.group.devices} × ${g.group.hw.device.id}): ${g.reason}`);
  if (result.groups.every((g) => g.status === 'not-searched'))
    return new InputError(`no group of ${hw} can run ${model} with these flags:\n  ${lines.join('\n  ')}`);
  return new ModelingError(`no group of ${hw} can serve ${model}:\n  ${lines.join('\n  ')}`);
}
