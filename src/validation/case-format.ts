// The vocabulary of a case file (validation/README.md): the values a loader accepts.
import type { CaseCategory, CaseHardware, CaseModel, ValidationCase } from './types.js';

export const CASE_CATEGORIES: readonly CaseCategory[] = [
  'training',
  'inference-gpu',
  'serving',
  'npu',
  'fpga',
  'heterogeneous-network',
  'sequence-parallel',
  'microbenchmark',
  'edge',
];

export const TRUST_LEVELS: readonly ValidationCase['trust'][] = ['primary', 'secondary', 'low'];

export const WORKLOAD_MODES = [
  'train',
  'prefill',
  'decode',
  'inference',
  'serving',
  'gemm',
  'attention',
  'bandwidth',
  'collective',
] as const;

/** metric → the one unit the README allows for it */
export const METRIC_UNITS: Readonly<Record<string, string>> = {
  train_tflops_per_device: 'TFLOP/s',
  train_mfu: 'fraction',
  train_tokens_per_s: 'tokens/s',
  train_tokens_per_s_per_device: 'tokens/s',
  train_samples_per_s: 'sequences/s',
  train_step_s: 's',
  layer_fwd_bwd_ms: 'ms',
  prefill_ms: 'ms',
  decode_ms_per_token: 'ms',
  decode_tokens_per_s: 'tokens/s',
  e2e_latency_ms: 'ms',
  output_tokens_per_s: 'tokens/s',
  prefill_tokens_per_s: 'tokens/s',
  gemm_tflops: 'TFLOP/s',
  bandwidth_gbps: 'GB/s',
  busbw_gbps: 'GB/s',
  p2p_gbps: 'GB/s',
  host_copy_gbps: 'GB/s',
  flash_read_gbps: 'GB/s',
};

/** the fields a case may have; anything else is a typo (a misspelled "plan" must not vanish) */
export const CASE_FIELDS: readonly (keyof ValidationCase)[] = [
  'id',
  'source',
  'category',
  'model',
  'hardware',
  'workload',
  'plan',
  'metric',
  'measured',
  'unit',
  'notes',
  'trust',
];

export const MODEL_INT_FIELDS: readonly (keyof CaseModel)[] = [
  'layers',
  'hidden',
  'heads',
  'kvHeads',
  'ffn',
  'vocab',
  'experts',
  'topK',
];
export const MODEL_FIELDS: readonly (keyof CaseModel)[] = ['name', ...MODEL_INT_FIELDS, 'arch', 'notes'];
export const MODEL_ARCHS: readonly NonNullable<CaseModel['arch']>[] = ['llama', 'gpt', 'moe'];

export const HARDWARE_INT_FIELDS: readonly (keyof CaseHardware)[] = ['devicesPerNode', 'nodes', 'nicsPerNode'];
export const HARDWARE_FIELDS: readonly (keyof CaseHardware)[] = [
  'device',
  ...HARDWARE_INT_FIELDS,
  'scaleUp',
  'nic',
  'processor',
];
export const PROCESSORS: readonly NonNullable<CaseHardware['processor']>[] = ['cpu', 'gpu', 'npu'];
