// `llmsim plan --report`: the chosen plan and its rivals (objective bars, tables, plans that miss
// the SLOs or do not fit), where its time goes in prefill and decode, memory per device, the TPOT
// curve and what hardware change would move it.
import { metricsView } from '../../planner/metrics-view.js';
import { score, type Feasible } from '../../planner/search.js';
import { explanation, type PlanReport } from '../plan-report.js';
import { bars } from './bars-chart.js';
import { htmlTable } from './html-table.js';
import { planText } from './inputs.js';
import { lines } from './line-chart.js';
import { memoryChart } from './memory-chart.js';
import { planPhaseTimes } from './plan-breakdown.js';
import { renderPage, type Section } from './page.js';
import type { ReportInputs } from './provenance.js';
import { timeBreakdownCharts } from './time-breakdown.js';

/** Infeasible plans shown (closest to fitting first); the rest are counted. */
const INFEASIBLE_SHOWN = 20;
/** Infeasible plans drawn beside the candidates in the memory chart. */
const INFEASIBLE_DRAWN = 3;

const r3 = (x: number) => Number(x.toPrecision(3));
const pct = (x: number) => Number((100 * x).toFixed(1));

function short(e: { plan: Feasible['plan'] }): string {
  const p = e.plan;
  return `TP=${p.tp}${p.ep && p.ep > 1 ? ` EP=${p.ep}` : ''} PP=${p.pp} DP=${p.dp} b=${p.batch}`;
}

/** The objective as a number per plan, with its label. */
export function objective(report: PlanReport): { label: string; unit: string; of: (e: Feasible) => number } {
  const price = report.ctx.hw.device.priceUsd;
  switch (report.options.objective) {
    case 'throughput':
      return { label: 'output tokens/s (higher is better)', unit: 'tok/s', of: (e) => e.metrics.outputTokensPerS };
    case 'latency':
      return { label: 'end-to-end latency (lower is better)', unit: 's', of: (e) => e.metrics.e2eLatencyS };
    case 'cost':
      return {
        label: `output tokens/s per ${price ? 'dollar of hardware' : 'device (no price in the descriptor)'} (higher is better)`,
        unit: '',
        of: (e) => score(e, 'cost', price),
      };
  }
}

export function candidatesTable(shown: Feasible[]): string {
  return htmlTable(
    [
      '#',
      'TP',
      'EP',
      'PP',
      'DP',
      'batch',
      'prefill ms',
      'TTFT ms',
      'TPOT ms',
      'e2e ms',
      'out tok/s',
      'tok/s/dev',
      'GB/dev',
      'max batch',
      'decode bound',
    ],
    shown.map((e, i) => {
      const m = metricsView(e.metrics);
      return [
        i + 1,
        e.plan.tp,
        e.plan.ep ?? 1,
        e.plan.pp,
        e.plan.dp,
        e.plan.batch,
        r3(m.prefill_ms),
        r3(m.ttft_ms),
        r3(m.tpot_ms),
        r3(m.e2e_latency_ms),
        r3(m.output_tokens_per_s),
        r3(m.output_tokens_per_s_per_device),
        r3(m.memory_gb_per_device),
        m.max_batch,
        m.decode_bound,
      ];
    }),
    { highlight: (i) => i === 0 },
  );
}

export function planHtml(report: PlanReport, inputs: ReportInputs): string {
  const { ctx, result } = report;
  const best = result.ranked[0];
  const shown = result.ranked.slice(0, report.top);
  const obj = objective(report);
  const device = ctx.hw.device;
  const tier = device.memory[0]!;
  const sections: Section[] = [];

  const compared = shown.length ? shown : result.missed.slice(0, report.top).map((m) => m.evaluation);
  sections.push({
    id: 'plans',
    title: shown.length
      ? `The best ${shown.length} of ${result.ranked.length} plans that meet the SLOs`
      : 'No plan meets the SLOs: the closest',
    text: [`Ranked by the objective, ${report.options.objective}: ${obj.label}. The chosen plan is highlighted.`],
    chart: bars({
      labels: compared.map((e, i) => `${shown.length ? `#${i + 1} ` : ''}${short(e)}`),
      values: compared.map(obj.of),
      unit: obj.unit,
      yLabel: obj.label,
      ...(best && { highlight: 0 }),
      notes: compared.map((e) => {
        const m = metricsView(e.metrics);
        return `TTFT ${r3(m.ttft_ms)} ms, TPOT ${r3(m.tpot_ms)} ms, ${r3(m.memory_gb_per_device)} GB/device, decode ${m.decode_bound}-bound`;
      }),
    }),
    html: [
      shown.length ? candidatesTable(shown) : '',
      result.missed.length
        ? htmlTable(
            ['plan that misses an SLO (closest first)', 'miss'],
            result.missed.slice(0, report.top).map((m) => [planText(m.evaluation.plan), m.miss]),
          )
        : '',
      result.infeasible.length
        ? htmlTable(
            ['plan that does not fit (closest first)', 'reason'],
            result.infeasible.slice(0, INFEASIBLE_SHOWN).map((e) => [planText(e.plan), e.reason]),
            {
              caption: `${result.infeasible.length} plan(s) do not fit${result.infeasible.length > INFEASIBLE_SHOWN ? `; the ${INFEASIBLE_SHOWN} closest to fitting` : ''}`,
            },
          )
        : '',
      `<p>${result.evaluated} plans evaluated: ${result.ranked.length} meet the SLOs, ${result.missed.length} miss them, ${result.infeasible.length} do not fit.</p>`,
    ].join('\n'),
  });

  if (best) {
    const phases = planPhaseTimes(ctx, best);
    const { byKind, byGroup } = timeBreakdownCharts(phases);
    const note = ctx.workload.speculative
      ? ' With speculative decoding the decode step mixes draft and target passes and is not split here.'
      : '';
    sections.push(
      {
        id: 'time-by-kind',
        title: 'Where the chosen plan spends its time, by op kind',
        text: [
          `One request's prefill and one decode step of the running batch, each op at its achieved speed (calibrated efficiency, tile and wave quantization, kernel overhead); communication is the step's tensor-parallel collectives and pipeline hand-offs.${byKind.data.normalize ? ' Bars show shares: the phases differ by more than 20× in length.' : ''}${note}`,
        ],
        chart: byKind,
      },
      { id: 'time-by-part', title: 'The same time by part of the layer', chart: byGroup },
    );
  }

  const drawn = [
    ...shown.map((e, i) => ({ label: `#${i + 1} ${short(e)}`, memory: e.memory })),
    ...result.infeasible
      .slice(0, INFEASIBLE_DRAWN)
      .map((e) => ({ label: `does not fit: ${short(e)}`, memory: e.memory })),
  ];
  if (drawn.length) {
    sections.push({
      id: 'memory',
      title: 'Memory per device',
      text: [
        `Every device of a plan holds the same share. Free is what the engine may still fill (${Math.round(ctx.engine.memoryUtilization * 100)} % of the memory left after the weights); reserved is the rest. The first plans that do not fit are drawn for comparison.`,
      ],
      chart: memoryChart(drawn, tier.capacityBytes, tier.tier, best ? 0 : undefined),
    });
  }

  if (report.tpotCurve.length > 1) {
    sections.push({
      id: 'tpot-curve',
      title: 'Decode step time of the chosen plan as the context grows',
      chart: lines({
        xLabel: 'context (tokens)',
        yLabel: 'decode step',
        xUnit: '',
        yUnit: 's',
        xLog: false,
        yLog: false,
        series: [{ name: 'TPOT', points: report.tpotCurve.map((p) => [p.context, p.tpotS]) }],
      }),
    });
  }

  if (report.sensitivities.length) {
    sections.push({
      id: 'sensitivities',
      title: 'What +50 % of each hardware resource would buy',
      html: htmlTable(
        ['change', `${report.options.objective} change %`, 'TPOT change %'],
        report.sensitivities.map((s) => [s.change, pct(s.objectiveChange), pct(s.tpotChange)]),
      ),
    });
  }

  return renderPage({
    title: `llmsim plan — ${ctx.model.name} on ${ctx.hw.nodes} × ${ctx.hw.devicesPerNode} ${device.name}`,
    summary: best ? [explanation(report)] : ['No plan meets the SLOs; the closest plans are listed.'],
    inputs,
    sections,
  });
}
