// `llmsim plan --report` on a mixed-device cluster: the fleet's throughput by group (bars), the
// fleet table, then per group its candidate plans (bars and table, as the single-device report),
// the plans that miss an SLO or do not fit, or why the group serves nothing; memory per device.
import { fleetMetricsView } from '../../planner/fleet-view.js';
import { metricsView } from '../../planner/metrics-view.js';
import { fleetExplanation, groupDevices, shortPlan, type FleetGroupReport, type FleetReport } from '../fleet-report.js';
import { bars } from './bars-chart.js';
import { htmlTable } from './html-table.js';
import { planText, planWorkload } from './inputs.js';
import { memoryChart } from './memory-chart.js';
import { candidatesTable, objective } from './plan-html.js';
import { renderPage, type Section } from './page.js';
import { hardwareInputs, modelInputs, type ReportInputs } from './provenance.js';

/** Plans that miss an SLO or do not fit, shown per group (closest first). */
const SHOWN = 5;

const r3 = (x: number) => Number(x.toPrecision(3));

function sharesSection(r: FleetReport): Section {
  const serving = r.result.groups.filter((g) => g.best);
  const total = r.result.metrics ? fleetMetricsView(r.result.metrics) : undefined;
  return {
    id: 'shares',
    title: 'Output tokens/s of each group (the router’s shares)',
    text: [
      'Each group runs its own replicas and gets requests in proportion to what it serves, so the fleet serves the sum; its latency is the worst group’s.',
    ],
    ...(serving.length && {
      chart: bars({
        labels: serving.map((g) => `${g.group.name}: ${groupDevices(g)}`),
        values: serving.map((g) => g.best!.metrics.outputTokensPerS),
        valueLabels: serving.map(
          (g) => `${r3(g.best!.metrics.outputTokensPerS)} tok/s (${(100 * g.share).toFixed(0)} %)`,
        ),
        unit: 'tok/s',
        yLabel: 'output tokens/s',
        notes: serving.map((g) => {
          const m = metricsView(g.best!.metrics);
          return `${shortPlan(g.best!)}; TTFT ${r3(m.ttft_ms)} ms, TPOT ${r3(m.tpot_ms)} ms, decode ${m.decode_bound}-bound`;
        }),
      }),
    }),
    html: htmlTable(
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
      [
        ...r.result.groups.map((g) => {
          if (!g.best)
            return [g.group.name, g.group.hw.device.id, g.group.devices, `serves nothing: ${g.reason ?? ''}`];
          const m = metricsView(g.best.metrics);
          return [
            g.group.name,
            g.group.hw.device.id,
            g.group.devices,
            shortPlan(g.best),
            r3(m.output_tokens_per_s),
            Number((100 * g.share).toFixed(1)),
            r3(m.ttft_ms),
            r3(m.tpot_ms),
            r3(m.e2e_latency_ms),
            r3(m.memory_gb_per_device),
          ];
        }),
        ...(total
          ? [
              [
                'fleet',
                '',
                total.devices,
                'sum / worst group',
                r3(total.output_tokens_per_s),
                100,
                r3(total.ttft_ms),
                r3(total.tpot_ms),
                r3(total.e2e_latency_ms),
                r3(total.memory_gb_per_device),
              ],
            ]
          : []),
      ],
      { highlight: (i) => i === r.result.groups.length },
    ),
  };
}

function groupSection(g: FleetGroupReport, i: number): Section {
  const o = g.outcome;
  const base = { id: `group-${i}`, title: `Group ${o.group.name}: ${groupDevices(o)}` };
  const report = g.report;
  if (!report) return { ...base, text: [...g.assumptions, `Serves nothing: ${o.reason ?? ''}`] };
  const res = report.result;
  const shown = res.ranked.slice(0, report.top);
  const compared = shown.length ? shown : res.missed.slice(0, report.top).map((m) => m.evaluation);
  const obj = objective(report);
  return {
    ...base,
    text: [
      ...g.assumptions,
      o.best
        ? `Serves ${(100 * o.share).toFixed(0)} % of the fleet’s output tokens/s. Plans ranked by ${report.options.objective}: ${obj.label}; the chosen one is highlighted.`
        : `Serves nothing: ${o.reason ?? ''}`,
    ],
    ...(compared.length && {
      chart: bars({
        labels: compared.map((e, k) => `${shown.length ? `#${k + 1} ` : ''}${shortPlan(e)}`),
        values: compared.map(obj.of),
        unit: obj.unit,
        yLabel: obj.label,
        ...(o.best && { highlight: 0 }),
      }),
    }),
    html: [
      shown.length ? candidatesTable(shown) : '',
      res.missed.length
        ? htmlTable(
            ['plan that misses an SLO (closest first)', 'miss'],
            res.missed.slice(0, SHOWN).map((m) => [planText(m.evaluation.plan), m.miss]),
          )
        : '',
      res.infeasible.length
        ? htmlTable(
            ['plan that does not fit (closest first)', 'reason'],
            res.infeasible.slice(0, SHOWN).map((e) => [planText(e.plan), e.reason]),
            { caption: `${res.infeasible.length} plan(s) do not fit` },
          )
        : '',
      `<p>${res.evaluated} plans evaluated: ${res.ranked.length} meet the SLOs, ${res.missed.length} miss them, ${res.infeasible.length} do not fit.</p>`,
    ].join('\n'),
  };
}

/** Memory per device of each serving group's chosen plan, against that group's device capacity. */
function memorySection(r: FleetReport): Section[] {
  const serving = r.result.groups.filter((g) => g.best);
  if (!serving.length) return [];
  const tiers = new Set(serving.map((g) => g.group.hw.device.memory[0]!.tier));
  return [
    {
      id: 'memory',
      title: 'Memory per device of each group’s chosen plan',
      text: [
        'Every device of a group holds the same share; each group’s line is its own device’s capacity. Free is what the engine may still fill; reserved is the rest.',
      ],
      chart: memoryChart(
        serving.map((g) => ({ label: `${g.group.name}: ${shortPlan(g.best!)}`, memory: g.best!.memory })),
        serving.map((g) => g.group.hw.device.memory[0]!.capacityBytes),
        [...tiers].join('/'),
      ),
    },
  ];
}

function fleetInputs(r: FleetReport, modelArg: string, hwArg: string): ReportInputs {
  const searched = r.groups.find((g) => g.report)?.report;
  // the numeric format differs per device: it is given per group below, not once
  const workload = searched
    ? planWorkload(searched.ctx, searched.options, r.assumptions).filter(([k]) => k !== 'numeric format')
    : r.assumptions.map((a, i): [string, string] => [i === 0 ? 'assumptions' : '', a]);
  return {
    model: modelInputs(modelArg, r.model),
    hardware: hardwareInputs(hwArg, r.cluster),
    workload,
    plan: r.groups.map((g): [string, string] => [
      g.outcome.group.name,
      g.outcome.best ? `${planText(g.outcome.best.plan)}; ${g.assumptions.slice(1).join('; ')}` : 'serves nothing',
    ]),
  };
}

export function fleetHtml(r: FleetReport, modelArg: string, hwArg: string): string {
  return renderPage({
    title: `llmsim plan — ${r.model.name} on ${r.cluster.name} (a fleet of ${r.groups.length} groups)`,
    summary: r.result.metrics
      ? [fleetExplanation(r)]
      : ['No group meets the SLOs; each group’s closest plans are listed.'],
    inputs: fleetInputs(r, modelArg, hwArg),
    sections: [sharesSection(r), ...r.groups.map(groupSection), ...memorySection(r)],
  });
}
