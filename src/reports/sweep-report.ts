// A sweep as a terminal table (1D: a row per value; 2D: a grid, first parameter down, second
// across), JSON and CSV (a row per point, units in the column names).
import { stringify } from 'csv-stringify/sync';
import { formatSi } from '../hardware/units.js';
import type { InferencePlan, PlanContext } from '../planner/inference.js';
import type { SearchOptions } from '../planner/search.js';
import type { SweepAxis, SweepMetric, SweepPoint, SweepResult } from '../planner/sweep.js';
import { renderTable } from './table.js';

export interface SweepReport {
  ctx: PlanContext;
  options: SearchOptions;
  result: SweepResult;
  /** how the defaults were filled in, for the reader */
  assumptions: string[];
}

const METRIC_LABEL: Record<SweepMetric, string> = {
  tpot_ms: 'TPOT ms',
  ttft_ms: 'TTFT ms',
  prefill_ms: 'prefill ms',
  e2e_latency_ms: 'e2e latency ms',
  output_tokens_per_s: 'output tok/s',
  input_tokens_per_s: 'input tok/s',
  output_tokens_per_s_per_device: 'output tok/s/device',
  memory_gb_per_device: 'GB/device',
  max_batch: 'max batch',
};

const NO_FIT = 'does not fit';
const fmt = (x: number) => String(Number(x.toPrecision(4)));

function valueText(axis: SweepAxis, i: number): string {
  const v = axis.values[i]!;
  if (!axis.factors) return String(v);
  return `${formatSi(v, axis.unit, 3)} (×${Number(axis.factors[i]!.toPrecision(3))})`;
}

function planText(p: InferencePlan | null): string {
  if (!p) return '';
  const ep = p.ep && p.ep > 1 ? ` EP=${p.ep}` : '';
  return `TP=${p.tp}${ep} PP=${p.pp} DP=${p.dp} batch ${p.batch}`;
}

function metricText(p: SweepPoint): string {
  return p.metric === null ? (p.reason?.startsWith('no plan meets') ? 'misses SLO' : NO_FIT) : fmt(p.metric);
}

/** renderTable pads cells at the end; pre-padding the given columns at the start right-aligns them. */
function rightAlign(headers: string[], rows: string[][], columns: number[]): string[][] {
  const out = rows.map((r) => [...r]);
  for (const c of columns) {
    const w = Math.max(headers[c]!.length, ...rows.map((r) => r[c]!.length));
    for (const r of out) r[c] = r[c]!.padStart(w);
  }
  return out;
}

/** "hbm-bandwidth 6.7 TB/s (×2), batch 8" for the k-th point (row-major). */
function pointText(result: SweepResult, k: number): string {
  const [a, b] = result.axes as [SweepAxis, SweepAxis | undefined];
  if (!b) return `${a.param} ${valueText(a, k)}`;
  const n = b.values.length;
  return `${a.param} ${valueText(a, Math.floor(k / n))}, ${b.param} ${valueText(b, k % n)}`;
}

export function sweepReportText(report: SweepReport): string {
  const { ctx, result } = report;
  const label = METRIC_LABEL[result.metric];
  const out: string[] = [
    `${ctx.model.name} on ${ctx.hw.nodes} × ${ctx.hw.devicesPerNode} ${ctx.hw.device.id}: ${ctx.workload.input} input + ${ctx.workload.output} output tokens, objective ${report.options.objective}; ${label} of the best plan at each point`,
    ...report.assumptions.map((a) => `  ${a}`),
    ...result.axes
      .filter((a) => a.baseline !== undefined)
      .map((a) => `  ${a.param}: ×1 = ${formatSi(a.baseline!, a.unit, 4)} (the descriptor)`),
    '',
  ];
  const [a, b] = result.axes as [SweepAxis, SweepAxis | undefined];
  if (!b) {
    const headers = [a.param, label, 'best plan'];
    const rows = result.points.map((p, i) => [valueText(a, i), metricText(p), planText(p.plan)]);
    out.push(renderTable(headers, rightAlign(headers, rows, [1])).trimEnd());
  } else {
    const at = (i: number, j: number) => result.points[i * b.values.length + j]!;
    const headers = [`${a.param} \\ ${b.param}`, ...b.values.map((_, j) => valueText(b, j))];
    const cols = b.values.map((_, j) => j + 1);
    const grid = (cell: (p: SweepPoint) => string) =>
      a.values.map((_, i) => [valueText(a, i), ...b.values.map((__, j) => cell(at(i, j)))]);
    out.push(
      `${label}:`,
      renderTable(headers, rightAlign(headers, grid(metricText), cols)).trimEnd(),
      '',
      'best plan:',
      renderTable(
        headers,
        grid((p) => planText(p.plan) || '—'),
      ).trimEnd(),
    );
  }
  const missing = result.points.flatMap((p, k) => (p.metric === null ? [k] : []));
  if (missing.length) {
    const k = missing[0]!;
    out.push(
      '',
      `${missing.length} of ${result.points.length} points have no plan; e.g. at ${pointText(result, k)}: ${result.points[k]!.reason}`,
    );
  }
  return out.join('\n') + '\n';
}

export function sweepJson(report: SweepReport): object {
  const { ctx, result } = report;
  return {
    model: ctx.model.name,
    hardware: { device: ctx.hw.device.id, devices_per_node: ctx.hw.devicesPerNode, nodes: ctx.hw.nodes },
    workload: ctx.workload,
    objective: report.options.objective,
    assumptions: report.assumptions,
    params: result.axes.map((a) => ({
      name: a.param,
      unit: a.unit,
      values: a.values,
      ...(a.factors && { factors: a.factors, baseline: a.baseline }),
    })),
    metric: result.metric,
    points: result.points.map((p) => ({
      values: p.values,
      ...(Object.keys(p.factors).length > 0 && { factors: p.factors }),
      metric: p.metric,
      plan: p.plan,
      ...(p.reason !== undefined && { reason: p.reason }),
    })),
  };
}

const UNIT_SLUG: Record<string, string> = { 'B/s': 'B_per_s', 'FLOP/s': 'FLOP_per_s', B: 'B' };

/** CSV column of an axis: the unit in the name ("hbm_bandwidth_B_per_s", "input_tokens"). */
function axisColumn(a: SweepAxis): string {
  if (a.param === 'batch') return 'batch_per_replica';
  if (!a.factors) return `${a.param}_tokens`;
  return `${a.param.replace(/-/g, '_')}_${UNIT_SLUG[a.unit] ?? a.unit}`;
}

export function sweepCsv(report: SweepReport): string {
  const { result } = report;
  const rows = result.points.map((p) => {
    const row: Record<string, string | number> = {};
    for (const a of result.axes) {
      row[axisColumn(a)] = p.values[a.param]!;
      if (a.factors) row[`${a.param.replace(/-/g, '_')}_factor`] = p.factors[a.param]!;
    }
    row[result.metric] = p.metric ?? '';
    row.tp = p.plan?.tp ?? '';
    row.ep = p.plan ? (p.plan.ep ?? 1) : '';
    row.pp = p.plan?.pp ?? '';
    row.dp = p.plan?.dp ?? '';
    row.plan_batch_per_replica = p.plan?.batch ?? '';
    row.note = p.reason ?? '';
    return row;
  });
  return stringify(rows, { header: true });
}
