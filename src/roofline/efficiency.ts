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
  const count = cu.count;
  const area = shape.m * shape.n;
  // columns of the device's tile width and of its half: the same for every tile height
  const cols0 = Math.ceil(shape.n / tile.n);
  const cols1 = Math.ceil(shape.n / (tile.n / 2));
  // the device's tile, then halves down to the smallest tile matrix instructions allow
  for (let tm = tile.m; tm === tile.m || tm >= MIN_TILE_ROWS; tm /= 2) {
    const rows = Math.ceil(shape.m / tm);
    // the device's tile width and its half (no array literal: this runs for every matmul of every plan)
    for (let tn = tile.n, i = 0; i < 2; i++, tn /= 2) {
      const cols = i === 0 ? cols0 : cols1;
      const tiles = rows * cols * shape.batch;
      const waves = Math.ceil(tiles / count);
      const util = (area / (rows * tm * cols * tn)) * (tiles / (waves * count));
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
  // fused attention kernels run below GEMM efficiency (softmax and rescaling between the matmuls)
  const matrixFraction =
    op.unit !== 'matrix' ? 1 : op.kind === 'attention' ? eff.attentionPeakFraction : eff.matmulPeakFraction * util;
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
