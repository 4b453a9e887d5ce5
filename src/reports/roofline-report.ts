// The roofline analysis as a terminal table, as JSON and as CSV rows.
import { stringify } from 'csv-stringify/sync';
import { formatSi } from '../hardware/units.js';
import type { RooflineAnalysis, Totals } from '../roofline/analysis.js';
import type { OpRoofline } from '../roofline/roofline.js';
import { renderTable, type Cell } from './table.js';
import { shapeText } from './op-shape.js';

const us = (s: number) => Number((s * 1e6).toFixed(2));
const round = (x: number, d = 2) => Number(x.toFixed(d));

function rowCells(r: OpRoofline, totalTime: number): Cell[] {
  const comm = r.bound === 'communication';
  return [
    r.op.name,
    r.op.kind,
    r.op.count,
    shapeText(r.op.shape),
    round(r.flops / 1e9, 3),
    comm && r.op.shape.type === 'collective' ? round(r.op.shape.messageBytes / 1e6, 3) : round(r.bytes / 1e6, 3),
    comm ? undefined : round(r.intensity, 1),
    comm ? 'comm (not timed)' : r.bound,
    comm ? undefined : us(r.time),
    comm ? undefined : round((100 * r.time * r.op.count) / (totalTime || 1), 1),
  ];
}

function totalCells(label: string, t: Totals, count: number | undefined, totalTime: number): Cell[] {
  return [
    label,
    '',
    count,
    '',
    round(t.flops / 1e9, 3),
    round(t.bytes / 1e6, 3),
    t.bytes ? round(t.flops / t.bytes, 1) : undefined,
    '',
    us(t.time),
    count ? round((100 * t.time * count) / (totalTime || 1), 1) : 100,
  ];
}

const HEADERS = ['op', 'kind', 'count', 'shape', 'GFLOP', 'MB', 'FLOP/B', 'bound', 'time us', 'share %'];

export function rooflineText(a: RooflineAnalysis): string {
  const g = a.graph;
  const r = g.request;
  const T = a.totals.time;
  const out: string[] = [];
  const f = r.format;
  out.push(
    `${r.model.name} ${r.phase} on ${a.device.name} (${a.device.id})${g.shard.tp > 1 ? `, TP=${g.shard.tp}${g.shard.sequenceParallel ? '+SP' : ''}` : ''}`,
    `batch ${r.batch}, ${describeWorkload(a)}; weights ${f.weightBits}-bit, activations ${f.activation}, KV ${f.kvBits}-bit, compute ${f.compute}${r.flashAttention ? ', FlashAttention' : ''}`,
    `ridge point ${round(a.ridge.flopsPerByte, 1)} FLOP/B (${formatSi(a.ridge.peakFlops, 'FLOP/s')} ${f.compute} ÷ ${formatSi(a.ridge.bandwidth, 'B/s')}); per-op FLOP, bytes and time are per instance, count instances run`,
    '',
  );
  const rows: Cell[][] = [];
  for (const kind of ['dense', 'moe'] as const) {
    const layer = a.perLayer[kind];
    if (!layer) continue;
    rows.push([`— ${kind} layer (×${layer.layers}) —`]);
    for (const row of a.rows) if (row.op.layer === kind) rows.push(rowCells(row, T));
    rows.push(totalCells(`= per ${kind} layer`, layer, layer.layers, T));
  }
  rows.push(['— outside the layers —']);
  for (const row of a.rows) if (!row.op.layer) rows.push(rowCells(row, T));
  rows.push(totalCells('= whole model', a.totals, undefined, T));
  out.push(renderTable(HEADERS, rows).trimEnd());
  out.push('', memoryText(a));
  return out.join('\n') + '\n';
}

function describeWorkload(a: RooflineAnalysis): string {
  const r = a.graph.request;
  switch (r.phase) {
    case 'prefill':
      return `prompt ${r.input} tokens`;
    case 'decode':
      return `one decode step with ${r.context} tokens cached`;
    case 'chunked':
      return `a chunk of ${r.chunk} tokens after ${r.context} cached`;
    case 'train':
      return `sequence ${r.input}, forward + backward${r.recompute !== 'none' ? ` with ${r.recompute} recomputation` : ''} + optimizer step`;
  }
}

function memoryText(a: RooflineAnalysis): string {
  const m = a.memory;
  const gb = (b: number) => formatSi(b, 'B');
  const parts = [`weights ${gb(m.weightsBytes)}`, `KV cache ${gb(m.kvBytes)}`];
  if (m.gradientBytes)
    parts.push(`gradients ${gb(m.gradientBytes)}`, `optimizer ${gb(m.optimizerBytes)} (activations not counted here)`);
  const lines = [
    `Memory per device: ${parts.join(', ')} = ${gb(m.totalBytes)} of ${gb(m.capacityBytes)} ${a.device.memory[0]!.tier}`,
  ];
  if (m.fits && m.weightsTier !== a.device.memory[0]!.tier) {
    lines.push(`  fits only with the weights streamed from ${m.weightsTier} (flash-backed inference)`);
  } else if (m.fits) lines.push('  fits');
  else
    lines.push(
      `  does NOT fit${m.minTpToFit ? `; it would at TP=${m.minTpToFit}` : '; no tensor-parallel degree makes it fit on this device'}`,
    );
  lines.push(
    `Whole model: ${formatSi(a.totals.flops, 'FLOP')}, ${gb(a.totals.bytes)} moved, ${round(a.totals.time * 1e3, 3)} ms at the roof` +
      (a.totals.commBytes ? `, ${gb(a.totals.commBytes)} in collectives (not timed by the roofline)` : ''),
  );
  return lines.join('\n');
}

/** The documented JSON shape: totals, ops and memory (per-op numbers are per instance). */
export function rooflineJson(a: RooflineAnalysis): object {
  const r = a.graph.request;
  return {
    model: r.model.name,
    device: a.device.id,
    phase: r.phase,
    workload: {
      batch: r.batch,
      input: r.input,
      context: r.context,
      chunk: r.chunk,
      tp: r.tp,
      sequence_parallel: r.sequenceParallel,
      flash_attention: r.flashAttention,
      recompute: r.recompute,
    },
    format: r.format,
    totals: {
      flops: a.totals.flops,
      bytes: a.totals.bytes,
      time_s: a.totals.time,
      collective_bytes: a.totals.commBytes,
    },
    per_layer: Object.fromEntries(
      Object.entries(a.perLayer)
        .filter(([, t]) => t !== undefined)
        .map(([k, t]) => [k, { layers: t.layers, flops: t.flops, bytes: t.bytes, time_s: t.time }]),
    ),
    ridge: {
      flops_per_byte: a.ridge.flopsPerByte,
      peak_flops: a.ridge.peakFlops,
      bandwidth_bytes_per_s: a.ridge.bandwidth,
    },
    ops: a.rows.map((row) => ({
      name: row.op.name,
      kind: row.op.kind,
      layer: row.op.layer ?? null,
      pass: row.op.pass,
      count: row.op.count,
      shape: row.op.shape,
      flops: row.flops,
      bytes: row.bytes,
      bytes_by_operand: row.op.bytes,
      params: row.op.params,
      compute: row.op.compute,
      intensity: row.intensity,
      attainable_flops: row.attainableFlops,
      bound: row.bound,
      time_s: row.time,
      total_time_s: row.time * row.op.count,
    })),
    memory: {
      weights_bytes: a.memory.weightsBytes,
      kv_bytes: a.memory.kvBytes,
      gradient_bytes: a.memory.gradientBytes,
      optimizer_bytes: a.memory.optimizerBytes,
      total_bytes: a.memory.totalBytes,
      capacity_bytes: a.memory.capacityBytes,
      fits: a.memory.fits,
      weights_tier: a.memory.weightsTier,
      min_tp_to_fit: a.memory.minTpToFit ?? null,
    },
  };
}

/** One row per op, units in the column names, plain numbers. */
export function rooflineCsv(a: RooflineAnalysis): string {
  const rows = a.rows.map((row) => ({
    op: row.op.name,
    kind: row.op.kind,
    layer: row.op.layer ?? '',
    pass: row.op.pass,
    count: row.op.count,
    shape: shapeText(row.op.shape),
    flops: row.flops,
    bytes: row.bytes,
    collective_bytes: row.op.shape.type === 'collective' ? row.op.shape.messageBytes : 0,
    intensity_flop_per_byte: row.intensity,
    attainable_flop_per_s: row.attainableFlops,
    bound: row.bound,
    time_s: row.time,
    total_time_s: row.time * row.op.count,
  }));
  return stringify(rows, { header: true });
}
