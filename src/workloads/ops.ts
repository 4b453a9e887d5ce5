// The operator: the unit both the roofline view and the time model work on. FLOPs and bytes are
// per instance (one layer, one device); `count` says how many instances the pass runs.
import type { Precision } from '../hardware/types.js';

export type OpKind = 'matmul' | 'attention' | 'elementwise' | 'norm' | 'embedding' | 'collective';

/** Where an op sits in the model, for grouping in tables: one transformer layer or the model ends. */
export type OpGroup = 'attention' | 'mlp' | 'moe' | 'layer-other' | 'communication' | 'model';

/** Bytes moved to and from memory, per operand, each already in its own precision. */
export interface OpBytes {
  weights: number;
  inputs: number;
  outputs: number;
  kvRead: number;
  kvWrite: number;
}

export interface MatmulShape {
  type: 'matmul';
  /** C[M×N] = A[M×K] · B[K×N], `batch` independent products */
  m: number;
  n: number;
  k: number;
  batch: number;
}

export interface AttentionShape {
  type: 'attention';
  batch: number;
  heads: number;
  kvHeads: number;
  qLen: number;
  kvLen: number;
  headDim: number;
  /** query–key pairs actually computed per (batch, head), after causal mask and window */
  pairs: number;
}

export interface ElementwiseShape {
  type: 'elementwise';
  elements: number;
}

export interface CollectiveShape {
  type: 'collective';
  collective: 'all_reduce' | 'all_gather' | 'reduce_scatter' | 'all_to_all';
  /** size of the full message each device contributes (all-reduce input, all-gather output) */
  messageBytes: number;
  /** devices in the group */
  group: number;
}

export type OpShape = MatmulShape | AttentionShape | ElementwiseShape | CollectiveShape;

export type PassKind = 'forward' | 'backward-data' | 'backward-weight' | 'recompute' | 'optimizer';

export interface Op {
  name: string;
  kind: OpKind;
  group: OpGroup;
  pass: PassKind;
  /** the kind of transformer layer the op belongs to; undefined outside the layers */
  layer: 'dense' | 'moe' | undefined;
  /** instances in the whole model for this pass (e.g. the layer count) */
  count: number;
  shape: OpShape;
  flops: number;
  bytes: OpBytes;
  /** weight parameters this op reads, per device (for parameter counts and weights memory) */
  params: number;
  /** precision the kernel computes in (weight-only int4 computes in fp16) */
  compute: Precision;
  /** matrix units (tensor cores) or vector units */
  unit: 'matrix' | 'vector';
}

/** A fresh all-zero byte count (a literal, not a spread: graphs are built millions of times). */
export function noBytes(): OpBytes {
  return { weights: 0, inputs: 0, outputs: 0, kvRead: 0, kvWrite: 0 };
}

export function totalBytes(b: OpBytes): number {
  return b.weights + b.inputs + b.outputs + b.kvRead + b.kvWrite;
}
