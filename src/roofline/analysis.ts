// The roofline of a whole phase graph on one device: every op's row, totals per layer type and
// for the model, the ridge point, and the memory check.
import type { Device } from '../hardware/types.js';
import type { PhaseGraph } from '../workloads/phase-graph.js';
import type { Op } from '../workloads/ops.js';
import { memoryFootprint, minTpToFit, type MemoryFootprint } from './memory-fit.js';
import { ridgePoint, rooflineOf, type OpRoofline } from './roofline.js';

export interface Totals {
  flops: number;
  bytes: number;
  /** seconds at the roof (communication excluded) */
  time: number;
  /** bytes the collectives carry (their time is the communication model's) */
  commBytes: number;
}

export interface RooflineAnalysis {
  device: Device;
  graph: PhaseGraph;
  rows: OpRoofline[];
  /** one instance of each layer kind (sum over its ops, count 1) */
  perLayer: Partial<Record<'dense' | 'moe', Totals & { layers: number }>>;
  /** the whole model: every op × its count */
  totals: Totals;
  ridge: { peakFlops: number; bandwidth: number; flopsPerByte: number };
  memory: MemoryFootprint;
}

// object literals, not spreads: this runs millions of times in plan searches, and spreads are slow
const zero = (): Totals => ({ flops: 0, bytes: 0, time: 0, commBytes: 0 });
const layerTotals = (layers: number) => ({ flops: 0, bytes: 0, time: 0, commBytes: 0, layers });

function add(t: Totals, r: OpRoofline, times: number): void {
  t.flops += r.flops * times;
  t.bytes += r.bytes * times;
  t.time += r.time * times;
  if (r.bound === 'communication' && r.op.shape.type === 'collective') t.commBytes += r.op.shape.messageBytes * times;
}

export function analyzeRoofline(graph: PhaseGraph, device: Device): RooflineAnalysis {
  const memory = memoryFootprint(graph, device);
  // searched only when needed: the answer to "with what TP would it fit"
  memory.minTpToFit = memory.fits ? graph.shard.tp : minTpToFit(graph, device);
  const rows = graph.ops.map((op: Op) => rooflineOf(op, device, memory.placement));
  const totals = zero();
  const perLayer: RooflineAnalysis['perLayer'] = { dense: undefined, moe: undefined };
  for (const r of rows) {
    add(totals, r, r.op.count);
    const kind = r.op.layer;
    if (kind) {
      const t = (perLayer[kind] ??= layerTotals(r.op.count));
      add(t, r, 1);
    }
  }
  const peak = device.peakFlops[graph.request.format.compute]!;
  const bw = device.memory[0]!.bandwidthBytesPerS;
  return {
    device,
    graph,
    rows,
    perLayer,
    totals,
    ridge: { peakFlops: peak, bandwidth: bw, flopsPerByte: ridgePoint(peak, bw) },
    memory,
  };
}
