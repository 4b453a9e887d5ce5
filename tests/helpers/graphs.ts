// Building phase graphs and rooflines in tests with sensible defaults.
import { loadShippedCatalog, findDevice } from '../../src/hardware/catalog.js';
import type { Device } from '../../src/hardware/types.js';
import { findModel } from '../../src/workloads/models.js';
import type { ModelArch } from '../../src/workloads/model-arch.js';
import { buildPhaseGraph, type PhaseGraph, type PhaseRequest } from '../../src/workloads/phase-graph.js';
import { resolveFormat } from '../../src/workloads/precision.js';
import { analyzeRoofline, type RooflineAnalysis } from '../../src/roofline/analysis.js';

export const catalog = loadShippedCatalog();
export const device = (id: string): Device => findDevice(catalog, id);

export type GraphOptions = Partial<Omit<PhaseRequest, 'model' | 'format'>> & {
  model?: string | ModelArch;
  device?: string;
  weightBits?: number;
  kvBits?: number;
};

export function graph(o: GraphOptions = {}): PhaseGraph {
  const model = typeof o.model === 'object' ? o.model : findModel(o.model ?? 'llama-2-7b');
  const dev = device(o.device ?? 'a100-80gb-sxm');
  return buildPhaseGraph({
    model,
    phase: o.phase ?? 'decode',
    batch: o.batch ?? 1,
    input: o.input ?? 1024,
    context: o.context ?? 1024,
    chunk: o.chunk ?? 512,
    format: resolveFormat(dev, { weightBits: o.weightBits, kvBits: o.kvBits }),
    tp: o.tp ?? 1,
    ep: o.ep ?? 1,
    sequenceParallel: o.sequenceParallel ?? false,
    flashAttention: o.flashAttention ?? false,
    recompute: o.recompute ?? 'none',
  });
}

export function roofline(o: GraphOptions = {}): RooflineAnalysis {
  return analyzeRoofline(graph(o), device(o.device ?? 'a100-80gb-sxm'));
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
