// Fits the efficiency parameters of devices and links to the microbenchmark cases only, by grid
// search on the median |log(predicted / measured)| of every case on that device or link (one
// parameter set per device or link, never per case). `npm run calibrate` writes the result into
// hw-specs/; tests/calibration.test.ts checks the descriptors hold what this fit produces.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, loadShippedCatalog, type HardwareCatalog } from '../../src/hardware/catalog.js';
import type { Device, Link, Precision } from '../../src/hardware/types.js';
import { gemmTflops, predictCase } from '../../src/validation/predict.js';
import type { ValidationCase } from '../../src/validation/types.js';
import { bitsOf } from '../../src/workloads/precision.js';
import { median } from '../../src/util/stats.js';

/**
 * Kernel overhead is not fitted (the GEMM cases time single large kernels, or include host-side
 * timing); the fit and the descriptors use this one estimate, so the fit never depends on what
 * the descriptors held before.
 */
export const KERNEL_OVERHEAD = {
  value: '4 us',
  seconds: 4e-6,
  estimate:
    'typical launch-to-launch gap of back-to-back kernels on one stream; not fitted: the GEMM microbenchmarks time single large kernels, or include host-side timing overhead',
};

export interface DeviceFit {
  matmulPeakFraction: number;
  memoryBandwidthFraction?: number;
  cases: string[];
}
export interface LinkFit {
  baseLatencyUs: number;
  halfBandwidthBytes: number;
  inSwitchReductionEfficiency?: number;
  cases: string[];
}
export interface CalibrationFit {
  devices: Record<string, DeviceFit>;
  links: Record<string, LinkFit>;
}

export function microbenchmarkCases(): ValidationCase[] {
  const dir = join(PACKAGE_ROOT, 'validation');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'claims.json')
    .sort()
    .flatMap((f) =>
      (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { cases: ValidationCase[] }).cases.map((c) => ({
        ...c,
        file: f,
      })),
    )
    .filter((c) => c.category === 'microbenchmark');
}

/** Median |log error|, with the mean as a small tie-breaker. */
function cost(pairs: [number, number][]): number {
  const e = pairs.map(([p, m]) => Math.abs(Math.log(p / m)));
  return median(e) + 0.01 * (e.reduce((a, b) => a + b, 0) / e.length);
}

const range = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let x = from; x <= to + 1e-9; x += step) out.push(Number(x.toFixed(4)));
  return out;
};
const logRange = (from: number, to: number, n: number) =>
  Array.from({ length: n }, (_, i) => Number((from * Math.pow(to / from, i / (n - 1))).toPrecision(3)));

function withEfficiency(d: Device, pf: number, bwf: number): Device {
  return {
    ...d,
    efficiency: {
      ...d.efficiency,
      matmulPeakFraction: pf,
      memoryBandwidthFraction: bwf,
      kernelOverheadS: KERNEL_OVERHEAD.seconds,
      calibrated: true,
    },
  };
}

function fitDevice(device: Device, cases: ValidationCase[]): DeviceFit {
  const shape = (c: ValidationCase): [Precision, number, number, number] => [
    c.workload.precision as Precision,
    c.workload.m as number,
    c.workload.n as number,
    c.workload.k as number,
  ];
  // the bandwidth fraction is only identifiable from GEMMs that are memory-bound at the roof
  const memoryBound = cases.some((c) => {
    const [p, m, n, k] = shape(c);
    const bytes = ((m * k + k * n + m * n) * bitsOf(p)) / 8;
    return (2 * m * n * k) / bytes < device.peakFlops[p]! / device.memory[0]!.bandwidthBytesPerS;
  });
  let best = { c: Infinity, pf: 1, bwf: 1 };
  for (const pf of range(0.3, 1, 0.005)) {
    for (const bwf of memoryBound ? range(0.5, 1, 0.01) : [1]) {
      const dev = withEfficiency(device, pf, bwf);
      const c = cost(cases.map((x) => [gemmTflops(dev, ...shape(x)), x.measured]));
      if (c < best.c) best = { c, pf, bwf };
    }
  }
  return {
    matmulPeakFraction: best.pf,
    ...(memoryBound && { memoryBandwidthFraction: best.bwf }),
    cases: cases.map((c) => c.id),
  };
}

function withModel(link: Link, latencyUs: number, half: number, nvls: number | undefined): Link {
  return {
    ...link,
    collectiveModel: {
      baseLatencyS: latencyUs * 1e-6,
      halfBandwidthBytes: half,
      ...(nvls !== undefined && { inSwitchReductionEfficiency: nvls }),
    },
  };
}

/** Messages this small are latency-bound: they alone set the fixed cost per call. */
const LATENCY_BOUND_BYTES = 1024 * 1024;

function predictWith(
  catalog: HardwareCatalog,
  link: Link,
  lat: number,
  half: number,
  nvls: number | undefined,
  cases: ValidationCase[],
) {
  const links = new Map(catalog.links);
  links.set(link.id, withModel(link, lat, half, nvls));
  const cat = { ...catalog, links };
  return cases.map((x) => {
    const p = predictCase(x, cat);
    return ['predicted' in p ? p.predicted : NaN, x.measured] as [number, number];
  });
}

/**
 * Two stages, so each parameter is fitted where it shows: the fixed cost per call from the
 * latency-bound messages, then n½ and the in-switch reduction efficiency from all sizes. n½ is
 * kept below latency × bandwidth, so the ramp starts where the latency-bound regime ends and
 * small messages keep their measured cost.
 */
function fitLink(catalog: HardwareCatalog, link: Link, cases: ValidationCase[], fitNvls: boolean): LinkFit {
  const small = cases.filter((c) => (c.workload.bytes as number) <= LATENCY_BOUND_BYTES);
  let lat = { c: Infinity, v: 1 };
  for (const v of logRange(1, 2000, 80)) {
    const c = cost(predictWith(catalog, link, v, 0, fitNvls ? 1 : undefined, small));
    if (c < lat.c) lat = { c, v };
  }
  let best = { c: Infinity, half: 0, nvls: undefined as number | undefined };
  for (const half of logRange(1e3, 1e9, 61)) {
    for (const nvls of fitNvls ? range(0.3, 1, 0.01) : [undefined]) {
      const asymptotic = link.bandwidthBytesPerS * (nvls ?? link.collectiveEfficiency);
      if (half / asymptotic > lat.v * 1e-6) continue;
      const c = cost(predictWith(catalog, link, lat.v, half, nvls, cases));
      if (c < best.c) best = { c, half, nvls };
    }
  }
  return {
    baseLatencyUs: lat.v,
    halfBandwidthBytes: best.half,
    ...(best.nvls !== undefined && { inSwitchReductionEfficiency: best.nvls }),
    cases: cases.map((c) => c.id),
  };
}

/** The link a collective case's traffic is limited by: the NIC across nodes, else the scale-up link. */
function caseLink(c: ValidationCase, catalog: HardwareCatalog): { id: string; tier: 'scale-up' | 'nic' } {
  const device = catalog.devices.get(c.hardware.device)!;
  if ((c.hardware.nodes ?? 1) > 1) return { id: c.hardware.nic ?? device.scaleOut!.linkId, tier: 'nic' };
  return { id: c.hardware.scaleUp ?? device.scaleUp!.linkId, tier: 'scale-up' };
}

export function fitAll(catalog: HardwareCatalog = loadShippedCatalog()): CalibrationFit {
  const cases = microbenchmarkCases();
  const devices: Record<string, DeviceFit> = {};
  const gemm = cases.filter((c) => c.metric === 'gemm_tflops');
  for (const id of [...new Set(gemm.map((c) => c.hardware.device))].sort()) {
    devices[id] = fitDevice(
      catalog.devices.get(id)!,
      gemm.filter((c) => c.hardware.device === id),
    );
  }

  // scale-up links first (single-node cases), then NICs with the fitted scale-up links in place
  const links: Record<string, LinkFit> = {};
  let cat = catalog;
  const coll = cases.filter((c) => c.metric === 'busbw_gbps');
  for (const tier of ['scale-up', 'nic'] as const) {
    const byLink = new Map<string, ValidationCase[]>();
    for (const c of coll) {
      const l = caseLink(c, cat);
      if (l.tier === tier) byLink.set(l.id, [...(byLink.get(l.id) ?? []), c]);
    }
    for (const [id, cs] of [...byLink].sort()) {
      // fixed cost and n½ are only identifiable from a sweep over message sizes
      if (new Set(cs.map((c) => c.workload.bytes)).size < 6) continue;
      const fitNvls = cs.some((c) => c.workload.algorithm === 'nvls');
      links[id] = fitLink(cat, cat.links.get(id)!, cs, fitNvls);
      const f = links[id];
      const ls = new Map(cat.links);
      ls.set(id, withModel(cat.links.get(id)!, f.baseLatencyUs, f.halfBandwidthBytes, f.inSwitchReductionEfficiency));
      cat = { ...cat, links: ls };
    }
  }
  return { devices, links };
}
