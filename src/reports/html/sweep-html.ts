// `llmsim sweep --report`: the metric of the best plan over the swept parameters — lines for one
// parameter (and for a second one with few values: a line each), a heatmap for larger grids —
// and the points as a table (the first rows of large sweeps; the CSV has them all).
import { formatSi } from '../../hardware/units.js';
import type { InferencePlan } from '../../planner/inference.js';
import type { SweepAxis, SweepMetric, SweepPoint } from '../../planner/sweep.js';
import type { SweepReport } from '../sweep-report.js';
import { heatmap } from './heatmap-chart.js';
import { htmlTable } from './html-table.js';
import { lines, wantsLog } from './line-chart.js';
import { renderPage, type ChartSpec, type Section } from './page.js';
import type { ReportInputs } from './provenance.js';

/** A second parameter with more values than this is a heatmap rather than that many lines. */
export const MAX_LINES = 12;
/** Table rows shown; a larger sweep's table would only weigh the file down. */
export const MAX_TABLE_ROWS = 500;

/** Metric names to a label, an SI unit and the factor from the documented unit to it. */
const METRIC: Record<SweepMetric, { label: string; unit: string; toSi: number; higherIsBetter: boolean }> = {
  tpot_ms: { label: 'TPOT', unit: 's', toSi: 1e-3, higherIsBetter: false },
  ttft_ms: { label: 'TTFT', unit: 's', toSi: 1e-3, higherIsBetter: false },
  prefill_ms: { label: 'prefill', unit: 's', toSi: 1e-3, higherIsBetter: false },
  e2e_latency_ms: { label: 'end-to-end latency', unit: 's', toSi: 1e-3, higherIsBetter: false },
  output_tokens_per_s: { label: 'output tokens/s', unit: 'tok/s', toSi: 1, higherIsBetter: true },
  input_tokens_per_s: { label: 'input tokens/s', unit: 'tok/s', toSi: 1, higherIsBetter: true },
  output_tokens_per_s_per_device: { label: 'output tokens/s per device', unit: 'tok/s', toSi: 1, higherIsBetter: true },
  memory_gb_per_device: { label: 'memory per device', unit: 'B', toSi: 1e9, higherIsBetter: false },
  max_batch: { label: 'largest batch', unit: '', toSi: 1, higherIsBetter: true },
};

const axisUnit = (a: SweepAxis) => (a.factors ? a.unit : '');
const axisLabel = (a: SweepAxis) => `${a.param}${a.factors ? '' : ` (${a.unit})`}`;

function planShort(p: InferencePlan | null): string {
  if (!p) return '';
  return `TP=${p.tp}${p.ep && p.ep > 1 ? ` EP=${p.ep}` : ''} PP=${p.pp} DP=${p.dp} batch ${p.batch}`;
}

/** A swept value as the reader writes it: "4 TB/s", "512 tokens". */
const valueText = (a: SweepAxis, v: number) => (a.factors ? formatSi(v, a.unit, 3) : `${v} ${a.unit}`);

const note = (p: SweepPoint) => (p.plan ? `best plan ${planShort(p.plan)}` : (p.reason ?? 'no plan'));

function chartOf(report: SweepReport): ChartSpec {
  const { result } = report;
  const m = METRIC[result.metric];
  const si = (p: SweepPoint) => (p.metric === null ? null : p.metric * m.toSi);
  const [a, b] = result.axes as [SweepAxis, SweepAxis | undefined];
  const yLog = wantsLog(result.points.map(si));
  if (!b) {
    return lines({
      xLabel: axisLabel(a),
      yLabel: m.label,
      xUnit: axisUnit(a),
      yUnit: m.unit,
      xLog: wantsLog(a.values),
      yLog,
      series: [
        { name: m.label, points: result.points.map((p, i) => [a.values[i]!, si(p)]), notes: result.points.map(note) },
      ],
    });
  }
  const n = b.values.length;
  if (n <= MAX_LINES) {
    return lines({
      xLabel: axisLabel(a),
      yLabel: m.label,
      xUnit: axisUnit(a),
      yUnit: m.unit,
      xLog: wantsLog(a.values),
      yLog,
      series: b.values.map((v, j) => ({
        name: `${b.param} ${valueText(b, v)}${b.factors ? ` (×${Number(b.factors[j]!.toPrecision(3))})` : ''}`,
        points: a.values.map((x, i): [number, number | null] => [x, si(result.points[i * n + j]!)]),
        notes: a.values.map((_, i) => note(result.points[i * n + j]!)),
      })),
    });
  }
  return heatmap({
    xLabel: axisLabel(a),
    yLabel: axisLabel(b),
    xUnit: axisUnit(a),
    yUnit: axisUnit(b),
    xValues: a.values,
    yValues: b.values,
    values: result.points.map(si),
    metricLabel: m.label,
    metricUnit: m.unit,
    higherIsBetter: m.higherIsBetter,
    cellNotes: result.points.map(note),
  });
}

function pointsTable(report: SweepReport): string {
  const { result } = report;
  const shown = result.points.slice(0, MAX_TABLE_ROWS);
  const headers = [
    ...result.axes.flatMap((a) => [`${a.param} (${a.unit})`, ...(a.factors ? [`${a.param} ×`] : [])]),
    result.metric,
    'best plan or why none',
  ];
  const rows = shown.map((p) => [
    ...result.axes.flatMap((a) => [
      p.values[a.param]!,
      ...(a.factors ? [Number(p.factors[a.param]!.toPrecision(4))] : []),
    ]),
    p.metric === null ? null : Number(p.metric.toPrecision(4)),
    note(p),
  ]);
  const more = result.points.length - shown.length;
  return htmlTable(
    headers,
    rows,
    more > 0 ? { caption: `the first ${shown.length} of ${result.points.length} points (--csv writes them all)` } : {},
  );
}

export function sweepHtml(report: SweepReport, inputs: ReportInputs): string {
  const { ctx, result } = report;
  const m = METRIC[result.metric];
  const missing = result.points.filter((p) => p.metric === null).length;
  const baselines = result.axes
    .filter((a) => a.baseline !== undefined)
    .map((a) => `${a.param}: ×1 is the descriptor's ${formatSi(a.baseline!, a.unit, 4)}.`);
  const sections: Section[] = [
    {
      id: 'sweep',
      title: `${m.label} of the best plan over ${result.axes.map((a) => a.param).join(' × ')}`,
      text: [
        `${result.points.length} points; at each, the plan search ranked by ${report.options.objective} and this is the best plan's ${m.label}.${missing ? ` ${missing} point(s) have no plan (gaps, grey cells).` : ''}`,
        ...baselines,
      ],
      chart: chartOf(report),
    },
    { id: 'points', title: 'Points', html: pointsTable(report) },
  ];
  return renderPage({
    title: `llmsim sweep — ${ctx.model.name} on ${ctx.hw.nodes} × ${ctx.hw.devicesPerNode} ${ctx.hw.device.name}`,
    summary: [
      `${m.label} of the best plan (${report.options.objective}) for ${ctx.workload.input} input + ${ctx.workload.output} output tokens over ${result.axes.map((a) => `${a.param} (${a.values.length} values)`).join(' and ')}.`,
    ],
    inputs: {
      ...inputs,
      plan: result.axes.map((a) => [
        `swept: ${a.param}`,
        `${a.values.length} values, ${valueText(a, a.values[0]!)} to ${valueText(a, a.values[a.values.length - 1]!)}`,
      ]),
    },
    sections,
  });
}
