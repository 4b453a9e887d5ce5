// The inference plan search as a terminal report, JSON and CSV.
import { metricsView } from '../planner/metrics-view.js';
import { stringify } from 'csv-stringify/sync';
import type { Evaluation, InferencePlan, PlanContext } from '../planner/inference.js';
import type { SearchOptions, SearchResult } from '../planner/search.js';
import type { Sensitivity } from '../planner/sensitivity.js';
import { renderTable } from './table.js';

export interface PlanReport {
  ctx: PlanContext;
  options: SearchOptions;
  result: SearchResult;
  sensitivities: Sensitivity[];
  top: number;
  /** how the defaults were filled in, for the reader */
  assumptions: string[];
  /** decode step time of the best plan as the context grows */
  tpotCurve: { context: number; tpotS: number }[];
}

const r1 = (x: number) => Number(x.toFixed(1));
const r2 = (x: number) => Number(x.toFixed(2));

function planText(p: InferencePlan): string {
  const ep = p.ep && p.ep > 1 ? ` (EP=${p.ep} inside TP)` : '';
  return `TP=${p.tp}${ep} PP=${p.pp} DP=${p.dp}, batch ${p.batch}/replica, weights ${p.format.weightBits}-bit ${p.format.compute}`;
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(0)} %`;
}

const BOUND_TEXT = {
  memory: 'memory-bound: reading weights and KV cache dominates a decode step',
  compute: 'compute-bound: the matrix units are the limit',
  communication: 'communication-bound: tensor/pipeline-parallel traffic dominates',
  overhead: 'overhead-bound: per-kernel launch costs dominate (tiny kernels)',
} as const;

/**
 * Offline serving: each output token of the running batch also carries the prefill of the requests
 * that replace finished ones; say how the time splits, since prefill is compute-bound while the
 * decode step is usually memory-bound (and the sensitivities follow the larger part).
 */
function servingShare(report: PlanReport, tpotS: number, decodeS: number): string[] {
  if (!report.ctx.workload.serving || !(tpotS > decodeS * 1.01)) return [];
  const decodeShare = Math.min(1, decodeS / tpotS);
  return [
    `In offline serving a token of the running batch costs ${r2(tpotS * 1e3)} ms: ${(100 * decodeShare).toFixed(0)} % the decode step, ${(100 * (1 - decodeShare)).toFixed(0)} % prefilling the prompts of the requests that replace finished ones (compute-bound).`,
  ];
}

export function explanation(report: PlanReport): string {
  const best = report.result.ranked[0];
  if (!best) return '';
  const m = metricsView(best.metrics);
  const d = best.decode;
  const share = (x: number) => `${((100 * x) / d.time).toFixed(0)} %`;
  const lines = [
    `Best: ${planText(best.plan)} → ${r1(m.output_tokens_per_s)} output tokens/s, TTFT ${r1(m.ttft_ms)} ms, TPOT ${r2(m.tpot_ms)} ms.`,
    ...(report.tpotCurve.length > 1
      ? [
          `A decode step of the batch takes ${r2(report.tpotCurve[0]!.tpotS * 1e3)} ms at ${report.tpotCurve[0]!.context} tokens of context and ${r2(report.tpotCurve[report.tpotCurve.length - 1]!.tpotS * 1e3)} ms at ${report.tpotCurve[report.tpotCurve.length - 1]!.context}.`,
        ]
      : []),
    `A decode step is ${BOUND_TEXT[d.bound]} (memory ${share(d.memory)}, compute ${share(d.compute)}, communication ${share(d.communication)}, kernel overhead ${share(d.overhead)}).`,
    ...servingShare(report, best.metrics.tpotS, d.time),
  ];
  const moves = report.sensitivities.filter((s) => Math.abs(s.objectiveChange) > 0.005);
  if (moves.length) {
    const what =
      report.options.objective === 'latency'
        ? 'latency'
        : report.options.objective === 'cost'
          ? 'tokens/s per $'
          : 'throughput';
    lines.push(
      `What would move it most: ${moves.map((s) => `${s.change} → ${pct(s.objectiveChange)} ${what} (${pct(s.tpotChange)} TPOT)`).join('; ')}.`,
    );
  } else lines.push('No single +50 % hardware change moves it by more than 0.5 %.');
  return lines.join(' ');
}

export function planReportText(report: PlanReport): string {
  const { ctx, result } = report;
  const out: string[] = [
    `${ctx.model.name} on ${ctx.hw.nodes} × ${ctx.hw.devicesPerNode} ${ctx.hw.device.id}: ${ctx.workload.input} input + ${ctx.workload.output} output tokens, ${ctx.workload.serving ? 'offline serving (all requests queued, in-flight batching)' : 'fixed batch'}, objective ${report.options.objective}`,
    ...report.assumptions.map((a) => `  ${a}`),
    '',
  ];
  const shown = result.ranked.slice(0, report.top);
  if (shown.length) {
    const rows = shown.map((e, i) => [
      i + 1,
      e.plan.tp,
      e.plan.ep ?? 1,
      e.plan.pp,
      e.plan.dp,
      e.plan.batch,
      r1(metricsView(e.metrics).prefill_ms),
      r1(metricsView(e.metrics).ttft_ms),
      r2(metricsView(e.metrics).tpot_ms),
      r1(metricsView(e.metrics).e2e_latency_ms),
      r1(metricsView(e.metrics).output_tokens_per_s),
      r1(metricsView(e.metrics).output_tokens_per_s_per_device),
      r1(metricsView(e.metrics).memory_gb_per_device),
      metricsView(e.metrics).max_batch,
      metricsView(e.metrics).decode_bound,
    ]);
    out.push(
      renderTable(
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
        rows,
      ).trimEnd(),
      '',
      explanation(report),
    );
  } else if (result.missed.length) {
    out.push('No plan meets the SLOs. Closest:');
    for (const m of result.missed.slice(0, report.top)) out.push(`  ${planText(m.evaluation.plan)}: ${m.miss}`);
  }
  out.push(
    '',
    `${result.evaluated} plans evaluated: ${result.ranked.length} meet the SLOs, ${result.missed.length} miss them, ${result.infeasible.length} do not fit.`,
  );
  if (result.infeasible.length && result.ranked.length) {
    const first = result.infeasible[0]!;
    out.push(`  e.g. ${planText(first.plan)}: ${first.reason}`);
  }
  return out.join('\n') + '\n';
}

function entry(e: Extract<Evaluation, { fits: true }>) {
  return { plan: { ...e.plan, format: e.plan.format }, metrics: metricsView(e.metrics) };
}

export function planJson(report: PlanReport): object {
  const r = report.result;
  return {
    model: report.ctx.model.name,
    hardware: {
      device: report.ctx.hw.device.id,
      devices_per_node: report.ctx.hw.devicesPerNode,
      nodes: report.ctx.hw.nodes,
    },
    workload: report.ctx.workload,
    objective: report.options.objective,
    assumptions: report.assumptions,
    best: r.ranked[0]
      ? {
          ...entry(r.ranked[0]),
          tpot_curve: report.tpotCurve.map((p) => ({ context: p.context, tpot_ms: p.tpotS * 1e3 })),
        }
      : null,
    candidates: r.ranked.slice(0, report.top).map(entry),
    missed_slo: r.missed.slice(0, report.top).map((m) => ({ ...entry(m.evaluation), miss: m.miss })),
    infeasible: r.infeasible.map((e) => ({ plan: e.plan, reason: e.reason })),
    explanation: explanation(report),
    sensitivities: report.sensitivities,
    evaluated: r.evaluated,
  };
}

export function planCsv(report: PlanReport): string {
  const rows = report.result.ranked.map((e) => ({
    tp: e.plan.tp,
    ep: e.plan.ep ?? 1,
    pp: e.plan.pp,
    dp: e.plan.dp,
    batch_per_replica: e.plan.batch,
    weight_bits: e.plan.format.weightBits,
    compute: e.plan.format.compute,
    prefill_ms: metricsView(e.metrics).prefill_ms,
    ttft_ms: metricsView(e.metrics).ttft_ms,
    tpot_ms: metricsView(e.metrics).tpot_ms,
    e2e_latency_ms: metricsView(e.metrics).e2e_latency_ms,
    output_tokens_per_s: metricsView(e.metrics).output_tokens_per_s,
    output_tokens_per_s_per_device: metricsView(e.metrics).output_tokens_per_s_per_device,
    memory_gb_per_device: metricsView(e.metrics).memory_gb_per_device,
    max_batch: metricsView(e.metrics).max_batch,
    decode_bound: metricsView(e.metrics).decode_bound,
  }));
  return stringify(rows, { header: true });
}
