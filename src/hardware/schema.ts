// The vocabulary of the hardware descriptors (precisions, quantity formats, memory tiers, device
// kinds, link types) and the types of raw descriptors. The JSON Schemas themselves are written with
// TypeBox in descriptor-schemas.ts, which only `npm run schemas` and the tests load: the CLI
// validates with the validators generated from them, and loading TypeBox took ~70 ms of each start.

/** Numeric precisions a device may compute in (dense rates; sparsity is never counted). */
export const PRECISIONS = ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'fp6', 'fp4', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** Unit dimensions a quantity string may carry; each is an ajv format parsed with mathjs. */
export const QUANTITY_FORMATS = {
  flops: { si: 'FLOP/s', example: '312 TFLOP/s', what: 'a compute rate (FLOP/s or OP/s)' },
  bandwidth: { si: 'B/s', example: '2039 GB/s', what: 'a bandwidth (bytes/s or bits/s)' },
  bytes: { si: 'B', example: '80 GB', what: 'a size in bytes (GB = 1e9 B, GiB = 2^30 B)' },
  time: { si: 's', example: '1.5 us', what: 'a time' },
  power: { si: 'W', example: '400 W', what: 'a power' },
  frequency: { si: 'Hz', example: '1410 MHz', what: 'a frequency' },
} as const;
export type QuantityFormat = keyof typeof QUANTITY_FORMATS;

export const MEMORY_TIERS = ['hbm', 'gddr', 'lpddr', 'ddr', 'host', 'flash'] as const;

export const DEVICE_KINDS = ['gpu', 'npu', 'fpga', 'cpu', 'soc'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const LINK_TYPES = [
  'nvlink',
  'pcie',
  'infiniband',
  'roce',
  'ethernet',
  'ici',
  'infinity-fabric',
  'on-package',
] as const;

export type { RawDevice, RawLink, RawSystem } from './descriptor-schemas.js';
