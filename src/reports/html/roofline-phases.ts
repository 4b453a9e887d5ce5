// The roofline of the same request in its other inference phases, so a report can set prefill
// beside decode: the prompt's prefill and one decode step at the given context.
import { analyzeRoofline, type RooflineAnalysis } from '../../roofline/analysis.js';
import { buildPhaseGraph, type Phase } from '../../workloads/phase-graph.js';

/** Prefill, decode (and the chunk, for a chunked request), the analysed phase reused; train alone. */
export function inferencePhases(a: RooflineAnalysis): RooflineAnalysis[] {
  const r = a.graph.request;
  if (r.phase === 'train') return [a];
  const phases: Phase[] = r.phase === 'chunked' ? ['prefill', 'chunked', 'decode'] : ['prefill', 'decode'];
  return phases.map((phase) => (phase === r.phase ? a : analyzeRoofline(buildPhaseGraph({ ...r, phase }), a.device)));
}
