// A fleet's combined metrics in the documented names and units of `plan --json` (ms, GB, tokens/s),
// with which group each worst latency comes from and the memory per device of each group.
import type { FleetMetrics } from './fleet.js';

export interface FleetMetricsView {
  prefill_ms: number;
  ttft_ms: number;
  tpot_ms: number;
  e2e_latency_ms: number;
  output_tokens_per_s: number;
  input_tokens_per_s: number;
  output_tokens_per_s_per_device: number;
  /** the largest of the groups' figures; each group's is in memory_gb_per_device_by_group */
  memory_gb_per_device: number;
  memory_gb_per_device_by_group: Record<string, number>;
  /** the group each latency figure comes from */
  worst_group: { prefill: string; ttft: string; tpot: string; e2e_latency: string };
  devices: number;
  serving_devices: number;
}

export function fleetMetricsView(m: FleetMetrics): FleetMetricsView {
  const memory = m.memoryBytesPerDevice.map((x) => [x.group, x.bytes / 1e9] as const);
  return {
    prefill_ms: m.prefillS * 1e3,
    ttft_ms: m.ttftS * 1e3,
    tpot_ms: m.tpotS * 1e3,
    e2e_latency_ms: m.e2eLatencyS * 1e3,
    output_tokens_per_s: m.outputTokensPerS,
    input_tokens_per_s: m.inputTokensPerS,
    output_tokens_per_s_per_device: m.outputTokensPerSPerDevice,
    memory_gb_per_device: Math.max(...memory.map((x) => x[1])),
    memory_gb_per_device_by_group: Object.fromEntries(memory),
    worst_group: { prefill: m.worst.prefill, ttft: m.worst.ttft, tpot: m.worst.tpot, e2e_latency: m.worst.e2e },
    devices: m.devices,
    serving_devices: m.servingDevices,
  };
}
