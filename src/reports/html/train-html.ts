// `llmsim plan --mode train --report`: the chosen training plan and its rivals (step time bars,
// table, plans that do not fit), what each step is made of, memory per device against capacity,
// the pipeline timeline of the chosen plan (1F1B or interleaved, bubbles visible).
import type { Cluster } from '../../hardware/types.js';
import type { TrainPlan } from '../../planner/training.js';
import type { TrainFeasible } from '../../planner/training-search.js';
import { simulateSchedule } from '../../parallelism/pipeline.js';
import { trainExplanation, trainMetricsView, trainPlanView, type TrainReport } from '../train-report.js';
import { bars } from './bars-chart.js';
import { htmlTable } from './html-table.js';
import { renderPage, type Section } from './page.js';
import { pipelineSection, type PipelineEvent } from './pipeline-chart.js';
import { hardwareInputs, modelInputs, type ReportInputs } from './provenance.js';
import { FREE_COLOR, stackedBars } from './stacked-bars-chart.js';

/** Plans that do not fit: shown in the table, and drawn beside the candidates in the memory chart. */
const INFEASIBLE_SHOWN = 20;
const INFEASIBLE_DRAWN = 3;
/** The timeline plays the chosen schedule op by op; beyond this many ops it shows fewer micro-batches. */
const MAX_TIMELINE_OPS = 4000;

const r3 = (x: number) => Number(x.toPrecision(3));

function short(p: TrainPlan): string {
  const cp = p.cp > 1 ? ` CP${p.cp}` : '';
  const ep = p.ep > 1 ? ` EP${p.ep}` : '';
  return `TP${p.tp} PP${p.pp}${p.vp > 1 ? `×${p.vp}` : ''} DP${p.dp}${cp}${ep} mb${p.microBatch} ${p.recompute} Z${p.zero}`;
}

function candidatesTable(shown: TrainFeasible[]): string {
  return htmlTable(
    [
      '#',
      'TP',
      'PP',
      'vp',
      'DP',
      'CP',
      'EP',
      'micro-batch',
      'recompute',
      'ZeRO',
      'step s',
      'tokens/s',
      'TFLOP/s/dev',
      'MFU %',
      'HFU %',
      'GB/dev',
      'comm %',
      'bubble %',
    ],
    shown.map((e, i) => {
      const v = trainPlanView(e.plan, e.breakdown.microBatches);
      const m = trainMetricsView(e.metrics);
      return [
        i + 1,
        v.tp,
        v.pp,
        v.vp,
        v.dp,
        v.cp,
        v.ep,
        v.micro_batch,
        v.recompute,
        v.zero,
        r3(m.step_s),
        r3(m.tokens_per_s),
        r3(m.tflops_per_device),
        r3(100 * m.mfu),
        r3(100 * m.hfu),
        r3(m.memory_gb_per_device),
        r3(100 * m.communication_share),
        r3(100 * m.bubble_share),
      ];
    }),
    { highlight: (i) => i === 0 },
  );
}

/** The step of each plan split into what the busiest device does (sums to the step time). */
function stepComposition(shown: TrainFeasible[]): Section {
  const part = (f: (e: TrainFeasible) => number) => shown.map((e) => Math.max(0, f(e)));
  const b = (e: TrainFeasible) => e.breakdown;
  const compute = (e: TrainFeasible) => b(e).pipelineS - b(e).bubbleS - b(e).modelParallelCommS;
  return {
    id: 'step',
    title: 'What one step is made of',
    text: [
      'Per plan, the busiest device: computation of all micro-batches, model-parallel communication inside them (TP/SP collectives, CP exchanges, pipeline hand-offs), the pipeline bubble, the data-parallel traffic that compute does not hide, and the optimizer step.',
    ],
    chart: stackedBars({
      unit: 's',
      yLabel: 'seconds per step',
      categories: shown.map((e, i) => `#${i + 1} ${short(e.plan)}`),
      series: [
        { name: 'computation', values: part(compute) },
        { name: 'model-parallel communication', values: part((e) => b(e).modelParallelCommS) },
        { name: 'pipeline bubble', values: part((e) => b(e).bubbleS) },
        { name: 'data-parallel communication (exposed)', values: part((e) => b(e).dataParallelExposedS) },
        { name: 'optimizer', values: part((e) => b(e).optimizerS) },
      ],
      highlight: 0,
    }),
  };
}

function memorySection(report: TrainReport, shown: TrainFeasible[]): Section {
  const drawn = [
    ...shown.map((e, i) => ({ label: `#${i + 1} ${short(e.plan)}`, m: e.memory })),
    ...report.result.infeasible
      .slice(0, INFEASIBLE_DRAWN)
      .map((e) => ({ label: `does not fit: ${short(e.plan)}`, m: e.memory })),
  ];
  const capacity = report.ctx.hw.device.memory[0]!;
  const seg = (f: (m: TrainFeasible['memory']) => number) => drawn.map((d) => Math.max(0, f(d.m)));
  return {
    id: 'memory',
    title: 'Memory per device',
    text: [
      'The busiest device of each plan: 16-bit weights, gradients and fp32 optimizer states (sharded by the ZeRO stage), the activations the pipeline keeps in flight (Korthikanti et al. 2022), and a fixed workspace estimate. The first plans that do not fit are drawn for comparison.',
    ],
    chart: stackedBars({
      unit: 'B',
      yLabel: 'bytes per device',
      categories: drawn.map((d) => d.label),
      series: [
        { name: 'weights', values: seg((m) => m.weightsBytes) },
        { name: 'gradients', values: seg((m) => m.gradientBytes) },
        { name: 'optimizer states', values: seg((m) => m.optimizerBytes) },
        { name: 'activations', values: seg((m) => m.activationBytes) },
        { name: 'workspace', values: seg((m) => m.workspaceBytes) },
        { name: 'free', values: seg((m) => m.capacityBytes - m.totalBytes) },
      ],
      colors: { free: FREE_COLOR },
      limits: drawn.map(() => capacity.capacityBytes),
      limitLabel: `${capacity.tier} capacity`,
      ...(shown.length && { highlight: 0 }),
    }),
  };
}

/** The chosen plan's pipeline played op by op (the closed form the planner uses is checked against it in tests). */
function timeline(best: TrainFeasible): Section | undefined {
  const p = best.plan;
  if (p.pp === 1) return undefined;
  const b = best.breakdown;
  // a long step is drawn with fewer micro-batches (whole groups of pp, as the interleaved schedule needs)
  const cap = Math.max(p.pp, Math.floor(MAX_TIMELINE_OPS / (2 * p.vp * p.pp) / p.pp) * p.pp);
  const shape = { stages: p.pp, microBatches: Math.min(b.microBatches, cap), virtualStages: p.vp };
  const { events } = simulateSchedule(shape, b.forwardS, b.backwardS);
  const section = pipelineSection(
    {
      stages: p.pp,
      events: events.map<PipelineEvent>((e) => ({
        stage: e.stage,
        microBatch: e.microBatch,
        kind: e.kind,
        start: e.start,
        end: e.end,
      })),
    },
    'pipeline',
    `Pipeline timeline of the chosen plan (${p.vp > 1 ? `interleaved, ${p.vp} chunks per stage` : '1F1B'})`,
  );
  if (shape.microBatches < b.microBatches) {
    section.text = [
      ...(section.text ?? []),
      `Drawn with ${shape.microBatches} of the step's ${b.microBatches} micro-batches; the bubble is the same in absolute time.`,
    ];
  }
  return section;
}

export function trainInputs(modelArg: string, hwArg: string, cluster: Cluster, report: TrainReport): ReportInputs {
  const w = report.ctx.workload;
  const best = report.result.ranked[0];
  return {
    model: modelInputs(modelArg, report.ctx.model),
    hardware: hardwareInputs(hwArg, cluster),
    workload: [
      ['mode', 'training'],
      ['sequence length', `${w.seqLen} tokens`],
      ['global batch', `${w.globalBatch} sequences (${w.seqLen * w.globalBatch} tokens per step)`],
      ...(w.tokens !== undefined ? ([['tokens to train', String(w.tokens)]] as [string, string][]) : []),
      ...report.assumptions.map((a, i) => [`assumption ${i + 1}`, a] as [string, string]),
    ],
    ...(best && {
      plan: Object.entries(trainPlanView(best.plan, best.breakdown.microBatches)).map(
        ([k, v]) => [k, String(v)] as [string, string],
      ),
    }),
  };
}

export function trainHtml(report: TrainReport, inputs: ReportInputs): string {
  const { ctx, result } = report;
  const shown = result.ranked.slice(0, report.top);
  const best = shown[0];
  const sections: Section[] = [];
  sections.push({
    id: 'plans',
    title: `The fastest ${shown.length} of ${result.ranked.length} training plans that fit`,
    text: ['Ranked by time per optimizer step (lower is better); the chosen plan is highlighted.'],
    chart: bars({
      labels: shown.map((e, i) => `#${i + 1} ${short(e.plan)}`),
      values: shown.map((e) => e.metrics.stepS),
      unit: 's',
      yLabel: 'seconds per step (lower is better)',
      highlight: 0,
      notes: shown.map((e) => {
        const m = trainMetricsView(e.metrics);
        return `${r3(m.tokens_per_s)} tokens/s, MFU ${r3(100 * m.mfu)} %, ${r3(m.memory_gb_per_device)} GB/device`;
      }),
    }),
    html: [
      candidatesTable(shown),
      result.infeasible.length
        ? htmlTable(
            ['plan that does not fit (closest first)', 'reason'],
            result.infeasible.slice(0, INFEASIBLE_SHOWN).map((e) => [short(e.plan), e.reason]),
            {
              caption: `${result.infeasible.length} plan(s) do not fit${result.infeasible.length > INFEASIBLE_SHOWN ? `; the ${INFEASIBLE_SHOWN} closest to fitting` : ''}`,
            },
          )
        : '',
      result.skipped.size
        ? htmlTable(
            ['combinations skipped', 'count'],
            [...result.skipped.values()].map((x) => [x.example, x.count]),
          )
        : '',
      `<p>${result.evaluated} plans evaluated: ${result.ranked.length} fit, ${result.infeasible.length} do not.</p>`,
    ].join('\n'),
  });
  if (best) {
    sections.push(stepComposition(shown), memorySection(report, shown));
    const t = timeline(best);
    if (t) sections.push(t);
  }
  return renderPage({
    title: `llmsim training plan: ${ctx.model.name} on ${ctx.hw.nodes * ctx.hw.devicesPerNode} × ${ctx.hw.device.id}`,
    summary: [trainExplanation(report)],
    inputs,
    sections,
  });
}
