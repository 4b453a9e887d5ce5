// The training plan search as a terminal report, JSON and CSV, with the documented names and units
// (seconds, GB, tokens/s, TFLOP/s); the planner works in SI, this converts at the edge.
import { stringify } from 'csv-stringify/sync';
import type { StepBreakdown, TrainContext, TrainMetrics, TrainPlan } from '../planner/training.js';
import type { TrainingMemory } from '../planner/training-memory.js';
import type { TrainFeasible, TrainSearchResult } from '../planner/training-search.js';
import type { TrainSensitivity } from '../planner/training-sensitivity.js';
import { renderTable } from './table.js';

export interface TrainReport {
  ctx: TrainContext;
  result: TrainSearchResult;
  sensitivities: TrainSensitivity[];
  top: number;
  assumptions: string[];
}

export interface TrainPlanView {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  cp_kind: string;
  ep: number;
  micro_batch: number;
  micro_batches_per_step: number;
  schedule: '1f1b' | 'interleaved';
  vp: number;
  recompute: string;
  zero: number;
  sequence_parallel: boolean;
  precision: string;
  peft: string;
}

export interface TrainMetricsView {
  step_s: number;
  tokens_per_s: number;
  tokens_per_s_per_device: number;
  samples_per_s: number;
  tflops_per_device: number;
  mfu: number;
  hfu: number;
  memory_gb_per_device: number;
  communication_share: number;
  bubble_share: number;
  time_to_train_days: number | null;
  device_hours: number | null;
}

export function trainPlanView(p: TrainPlan, microBatches: number): TrainPlanView {
  const peft = p.peft
    ? p.peft.method === 'lora'
      ? `${p.peft.baseBits ? 'qlora' : 'lora'}:r=${p.peft.rank},targets=${p.peft.targets.join('+')}`
      : p.peft.method === 'adapter'
        ? `adapter:r=${p.peft.rank},placement=${p.peft.placement}`
        : `${p.peft.method}:tokens=${p.peft.tokens}`
    : 'none';
  return {
    tp: p.tp,
    pp: p.pp,
    dp: p.dp,
    cp: p.cp,
    cp_kind: p.cp > 1 ? p.cpKind : 'none',
    ep: p.ep,
    micro_batch: p.microBatch,
    micro_batches_per_step: microBatches,
    schedule: p.vp > 1 ? 'interleaved' : '1f1b',
    vp: p.vp,
    recompute: p.recompute,
    zero: p.zero,
    sequence_parallel: p.sequenceParallel,
    precision: p.format.compute,
    peft,
  };
}

export function trainMetricsView(m: TrainMetrics): TrainMetricsView {
  return {
    step_s: m.stepS,
    tokens_per_s: m.tokensPerS,
    tokens_per_s_per_device: m.tokensPerSPerDevice,
    samples_per_s: m.samplesPerS,
    tflops_per_device: m.tflopsPerDevice,
    mfu: m.mfu,
    hfu: m.hfu,
    memory_gb_per_device: m.memoryBytesPerDevice / 1e9,
    communication_share: m.communicationShare,
    bubble_share: m.bubbleShare,
    time_to_train_days: m.timeToTrainS === undefined ? null : m.timeToTrainS / 86400,
    device_hours: m.deviceHours ?? null,
  };
}

function memoryView(mem: TrainingMemory) {
  const gb = (x: number) => x / 1e9;
  return {
    weights_gb: gb(mem.weightsBytes),
    gradients_gb: gb(mem.gradientBytes),
    optimizer_gb: gb(mem.optimizerBytes),
    activations_gb: gb(mem.activationBytes),
    workspace_gb: gb(mem.workspaceBytes),
    total_gb: gb(mem.totalBytes),
    capacity_gb: gb(mem.capacityBytes),
  };
}

function breakdownView(b: StepBreakdown) {
  return {
    forward_s: b.forwardS,
    backward_s: b.backwardS,
    micro_batches: b.microBatches,
    pipeline_s: b.pipelineS,
    bubble_s: b.bubbleS,
    model_parallel_communication_s: b.modelParallelCommS,
    data_parallel_s: b.dataParallelS,
    data_parallel_exposed_s: b.dataParallelExposedS,
    optimizer_s: b.optimizerS,
  };
}

const candidate = (e: TrainFeasible) => ({
  plan: trainPlanView(e.plan, e.breakdown.microBatches),
  metrics: trainMetricsView(e.metrics),
  memory: memoryView(e.memory),
  breakdown: breakdownView(e.breakdown),
});

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(0)} %`;

function planText(p: TrainPlan, microBatches: number): string {
  const v = trainPlanView(p, microBatches);
  const parts = [`TP ${v.tp}`, `PP ${v.pp}`, `DP ${v.dp}`];
  if (v.cp > 1) parts.push(`CP ${v.cp} (${v.cp_kind})`);
  if (v.ep > 1) parts.push(`EP ${v.ep}`);
  const schedule =
    v.vp > 1 ? `, interleaved schedule with ${v.vp} chunks per stage` : v.pp > 1 ? ', 1F1B schedule' : '';
  const recompute = { none: 'no recomputation', selective: 'selective recomputation', full: 'full recomputation' }[
    v.recompute
  ];
  return `${parts.join(' × ')}, micro-batch ${v.micro_batch} (${microBatches} per step)${schedule}, ${recompute}, ZeRO-${v.zero}${v.sequence_parallel ? ', sequence parallelism' : ''}`;
}

/** One paragraph on the best plan: what its step is made of, what bounds it, what would move it. */
export function trainExplanation(report: TrainReport): string {
  const best = report.result.ranked[0];
  if (!best) return '';
  const m = best.metrics;
  const b = best.breakdown;
  const computeShare = Math.max(0, 1 - m.communicationShare - m.bubbleShare - b.optimizerS / m.stepS);
  const lines = [
    `Best: ${planText(best.plan, b.microBatches)}: ${m.stepS.toFixed(2)} s per step, ${Math.round(m.tokensPerS).toLocaleString('en-US')} tokens/s (${Math.round(m.tokensPerSPerDevice)} per device), ${m.tflopsPerDevice.toFixed(0)} model TFLOP/s per device, MFU ${pct(m.mfu)} (HFU ${pct(m.hfu)}).`,
    `The step is ${pct(computeShare)} computation, ${pct(m.communicationShare)} exposed communication, ${pct(m.bubbleShare)} pipeline bubble and ${pct(b.optimizerS / m.stepS)} optimizer; it uses ${(best.memory.totalBytes / 1e9).toFixed(1)} of ${(best.memory.capacityBytes / 1e9).toFixed(0)} GB per device.`,
  ];
  if (m.timeToTrainS !== undefined) {
    lines.push(
      `${(report.ctx.workload.tokens! / 1e9).toLocaleString('en-US')} B tokens take ${(m.timeToTrainS / 86400).toFixed(1)} days (${Math.round(m.deviceHours!).toLocaleString('en-US')} device-hours).`,
    );
  }
  const moves = report.sensitivities.filter((s) => Math.abs(s.stepChange) > 0.005);
  if (moves.length) {
    lines.push(
      `What would move it most: ${moves.map((s) => `${s.change} → ${signed(s.stepChange)} step time`).join('; ')}.`,
    );
  } else lines.push('No single +50 % hardware change moves the step time by more than 0.5 %.');
  return lines.join(' ');
}

export function trainReportText(report: TrainReport): string {
  const { ctx, result } = report;
  const w = ctx.workload;
  const out: string[] = [
    `Training ${ctx.model.name} on ${ctx.hw.nodes} × ${ctx.hw.devicesPerNode} ${ctx.hw.device.id}: sequences of ${w.seqLen} tokens, global batch ${w.globalBatch} (${(w.seqLen * w.globalBatch).toLocaleString('en-US')} tokens per step)`,
    ...report.assumptions.map((a) => `  ${a}`),
    '',
  ];
  const shown = result.ranked.slice(0, report.top);
  if (shown.length) {
    const rows = shown.map((e, i) => {
      const v = trainPlanView(e.plan, e.breakdown.microBatches);
      const m = trainMetricsView(e.metrics);
      return [
        i + 1,
        v.tp,
        v.pp,
        v.dp,
        v.cp,
        v.ep,
        v.micro_batch,
        v.vp,
        v.recompute,
        v.zero,
        Number(m.step_s.toFixed(3)),
        Math.round(m.tokens_per_s),
        Number(m.tflops_per_device.toFixed(0)),
        Number((100 * m.mfu).toFixed(1)),
        Number(m.memory_gb_per_device.toFixed(1)),
        Number((100 * m.communication_share).toFixed(1)),
        Number((100 * m.bubble_share).toFixed(1)),
      ];
    });
    out.push(
      renderTable(
        [
          '#',
          'TP',
          'PP',
          'DP',
          'CP',
          'EP',
          'mbs',
          'vp',
          'recompute',
          'ZeRO',
          'step s',
          'tokens/s',
          'TFLOP/s/dev',
          'MFU %',
          'GB/dev',
          'comm %',
          'bubble %',
        ],
        rows,
      ),
    );
    out.push(trainExplanation(report), '');
  }
  if (result.infeasible.length) {
    out.push(`${result.infeasible.length} plan(s) do not fit; the closest: ${result.infeasible[0]!.reason}`);
  }
  const skipped = [...result.skipped.values()].reduce((s, x) => s + x.count, 0);
  if (skipped) {
    out.push(
      `${skipped} combination(s) skipped: ${[...result.skipped.values()].map((x) => `${x.count} × ${x.example}`).join('; ')}`,
    );
  }
  out.push(`${result.evaluated} plan(s) evaluated.`);
  return out.join('\n') + '\n';
}

export function trainJson(report: TrainReport) {
  const best = report.result.ranked[0];
  return {
    mode: 'train',
    model: report.ctx.model.name,
    hardware: {
      device: report.ctx.hw.device.id,
      devices_per_node: report.ctx.hw.devicesPerNode,
      nodes: report.ctx.hw.nodes,
      scale_up: report.ctx.hw.scaleUp?.id ?? null,
      nic: report.ctx.hw.nic?.id ?? null,
    },
    workload: {
      seq_len: report.ctx.workload.seqLen,
      global_batch: report.ctx.workload.globalBatch,
      tokens: report.ctx.workload.tokens ?? null,
    },
    assumptions: report.assumptions,
    best: best ? candidate(best) : null,
    explanation: trainExplanation(report),
    sensitivities: report.sensitivities.map((s) => ({ change: s.change, step_change: s.stepChange })),
    candidates: report.result.ranked.slice(0, report.top).map(candidate),
    infeasible: report.result.infeasible.slice(0, report.top).map((e) => ({
      plan: trainPlanView(e.plan, report.ctx.workload.globalBatch / (e.plan.dp * e.plan.microBatch)),
      reason: e.reason,
      memory: memoryView(e.memory),
    })),
    skipped: [...report.result.skipped.values()].map((x) => ({ reason: x.example, count: x.count })),
    evaluated: report.result.evaluated,
  };
}

/** Every ranked plan, one row each, units in the column names. */
export function trainCsv(report: TrainReport): string {
  const rows = report.result.ranked.map((e, i) => {
    const v = trainPlanView(e.plan, e.breakdown.microBatches);
    const m = trainMetricsView(e.metrics);
    return {
      rank: i + 1,
      ...v,
      step_s: m.step_s,
      tokens_per_s: m.tokens_per_s,
      tokens_per_s_per_device: m.tokens_per_s_per_device,
      tflops_per_device: m.tflops_per_device,
      mfu_fraction: m.mfu,
      hfu_fraction: m.hfu,
      memory_gb_per_device: m.memory_gb_per_device,
      communication_share_fraction: m.communication_share,
      bubble_share_fraction: m.bubble_share,
      time_to_train_days: m.time_to_train_days ?? '',
      device_hours: m.device_hours ?? '',
    };
  });
  return stringify(rows, { header: true });
}
