// Inference cases: prefill and decode speed of one request (llama.cpp style), and offline serving
// throughput (TensorRT-LLM style), predicted by the planner's step-time model.
import { InputError } from '../errors.js';
import { findLink, type HardwareCatalog } from '../hardware/catalog.js';
import { withProcessor } from '../hardware/resolve.js';
import type { Device, Precision } from '../hardware/types.js';
import { resolveFormat } from '../workloads/precision.js';
import { DEFAULT_ENGINE, evaluateInference, maxBatch, type PlanContext } from '../planner/inference.js';
import { modelForCase } from './case-model.js';
import type { Prediction, ValidationCase } from './types.js';

const INFERENCE_METRICS = new Set(['prefill_tokens_per_s', 'decode_tokens_per_s', 'decode_ms_per_token', 'prefill_ms', 'output_tokens_per_s']);

export function isInferenceMetric(metric: string): boolean {
  return INFERENCE_METRICS.has(metric);
}

function int(c: ValidationCase, field: string, fallback?: number): number {
  const v = c.workload[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError(`case ${c.id}: workload.${field} must be an integer ≥ 0`);
  return v;
}

export function predictInference(c: ValidationCase, device: Device, catalog: HardwareCatalog): Prediction {
  if (c.workload.flash) return { unpredicted: 'flash-backed decode (LLM in a flash) not modeled yet' };
  const dev = c.hardware.processor ? withProcessor(device, c.hardware.processor) : device;
  const model = modelForCase(c);
  const perNode = c.hardware.devicesPerNode ?? 1;
  const nodes = c.hardware.nodes ?? 1;
  const tp = typeof c.plan?.tp === 'number' ? c.plan.tp : 1;
  const pp = typeof c.plan?.pp === 'number' ? c.plan.pp : 1;
  const scaleUpId = c.hardware.scaleUp ?? dev.scaleUp?.linkId;
  const nicId = c.hardware.nic ?? dev.scaleOut?.linkId;
  const serving = c.workload.mode === 'serving';
  const input = int(c, 'inputTokens', 0);
  const output = c.metric === 'prefill_tokens_per_s' || c.metric === 'prefill_ms' ? 1 : int(c, 'outputTokens');
  const ctx: PlanContext = {
    model,
    hw: {
      device: dev,
      devicesPerNode: perNode,
      nodes,
      scaleUp: perNode > 1 && scaleUpId ? findLink(catalog, scaleUpId) : undefined,
      nic: nodes > 1 && nicId ? findLink(catalog, nicId) : undefined,
      nicsPerNode: c.hardware.nicsPerNode ?? dev.scaleOut?.perNode ?? 1,
    },
    workload: { input: Math.max(1, input), output: Math.max(1, output), serving },
    engine: DEFAULT_ENGINE,
  };
  const format = resolveFormat(dev, {
    precision: c.workload.precision as Precision,
    ...(typeof c.workload.weightBits === 'number' && { weightBits: c.workload.weightBits }),
    ...(typeof c.workload.kvBits === 'number' && { kvBits: c.workload.kvBits }),
  });
  const dp = Math.max(1, Math.floor((perNode * nodes) / (tp * pp)));
  const base = { tp, pp, dp, format, flashAttention: true };
  const batch = serving ? maxBatch(ctx, base) : int(c, 'batch', 1);
  if (batch < 1) return { unpredicted: `${model.name} does not fit at TP=${tp} PP=${pp} on ${dev.id}` };
  const e = evaluateInference(ctx, { ...base, batch });
  if (!e.fits) return { unpredicted: e.reason };
  const m = e.metrics;
  switch (c.metric) {
    case 'prefill_tokens_per_s':
      return { predicted: (batch * input) / m.ttftS };
    case 'prefill_ms':
      return { predicted: m.ttftS * 1e3 };
    case 'decode_tokens_per_s':
      return { predicted: 1 / m.tpotS };
    case 'decode_ms_per_token':
      return { predicted: m.tpotS * 1e3 };
    default:
      return { predicted: m.outputTokensPerS, note: `batch ${batch} per replica (KV-cache limit)` };
  }
}
