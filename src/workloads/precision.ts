// Numeric formats of a run: weights, activations and KV cache each have their own width, and
// the kernel computes in the precision the hardware actually multiplies in.
import { InputError } from '../errors.js';
import type { Device, Precision } from '../hardware/types.js';

export interface NumericFormat {
  /** bits per weight, fractional for group-quantized formats (GGUF Q4_0 = 4.5 with block scales) */
  weightBits: number;
  /** bits per activation element (and per gradient in training) */
  activationBits: number;
  /** bits per KV-cache element */
  kvBits: number;
  /** precision of activations and of the matmul when weights are not narrower */
  activation: Precision;
  /** precision the matrix units compute in */
  compute: Precision;
}

const BITS: Record<Precision, number> = {
  fp64: 64,
  fp32: 32,
  tf32: 32,
  fp16: 16,
  bf16: 16,
  fp8: 8,
  fp6: 6,
  fp4: 4,
  int8: 8,
  int4: 4,
};

export function bitsOf(p: Precision): number {
  return BITS[p];
}

/** The default activation precision on a device: bf16 where it has it, else fp16, else fp32. */
export function defaultActivation(device: Device): Precision {
  const order: Precision[] = ['bf16', 'fp16', 'fp32'];
  return order.find((p) => device.peakFlops[p]) ?? order[0]!;
}

/**
 * Resolves flags to a format. Weight-only quantization (weights narrower than activations)
 * dequantizes in the kernel and computes in the activation precision (W4A16 → fp16 rate);
 * W8A8 int8 and fp8 compute natively.
 */
export function resolveFormat(
  device: Device,
  opts: { precision?: Precision; weightBits?: number; kvBits?: number },
): NumericFormat {
  const activation = opts.precision ?? defaultActivation(device);
  const activationBits = BITS[activation];
  const weightBits = opts.weightBits ?? activationBits;
  const kvBits = opts.kvBits ?? activationBits;
  for (const [flag, v] of [
    ['--weight-bits', weightBits],
    ['--kv-bits', kvBits],
  ] as const) {
    if (!(v > 0 && v <= 32)) throw new InputError(`${flag} must be between 0 and 32 bits, got ${v}`);
  }
  if (weightBits > activationBits) {
    throw new InputError(`--weight-bits ${weightBits} is wider than the ${activation} activations; raise --precision`);
  }
  const compute = activation;
  if (!device.peakFlops[compute]) {
    const have = Object.keys(device.peakFlops).join(', ');
    throw new InputError(
      `${device.id} does not compute in ${compute} natively (it has: ${have}); choose --precision from those`,
    );
  }
  return { weightBits, activationBits, kvBits, activation, compute };
}
