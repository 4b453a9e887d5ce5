// Efficiency models: tile and wave quantization, calibrated fractions, collectives on link tiers,
// and the calibration written into hw-specs matching what the fit produces.
import { describe, expect, it } from 'vitest';
import { matmulUtilization, achievedTime } from '../src/roofline/efficiency.js';
import { busFactor, collectiveTime, flatCollectiveTime, busBandwidth } from '../src/parallelism/collectives.js';
import { gemmTflops } from '../src/validation/predict.js';
import { findLink } from '../src/hardware/catalog.js';
import { fitAll } from '../scripts/calibration/fit.js';
import { fitTraining } from '../scripts/calibration/fit-training.js';
import { catalog, device, graph } from './helpers/graphs.js';

const a100 = device('a100-80gb-sxm');

describe('matrix-unit efficiency', () => {
  it('keeps every unit busy for a GEMM of whole waves, and loses some to a partial wave', () => {
    const sms = a100.computeUnits!.count;
    const tile = a100.computeUnits!.matrixTile!;
    const full = matmulUtilization({ type: 'matmul', m: tile.m * sms, n: tile.n, k: 4096, batch: 1 }, a100);
    const spill = matmulUtilization({ type: 'matmul', m: tile.m * sms + 1, n: tile.n, k: 4096, batch: 1 }, a100);
    expect(full).toBeCloseTo(1, 10);
    expect(spill).toBeLessThan(1);
  });

  it('pads a decode GEMV (one row) to the smallest 16-row tile', () => {
    const u = matmulUtilization({ type: 'matmul', m: 1, n: 4096, k: 4096, batch: 1 }, a100);
    expect(u).toBeLessThanOrEqual(1 / 16);
  });

  it('reaches the measured shape of the A100 GEMM sweep: flat GEMMs memory-bound, large ones near 280 TFLOP/s', () => {
    expect(gemmTflops(a100, 'fp16', 64, 12288, 12288)).toBeGreaterThan(85);
    expect(gemmTflops(a100, 'fp16', 64, 12288, 12288)).toBeLessThan(120);
    expect(gemmTflops(a100, 'fp16', 8192, 8192, 8192)).toBeGreaterThan(260);
    expect(gemmTflops(a100, 'fp16', 8192, 8192, 8192)).toBeLessThan(300);
  });

  it('is never faster than the roofline', () => {
    const g = graph({ phase: 'prefill', input: 2048 });
    const tier = a100.memory[0]!;
    for (const op of g.ops.filter((o) => o.kind !== 'collective')) {
      const t = achievedTime(op, a100, { weights: tier, kv: tier, activations: tier });
      const roof = Math.max(
        op.flops / (a100.peakFlops[op.compute] ?? a100.peakFlops.fp32!),
        (op.bytes.weights + op.bytes.inputs + op.bytes.outputs + op.bytes.kvRead + op.bytes.kvWrite) /
          tier.bandwidthBytesPerS,
      );
      expect(t.time, op.name).toBeGreaterThanOrEqual(roof);
    }
  });
});

describe('collectives', () => {
  const nvlink4 = findLink(catalog, 'nvlink4');
  const ib = findLink(catalog, 'ib-ndr-400');

  it('uses the nccl-tests bus factors', () => {
    expect(busFactor('all_reduce', 8)).toBe(1.75);
    expect(busFactor('all_gather', 8)).toBe(0.875);
  });

  it('approaches the link bandwidth times its efficiency for large ring all-reduces', () => {
    const bytes = 16 * 2 ** 30;
    const t = flatCollectiveTime('all_reduce', bytes, 8, nvlink4, 'ring');
    expect(busBandwidth('all_reduce', bytes, 8, t)).toBeCloseTo(
      nvlink4.bandwidthBytesPerS * nvlink4.collectiveEfficiency,
      -9,
    );
  });

  it('is latency-bound for small messages and never faster for larger ones', () => {
    let last = 0;
    for (let bytes = 1024; bytes <= 2 ** 34; bytes *= 4) {
      const t = collectiveTime('all_reduce', bytes, { perNode: 8, scaleUp: nvlink4, nodes: 1, nicsPerNode: 0 });
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
  });

  it('uses only the links to its peers on a mesh: 2 of 8 MI300X get one xGMI link', () => {
    const xgmi = findLink(catalog, 'xgmi-mi300x');
    const two = busBandwidth('all_reduce', 2 ** 32, 2, flatCollectiveTime('all_reduce', 2 ** 32, 2, xgmi));
    const eight = busBandwidth('all_reduce', 2 ** 32, 8, flatCollectiveTime('all_reduce', 2 ** 32, 8, xgmi));
    expect(eight / two).toBeCloseTo(7, 0);
  });

  it('shares a node’s NIC ports among its devices: fewer NICs, slower inter-node collectives', () => {
    const eth = findLink(catalog, 'eth-100g');
    const t = (nics: number) =>
      collectiveTime('all_reduce', 2 ** 30, { perNode: 8, scaleUp: nvlink4, nodes: 2, nic: eth, nicsPerNode: nics });
    expect(t(1)).toBeGreaterThan(t(2));
    expect(t(2)).toBeGreaterThan(t(8));
    expect(() => t(0)).toThrow(/at least one NIC/);
  });

  it('is slower across nodes than inside one, and crosses the NIC with each device’s share', () => {
    const bytes = 2 ** 30;
    const one = collectiveTime('all_reduce', bytes, { perNode: 8, scaleUp: nvlink4, nodes: 1, nicsPerNode: 0 });
    const four = collectiveTime('all_reduce', bytes, {
      perNode: 8,
      scaleUp: nvlink4,
      nodes: 4,
      nic: ib,
      nicsPerNode: 8,
    });
    expect(four).toBeGreaterThan(one);
  });
});

describe('calibration', () => {
  it('the descriptors hold exactly what npm run calibrate fits (rerun it after changing a model)', () => {
    const fit = fitAll(catalog);
    for (const [id, f] of Object.entries(fit.devices)) {
      const d = device(id);
      expect(d.efficiency.matmulPeakFraction, id).toBe(f.matmulPeakFraction);
      if (f.memoryBandwidthFraction !== undefined)
        expect(d.efficiency.memoryBandwidthFraction, id).toBe(f.memoryBandwidthFraction);
      expect(d.provenance['/efficiency/matmulPeakFraction'], id).toContain(f.cases[0]!);
    }
    for (const [id, f] of Object.entries(fit.links)) {
      const l = findLink(catalog, id);
      expect(l.collectiveModel?.baseLatencyS, id).toBeCloseTo(f.baseLatencyUs * 1e-6, 12);
      expect(l.collectiveModel?.halfBandwidthBytes, id).toBe(f.halfBandwidthBytes);
      expect(l.collectiveModel?.inSwitchReductionEfficiency, id).toBe(f.inSwitchReductionEfficiency);
    }
    expect(Object.keys(fit.devices).length).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it('the descriptors hold the training share npm run calibrate fits to the training cases', () => {
    const fit = fitTraining(catalog);
    expect(Object.keys(fit).sort()).toEqual(['a100-40gb-sxm', 'a100-80gb-sxm', 'h100-sxm', 'v100-sxm2-16gb']);
    for (const [id, f] of Object.entries(fit)) {
      expect(device(id).efficiency.trainingMatmulFraction, id).toBe(f.fraction);
      expect(f.cases.length, id).toBeGreaterThanOrEqual(9);
    }
  }, 120_000);

  it('gives every shipped device efficiency parameters, fitted or by family', () => {
    for (const d of catalog.devices.values()) {
      expect(d.efficiency.calibrated, d.id).toBe(true);
      expect(d.efficiency.matmulPeakFraction, d.id).toBeGreaterThan(0.3);
      expect(d.efficiency.matmulPeakFraction, d.id).toBeLessThanOrEqual(1);
    }
  });
});
