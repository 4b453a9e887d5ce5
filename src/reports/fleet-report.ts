// A mixed-device cluster's serving plan (a fleet of groups) as a terminal report, JSON and CSV:
// each group's own plan report, then the fleet total and what each group contributes.
import { stringify } from 'csv-stringify/sync';
import type { Cluster } from '../hardware/types.js';
import type { FleetResult, GroupOutcome } from '../planner/fleet.js';
import { fleetMetricsView } from '../planner/fleet-view.js';
import type { Feasible } from '../planner/search.js';
import { metricsView } from '../planner/metrics-view.js';
import type { ModelArch } from '../workloads/model-arch.js';
import type { InferenceWorkload } from '../planner/inference.js';
import { explanation, planReportText, type PlanReport } from './plan-report.js';
import { renderTable } from './table.js';

export interface FleetGroupReport {
  outcome: GroupOutcome;
  /** the group's own plan report, where its search ran */
  report?: PlanReport;
  assumptions: string[];
}

export interface FleetReport {
  model: ModelArch;
  cluster: Cluster;
  workload: InferenceWorkload;
  objective: string;
  result: FleetResult;
  groups: FleetGroupReport[];
  top: number;
  /** the fleet's own assumptions: routing, how --concurrency splits, SLOs per group */
  assumptions: string[];
}

const r1 = (x: number) => Number(x.toFixed(1));
const r2 = (x: number) => Number(x.toFixed(2));
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

export const groupDevices = (o: GroupOutcome) => {
  const { hw, devices } = o.group;
  return `${devices} × ${hw.device.id} in ${hw.nodes} node${hw.nodes > 1 ? 's' : ''} of ${hw.devicesPerNode}`;
};

export function shortPlan(e: Feasible): string {
  const p = e.plan;
  return `TP=${p.tp}${p.ep && p.ep > 1 ? ` EP=${p.ep}` : ''} PP=${p.pp} DP=${p.dp}, batch ${p.batch}`;
}

/** The +50 % hardware change that moves a group's objective most: what bounds it in practice. */
function mostHelped(r: FleetReport, g: GroupOutcome): string {
  const s = r.groups.find((x) => x.outcome === g)?.report?.sensitivities ?? [];
  const top = [...s].sort((a, b) => b.objectiveChange - a.objectiveChange)[0];
  if (!top || top.objectiveChange <= 0.005) return '';
  const c = top.objectiveChange;
  // latency sensitivities are speed-ups (base ÷ new − 1): say how much shorter
  const effect =
    r.objective === 'latency'
      ? `end-to-end ${(100 * (1 - 1 / (1 + c))).toFixed(0)} % shorter`
      : `+${(100 * c).toFixed(0)} % ${r.objective === 'cost' ? 'tokens/s per $' : 'throughput'}`;
  return `, most helped by ${top.change} (${effect})`;
}

/** What the fleet serves, which group serves what share and what bounds it, and its latency. */
export function fleetExplanation(r: FleetReport): string {
  const m = r.result.metrics;
  if (!m) return '';
  const v = fleetMetricsView(m);
  const serving = r.result.groups.filter((g) => g.best);
  const lines = [
    `The fleet serves ${r1(v.output_tokens_per_s)} output tokens/s (${r1(v.output_tokens_per_s_per_device)} per device over all ${m.devices} devices):`,
    serving
      .map((g) => {
        const b = metricsView(g.best!.metrics);
        return `${g.group.name} (${groupDevices(g)}) ${pct(g.share)} with ${shortPlan(g.best!)} per replica, ${r1(b.output_tokens_per_s)} tokens/s (${r1(b.output_tokens_per_s_per_device)} per device), decode ${b.decode_bound}-bound${mostHelped(r, g)}`;
      })
      .join('; ') + '.',
  ];
  if (serving.length > 1) {
    const perDevice = serving.map((g) => g.best!.metrics.outputTokensPerSPerDevice);
    const [hi, lo] = [Math.max(...perDevice), Math.min(...perDevice)];
    const fast = serving[perDevice.indexOf(hi)]!;
    const slow = serving[perDevice.indexOf(lo)]!;
    if (lo > 0 && fast !== slow)
      lines.push(
        `One ${fast.group.hw.device.id} device serves ${(hi / lo).toFixed(2)}× what one ${slow.group.hw.device.id} device does.`,
      );
  }
  lines.push(
    `Fleet latency is the worst group's: TTFT ${r1(v.ttft_ms)} ms (${v.worst_group.ttft}), TPOT ${r2(v.tpot_ms)} ms (${v.worst_group.tpot}), end-to-end ${r1(v.e2e_latency_ms)} ms (${v.worst_group.e2e_latency}).`,
  );
  for (const g of r.result.groups.filter((x) => !x.best))
    lines.push(`${g.group.name} (${groupDevices(g)}) serves nothing: ${g.reason}.`);
  return lines.join(' ');
}

function groupBlock(g: FleetGroupReport): string {
  const o = g.outcome;
  const head = `── group ${o.group.name}: ${groupDevices(o)} ──`;
  if (!g.report) return `${head}\n${g.assumptions.map((a) => `  ${a}`).join('\n')}\n  serves nothing: ${o.reason}\n`;
  const verdict = o.best ? `→ serves ${pct(o.share)} of the fleet's output tokens/s` : `→ serves nothing: ${o.reason}`;
  return `${head}\n${planReportText(g.report)}${verdict}\n`;
}

function fleetTable(r: FleetReport): string {
  const rows = r.result.groups.map((g) => {
    if (!g.best) return [g.group.name, g.group.hw.device.id, g.group.devices, g.status, '', '', '', '', '', ''];
    const m = metricsView(g.best.metrics);
    return [
      g.group.name,
      g.group.hw.device.id,
      g.group.devices,
      shortPlan(g.best),
      r1(m.output_tokens_per_s),
      Math.round(100 * g.share),
      r1(m.ttft_ms),
      r2(m.tpot_ms),
      r1(m.e2e_latency_ms),
      r1(m.memory_gb_per_device),
    ];
  });
  const m = r.result.metrics;
  if (m) {
    const v = fleetMetricsView(m);
    rows.push([
      'fleet',
      '',
      m.devices,
      'sum / worst group',
      r1(v.output_tokens_per_s),
      100,
      r1(v.ttft_ms),
      r2(v.tpot_ms),
      r1(v.e2e_latency_ms),
      r1(v.memory_gb_per_device),
    ]);
  }
  return renderTable(
    [
      'group',
      'device',
      'devices',
      'plan per replica',
      'out tok/s',
      'share %',
      'TTFT ms',
      'TPOT ms',
      'e2e ms',
      'GB/dev',
    ],
    rows,
  ).trimEnd();
}

export function fleetReportText(r: FleetReport): string {
  const w = r.workload;
  return [
    `${r.model.name} on ${r.cluster.id} as a fleet of ${r.groups.length} groups: ${w.input} input + ${w.output} output tokens, ${w.serving ? 'offline serving (all requests queued, in-flight batching)' : 'fixed batch'}, objective ${r.objective}`,
    ...r.assumptions.map((a) => `  ${a}`),
    '',
    ...r.groups.map(groupBlock),
    '── fleet ──',
    fleetTable(r),
    '',
    fleetExplanation(r),
    '',
  ].join('\n');
}

const entry = (e: Feasible) => ({ plan: e.plan, metrics: metricsView(e.metrics) });

function groupJson(g: FleetGroupReport, top: number) {
  const o = g.outcome;
  const res = o.result;
  return {
    name: o.group.name,
    device: o.group.hw.device.id,
    devices: o.group.devices,
    devices_per_node: o.group.hw.devicesPerNode,
    nodes: o.group.hw.nodes,
    status: o.status,
    ...(o.reason !== undefined && { reason: o.reason }),
    share: o.share,
    ...(o.options?.concurrency !== undefined && { concurrency: o.options.concurrency }),
    assumptions: g.assumptions,
    best: o.best ? entry(o.best) : null,
    candidates: res ? res.ranked.slice(0, top).map(entry) : [],
    missed_slo: res ? res.missed.slice(0, top).map((m) => ({ ...entry(m.evaluation), miss: m.miss })) : [],
    infeasible: res ? res.infeasible.map((e) => ({ plan: e.plan, reason: e.reason })) : [],
    explanation: g.report ? explanation(g.report) : '',
    sensitivities: g.report?.sensitivities ?? [],
    evaluated: res?.evaluated ?? 0,
  };
}

export function fleetJson(r: FleetReport): object {
  const m = r.result.metrics;
  return {
    model: r.model.name,
    hardware: { id: r.cluster.id, name: r.cluster.name, devices: r.cluster.totalDevices, fleet: true },
    workload: r.workload,
    objective: r.objective,
    assumptions: r.assumptions,
    best: m
      ? {
          plan: {
            groups: r.result.groups
              .filter((g) => g.best)
              .map((g) => ({ group: g.group.name, device: g.group.hw.device.id, share: g.share, ...g.best!.plan })),
          },
          metrics: fleetMetricsView(m),
        }
      : null,
    candidates: r.groups.flatMap((g) =>
      (g.outcome.result?.ranked ?? []).slice(0, r.top).map((e) => ({ group: g.outcome.group.name, ...entry(e) })),
    ),
    groups: r.groups.map((g) => groupJson(g, r.top)),
    explanation: fleetExplanation(r),
  };
}

/** One row per ranked plan of each group; the chosen ones marked. */
export function fleetCsv(r: FleetReport): string {
  const rows = r.result.groups.flatMap((g) =>
    (g.result?.ranked ?? []).map((e, i) => {
      const m = metricsView(e.metrics);
      return {
        group: g.group.name,
        device: g.group.hw.device.id,
        group_devices: g.group.devices,
        rank: i + 1,
        chosen: e === g.best ? 'yes' : 'no',
        tp: e.plan.tp,
        ep: e.plan.ep ?? 1,
        pp: e.plan.pp,
        dp: e.plan.dp,
        batch_per_replica: e.plan.batch,
        weight_bits: e.plan.format.weightBits,
        compute: e.plan.format.compute,
        prefill_ms: m.prefill_ms,
        ttft_ms: m.ttft_ms,
        tpot_ms: m.tpot_ms,
        e2e_latency_ms: m.e2e_latency_ms,
        output_tokens_per_s: m.output_tokens_per_s,
        output_tokens_per_s_per_device: m.output_tokens_per_s_per_device,
        fleet_share_percent: e === g.best ? 100 * g.share : '',
        memory_gb_per_device: m.memory_gb_per_device,
        max_batch: m.max_batch,
        decode_bound: m.decode_bound,
      };
    }),
  );
  return stringify(rows, { header: true });
}
