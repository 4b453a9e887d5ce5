// Shape-aware achieved time of an op: the roofline with the device's calibrated fractions, tile
// and wave quantization of matrix work over the compute units, and a fixed per-kernel overhead.
import type { Device } from '../hardware/types.js';
import type { MatmulShape, Op } from '../workloads/ops.js';
import { peakFor, type Placement } from './roofline.js';

/** Smallest tile height matrix instructions work on (NVIDIA mma.m16n8k16; AMD MFMA 16×16). */
const MIN_TILE_ROWS = 16;

/**
 * Fraction of the matrix units a GEMM keeps busy. Each compute unit works on one output tile;
 * tiles that overhang the matrix waste their padding (tile quantization) and the last wave of
 * tiles leaves units idle (wave quantization). Like cuBLAS's heuristics, the best of the
 * device's tile and its smaller variants (down to 16 rows, as GEMV-like kernels for decode use)
 * is taken. Without tile data the GEMM is taken as fully efficient.
 */
export function matmulUtilization(shape: MatmulShape, device: Device): number {
  const cu = device.computeUnits;
  const tile = cu?.matrixTile;
  if (!cu || !tile) return 1;
  let best = 0;
  // the device's tile, then halves down to the smallest tile matrix instructions allow
  for (let tm = tile.m; tm === tile.m || tm >= MIN_TILE_ROWS; tm /= 2) {
    // the device's tile width and its half (no array literal: this runs for every matmul of every plan)
    for (let tn = tile.n, i = 0; i < 2; i++, tn /= 2) {
      const rows = Math.ceil(shape.m / tm);
      const cols = Math.ceil(shape.n / tn);
      const tiles = rows * cols * shape.batch;
      const waves = Math.ceil(tiles / cu.count);
      const util = ((shape.m * shape.n) / (rows * tm * cols * tn)) * (tiles / (waves * cu.count));
      if (util > best) best = util;
      if (best === 1) return 1;
    }
  }
  return best;
}

export interface AchievedTime {
  computeTime: number;
  memoryTime: number;
  overhead: number;
  time: number;
  bound: 'compute' | 'memory';
}

/** Achieved time of one instance of a non-collective op on the device. */
export function achievedTime(op: Op, device: Device, placement: Placement): AchievedTime {
  const eff = device.efficiency;
  const peak = peakFor(device, op.unit, op.compute);
  const util = op.shape.type === 'matmul' ? matmulUtilization(op.shape, device) : 1;
  const matrixFraction = op.unit === 'matrix' ? eff.matmulPeakFraction * util : 1;
  const computeTime = op.flops / (peak * matrixFraction);
  const b = op.bytes;
  const bw = eff.memoryBandwidthFraction;
  const memoryTime =
    (b.weights / placement.weights.bandwidthBytesPerS +
      (b.kvRead + b.kvWrite) / placement.kv.bandwidthBytesPerS +
      (b.inputs + b.outputs) / placement.activations.bandwidthBytesPerS) /
    bw;
  const overhead = eff.kernelOverheadS;
  return {
    computeTime,
    memoryTime,
    overhead,
    time: Math.max(computeTime, memoryTime) + overhead,
    bound: computeTime >= memoryTime ? 'compute' : 'memory',
  };
}
