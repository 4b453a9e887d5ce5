// Training's extra work: the backward pass (activation gradients and weight gradients as separate
// matmuls), recomputation of forward work, and the optimizer step. The backward of each forward
// op is derived from that op, so the two can never disagree on shapes.
import type { Op, OpBytes } from './ops.js';
import type { NumericFormat } from './precision.js';
import { elementwise } from './op-builders.js';

export type Recompute = 'none' | 'selective' | 'full';

const bytes = (b: Partial<OpBytes>): OpBytes => ({ weights: 0, inputs: 0, outputs: 0, kvRead: 0, kvWrite: 0, ...b });

/** FlashAttention-2 backward recomputes QKᵀ and does four more matmuls: 2.5× the forward matmul FLOPs. */
const FLASH_BACKWARD_FACTOR = 2.5;

function matmulBackward(op: Op, format: NumericFormat, frozen: boolean): Op[] {
  if (op.shape.type !== 'matmul') return [];
  const { m, n, k, batch } = op.shape;
  const a = format.activationBits / 8;
  const isWeight = op.params > 0 || op.bytes.weights > 0;
  const base = { ...op, pass: 'backward-data' as const, params: 0 };
  if (!isWeight) {
    // both operands are activations (unfused attention): a gradient for each
    return [
      {
        ...base,
        name: `${op.name}.backward`,
        shape: { type: 'matmul', m, n: k, k: n, batch: 2 * batch },
        flops: 2 * op.flops,
        bytes: bytes({
          inputs: op.bytes.inputs + op.bytes.outputs,
          kvRead: op.bytes.kvRead,
          outputs: op.bytes.inputs + op.bytes.kvRead,
        }),
      },
    ];
  }
  const dgrad: Op = {
    ...base,
    name: `${op.name}.dgrad`,
    shape: { type: 'matmul', m, n: k, k: n, batch },
    flops: op.flops,
    bytes: bytes({ weights: op.bytes.weights, inputs: batch * m * n * a, outputs: batch * m * k * a }),
  };
  if (frozen) return [dgrad];
  const wgrad: Op = {
    ...base,
    pass: 'backward-weight',
    name: `${op.name}.wgrad`,
    shape: { type: 'matmul', m: k, n, k: m, batch },
    flops: op.flops,
    // reads the saved input and the output gradient, writes the weight gradient
    bytes: bytes({ inputs: batch * (m * k + m * n) * a, outputs: (op.params || batch * k * n) * a }),
  };
  return [dgrad, wgrad];
}

function backwardOf(op: Op, format: NumericFormat, frozenWeights: boolean): Op[] {
  switch (op.kind) {
    case 'matmul':
      return matmulBackward(op, format, frozenWeights);
    case 'attention':
      return [
        {
          ...op,
          name: `${op.name}.backward`,
          pass: 'backward-data',
          flops: FLASH_BACKWARD_FACTOR * op.flops,
          // reads Q, K, V, O and dO; writes dQ, dK, dV
          bytes: bytes({
            inputs: 3 * op.bytes.inputs,
            kvRead: op.bytes.kvRead,
            outputs: op.bytes.inputs + op.bytes.kvRead,
          }),
        },
      ];
    case 'collective': {
      // the conjugate collective: an all-reduce stays one, all-gather and reduce-scatter swap
      if (op.shape.type !== 'collective') return [];
      const swap = { all_gather: 'reduce_scatter', reduce_scatter: 'all_gather' } as const;
      const type = op.shape.collective;
      const back = type === 'all_gather' || type === 'reduce_scatter' ? swap[type] : type;
      return [{ ...op, name: `${op.name}.backward`, pass: 'backward-data', shape: { ...op.shape, collective: back } }];
    }
    default:
      // elementwise, norm, embedding: read the input and the output gradient, write the input gradient
      return [
        {
          ...op,
          name: `${op.name}.backward`,
          pass: 'backward-data',
          params: 0,
          flops: 2 * op.flops,
          bytes: bytes({ inputs: op.bytes.inputs + op.bytes.outputs, outputs: op.bytes.inputs + op.bytes.weights }),
        },
      ];
  }
}

export function backwardOps(forward: Op[], format: NumericFormat, opts: { frozenWeights?: boolean } = {}): Op[] {
  return forward.flatMap((op) => backwardOf(op, format, opts.frozenWeights ?? false));
}

/**
 * Forward work done again in the backward pass (Korthikanti et al. 2022): selective recomputes
 * the attention core (scores, softmax, context), full recomputes whole layers.
 */
export function recomputeOps(forward: Op[], recompute: Recompute): Op[] {
  if (recompute === 'none') return [];
  const layerOps = forward.filter((op) => op.layer !== undefined);
  const chosen =
    recompute === 'full'
      ? layerOps
      : layerOps.filter(
          (op) => op.kind === 'attention' || op.name.startsWith('attn_qk') || op.name.startsWith('attn_s'),
        );
  return chosen.map((op) => ({ ...op, name: `${op.name}.recompute`, pass: 'recompute' as const }));
}

/**
 * Mixed-precision Adam: per trainable parameter, read the fp32 master weight, both moments and
 * the gradient, write the three fp32 values back and the low-precision working copy.
 */
export function optimizerOp(trainableParams: number, format: NumericFormat): Op {
  const op = elementwise(
    { group: 'model', pass: 'optimizer', count: 1, format },
    { name: 'adam_step', elements: trainableParams, flopsPerElement: 12, readElements: 0, writeElements: 0 },
  );
  op.bytes = bytes({
    inputs: trainableParams * (12 + format.activationBits / 8),
    outputs: trainableParams * (12 + format.weightBits / 8),
  });
  return op;
}
