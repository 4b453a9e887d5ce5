// The documented names and units of plan metrics in JSON, CSV and sweeps (ms, GB, tokens/s):
// the planner works in SI; this is the one place that converts, at the edge.
import type { InferenceMetrics } from './inference.js';

export interface MetricsView {
  prefill_ms: number;
  ttft_ms: number;
  tpot_ms: number;
  e2e_latency_ms: number;
  output_tokens_per_s: number;
  input_tokens_per_s: number;
  output_tokens_per_s_per_device: number;
  memory_gb_per_device: number;
  max_batch: number;
  decode_bound: InferenceMetrics['decodeBound'];
}

export function metricsView(m: InferenceMetrics): MetricsView {
  return {
    prefill_ms: m.prefillS * 1e3,
    ttft_ms: m.ttftS * 1e3,
    tpot_ms: m.tpotS * 1e3,
    e2e_latency_ms: m.e2eLatencyS * 1e3,
    output_tokens_per_s: m.outputTokensPerS,
    input_tokens_per_s: m.inputTokensPerS,
    output_tokens_per_s_per_device: m.outputTokensPerSPerDevice,
    memory_gb_per_device: m.memoryBytesPerDevice / 1e9,
    max_batch: m.maxBatch,
    decode_bound: m.decodeBound,
  };
}
