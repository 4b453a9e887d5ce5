// Constructors for operators: each one states its FLOPs and bytes once, so graphs stay readable.
import type { NumericFormat } from './precision.js';
import {
  noBytes,
  type CollectiveShape,
  type Op,
  type OpBytes,
  type OpGroup,
  type OpKind,
  type PassKind,
} from './ops.js';

export interface OpContext {
  group: OpGroup;
  pass: PassKind;
  count: number;
  format: NumericFormat;
}

const bytesOf = (elements: number, bits: number) => (elements * bits) / 8;

export interface MatmulSpec {
  name: string;
  /** rows (tokens), output columns, reduction size */
  m: number;
  n: number;
  k: number;
  batch?: number;
  /** B is a weight matrix [k×n] (with `bias` extra parameters), not an activation */
  weight?: { bias: number; frozen?: boolean };
  /** where the output goes: activations, or the KV cache (k/v projections in inference) */
  outputTo?: 'activations' | 'kv';
  /** B is read from the KV cache (attention without fusion) */
  rhsFromKv?: boolean;
}

/** C[m×n] = A[m×k] · B[k×n]: 2·m·n·k FLOPs; A, B and C move once (the roofline's minimum traffic). */
export function matmul(ctx: OpContext, s: MatmulSpec): Op {
  const batch = s.batch ?? 1;
  const f = ctx.format;
  const bytes: OpBytes = noBytes();
  bytes.inputs = bytesOf(batch * s.m * s.k, f.activationBits);
  const rhs = batch * s.k * s.n;
  if (s.weight) bytes.weights = bytesOf(s.k * s.n + s.weight.bias, f.weightBits);
  else if (s.rhsFromKv) bytes.kvRead = bytesOf(rhs, f.kvBits);
  else bytes.inputs += bytesOf(rhs, f.activationBits);
  const out = batch * s.m * s.n;
  if (s.outputTo === 'kv') bytes.kvWrite = bytesOf(out, f.kvBits);
  else bytes.outputs = bytesOf(out, f.activationBits);
  return {
    name: s.name,
    kind: 'matmul',
    group: ctx.group,
    pass: ctx.pass,
    layer: undefined,
    count: ctx.count,
    shape: { type: 'matmul', m: s.m, n: s.n, k: s.k, batch },
    flops: 2 * batch * s.m * s.n * s.k,
    bytes,
    params: s.weight ? s.k * s.n + s.weight.bias : 0,
    compute: f.compute,
    unit: 'matrix',
  };
}

export interface ElementwiseSpec {
  name: string;
  kind?: Extract<OpKind, 'elementwise' | 'norm' | 'embedding'>;
  elements: number;
  flopsPerElement: number;
  /** activation elements read and written (defaults: `elements` each) */
  readElements?: number;
  writeElements?: number;
  /** weight parameters read (norm scales, embedding rows) and the parameters the op owns */
  weightElements?: number;
  params?: number;
  /** bits of the elements (defaults to the activation width; logits are fp32) */
  bits?: number;
}

export function elementwise(ctx: OpContext, s: ElementwiseSpec): Op {
  const f = ctx.format;
  const bits = s.bits ?? f.activationBits;
  return {
    name: s.name,
    kind: s.kind ?? 'elementwise',
    group: ctx.group,
    pass: ctx.pass,
    layer: undefined,
    count: ctx.count,
    shape: { type: 'elementwise', elements: s.elements },
    flops: s.elements * s.flopsPerElement,
    bytes: {
      weights: bytesOf(s.weightElements ?? 0, s.kind === 'embedding' ? f.weightBits : f.activationBits),
      inputs: bytesOf(s.readElements ?? s.elements, bits),
      outputs: bytesOf(s.writeElements ?? s.elements, bits),
      kvRead: 0,
      kvWrite: 0,
    },
    params: s.params ?? 0,
    compute: 'fp32',
    unit: 'vector',
  };
}

/** A collective carries its message size now; its time is the communication model's job. */
export function collective(
  ctx: OpContext,
  name: string,
  type: CollectiveShape['collective'],
  messageBytes: number,
  group: number,
): Op {
  return {
    name,
    kind: 'collective',
    group: 'communication',
    pass: ctx.pass,
    layer: undefined,
    count: ctx.count,
    shape: { type: 'collective', collective: type, messageBytes, group },
    flops: 0,
    bytes: noBytes(),
    params: 0,
    compute: ctx.format.compute,
    unit: 'vector',
  };
}
