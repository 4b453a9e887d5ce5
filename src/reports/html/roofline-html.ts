// `llmsim roofline --report`: the roofline chart, the time breakdown of prefill and decode (or of
// the training passes), memory against capacity, and the per-op table.
import type { RooflineAnalysis } from '../../roofline/analysis.js';
import { shapeText } from '../op-shape.js';
import { htmlTable } from './html-table.js';
import { renderPage, type Section } from './page.js';
import type { ReportInputs } from './provenance.js';
import { plottable, rooflineChart } from './roofline-chart.js';
import { inferencePhases } from './roofline-phases.js';
import { FREE_COLOR, stackedBars } from './stacked-bars-chart.js';
import { timeBreakdownCharts, type PhaseTimes } from './time-breakdown.js';

const PASS_LABEL = {
  forward: 'forward',
  'backward-data': 'backward (activations)',
  'backward-weight': 'backward (weights)',
  recompute: 'recomputation',
  optimizer: 'optimizer step',
} as const;

function phaseTimes(label: string, rows: RooflineAnalysis['rows']): PhaseTimes {
  return {
    label,
    ops: rows
      .filter((r) => r.bound !== 'communication')
      .map((r) => ({ kind: r.op.kind, group: r.op.group, seconds: r.time * r.op.count })),
  };
}

function breakdownPhases(a: RooflineAnalysis): PhaseTimes[] {
  if (a.graph.request.phase === 'train') {
    const passes = [...new Set(a.rows.map((r) => r.op.pass))];
    return passes.map((p) =>
      phaseTimes(
        PASS_LABEL[p],
        a.rows.filter((r) => r.op.pass === p),
      ),
    );
  }
  return inferencePhases(a).map((x) => phaseTimes(phaseLabel(x), x.rows));
}

function phaseLabel(a: RooflineAnalysis): string {
  const r = a.graph.request;
  switch (r.phase) {
    case 'prefill':
      return `prefill (${r.input} tokens)`;
    case 'decode':
      return `decode step (${r.context} cached)`;
    case 'chunked':
      return `chunk of ${r.chunk}`;
    case 'train':
      return 'training step';
  }
}

const r3 = (x: number) => Number(x.toPrecision(3));

function opsTable(a: RooflineAnalysis): string {
  const T = a.totals.time || 1;
  return htmlTable(
    ['op', 'kind', 'layer', 'count', 'shape', 'GFLOP', 'MB', 'FLOP/B', 'bound', 'time µs', 'share %'],
    a.rows.map((r) => {
      const comm = r.bound === 'communication';
      return [
        r.op.name,
        r.op.kind,
        r.op.layer ?? '',
        r.op.count,
        shapeText(r.op.shape),
        r3(r.flops / 1e9),
        r3((comm && r.op.shape.type === 'collective' ? r.op.shape.messageBytes : r.bytes) / 1e6),
        comm ? null : r3(r.intensity),
        comm ? 'comm (not timed)' : r.bound,
        comm ? null : r3(r.time * 1e6),
        comm ? null : Number(((100 * r.time * r.op.count) / T).toFixed(1)),
      ];
    }),
    { caption: 'per op, per instance; count instances run' },
  );
}

export function rooflineHtml(a: RooflineAnalysis, inputs: ReportInputs): string {
  const r = a.graph.request;
  const chart = rooflineChart(a);
  const left = a.rows.length - chart.data.ops.length;
  const phases = breakdownPhases(a);
  const { byKind, byGroup } = timeBreakdownCharts(phases);
  const m = a.memory;
  const sections: Section[] = [
    {
      id: 'roofline',
      title: `Roofline: ${phaseLabel(a)} on ${a.device.name}`,
      text: [
        `Each point is one op (per instance) at its arithmetic intensity and attainable FLOP/s; roofs are the datasheet peaks of every precision the device has and the bandwidth of every memory tier (the thick roofs: ${r.format.compute} and the first tier). Hover a point for its numbers.`,
        ...(left > 0
          ? [
              `${left} op(s) not shown: collectives (timed by the network model, not the roofline) or ops without FLOPs or bytes.`,
            ]
          : []),
      ],
      chart,
    },
    {
      id: 'time-by-kind',
      title: r.phase === 'train' ? 'Time per training pass, by op kind' : 'Time of prefill and decode, by op kind',
      text: [
        `Time at the roof summed over each op's instances${byKind.data.normalize ? '; bars show shares because the phases differ by more than 20×' : ''}. Collectives are not timed by the roofline.`,
      ],
      chart: byKind,
    },
    { id: 'time-by-part', title: 'The same time by part of the layer', chart: byGroup },
    {
      id: 'memory',
      title: 'Memory per device',
      text: [
        m.fits
          ? m.weightsTier !== a.device.memory[0]!.tier
            ? `Fits only with the weights streamed from ${m.weightsTier}.`
            : 'Fits.'
          : `Does not fit${m.minTpToFit ? `; it would at TP=${m.minTpToFit}` : ''}.`,
        ...(r.phase === 'train' ? ['Activations are not counted here.'] : []),
      ],
      chart: stackedBars({
        unit: 'B',
        yLabel: 'bytes per device',
        categories: [`${a.device.id}${r.tp > 1 ? ` (TP=${r.tp})` : ''}`],
        series: [
          { name: 'weights', values: [m.weightsBytes] },
          { name: 'KV cache', values: [m.kvBytes] },
          { name: 'gradients', values: [m.gradientBytes] },
          { name: 'optimizer states', values: [m.optimizerBytes] },
          { name: 'free', values: [Math.max(0, m.capacityBytes - m.totalBytes)] },
        ],
        colors: { free: FREE_COLOR },
        limits: [m.capacityBytes],
        limitLabel: `${a.device.memory[0]!.tier} capacity`,
      }),
    },
    { id: 'ops', title: 'Ops', html: opsTable(a) },
  ];
  const sp = r.tp > 1 ? `, TP=${r.tp}${r.sequenceParallel ? '+SP' : ''}` : '';
  return renderPage({
    title: `llmsim roofline — ${r.model.name} ${r.phase} on ${a.device.name}`,
    summary: [
      `${r.model.name}, ${phaseLabel(a)}, batch ${r.batch}${sp}: ${r3(a.totals.flops / 1e9)} GFLOP and ${r3(a.totals.bytes / 1e9)} GB moved, ${r3(a.totals.time * 1e3)} ms at the roof (datasheet peaks, no efficiency).`,
      `Ridge point ${r3(a.ridge.flopsPerByte)} FLOP/B (${r.format.compute} peak ÷ ${a.device.memory[0]!.tier} bandwidth).`,
    ],
    inputs,
    sections,
  });
}

/** Points the roofline chart draws (for tests and the CLI's message). */
export function rooflinePointCount(a: RooflineAnalysis): number {
  return a.rows.filter(plottable).length;
}
