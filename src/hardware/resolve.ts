// Schema-valid raw descriptors (unit strings, sourced objects) to SI-unit Device and Link objects.
import { InputError } from '../errors.js';
import { quantityValue } from './units.js';
import type { Precision, QuantityFormat, RawDevice, RawLink } from './schema.js';
import type {
  ComputeUnits,
  Device,
  Link,
  MemoryTier,
  OnChipBuffer,
  PeakFlops,
  Processor,
  ProcessorKind,
  Provenance,
  SourceDoc,
} from './types.js';

interface Sourced<T> {
  value: T;
  source?: string;
  estimate?: string;
  note?: string;
}

const q = (s: Sourced<string>, f: QuantityFormat): number => quantityValue(s.value, f);
const qOpt = (s: Sourced<string> | undefined, f: QuantityFormat): number | undefined => (s ? q(s, f) : undefined);

/** A number (or a group like matrixTile) that states its source or admits to being an estimate. */
function isSourced(v: unknown): v is Partial<Sourced<unknown>> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    (typeof (v as Sourced<unknown>).source === 'string' || typeof (v as Sourced<unknown>).estimate === 'string')
  );
}

/** Every sourced number's provenance, by JSON Pointer: "title <url>" or "estimate: reason". */
export function collectProvenance(raw: unknown, sources: Record<string, SourceDoc>): Provenance {
  const out: Provenance = {};
  const walk = (v: unknown, ptr: string): void => {
    if (isSourced(v)) {
      const doc = v.source !== undefined ? sources[v.source] : undefined;
      const text = doc ? `${doc.title}${doc.url ? ` <${doc.url}>` : ''}` : `estimate: ${v.estimate ?? ''}`;
      out[ptr] = v.note ? `${text} (note: ${v.note})` : text;
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${ptr}/${i}`));
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) if (k !== 'sources') walk(x, `${ptr}/${k}`);
  };
  walk(raw, '');
  return out;
}

function peakFlops(raw: Partial<Record<Precision, Sourced<string>>>): PeakFlops {
  const out: PeakFlops = {};
  for (const [p, s] of Object.entries(raw) as [Precision, Sourced<string>][]) out[p] = q(s, 'flops');
  return out;
}

type RawMemory = {
  tier: MemoryTier['tier'];
  technology?: string;
  capacity: Sourced<string>;
  bandwidth: Sourced<string>;
  channels?: Sourced<number>;
};
function memory(raw: RawMemory[]): MemoryTier[] {
  return raw.map((m) => ({
    tier: m.tier,
    ...(m.technology !== undefined && { technology: m.technology }),
    capacityBytes: q(m.capacity, 'bytes'),
    bandwidthBytesPerS: q(m.bandwidth, 'bandwidth'),
    ...(m.channels && { channels: m.channels.value }),
  }));
}

type RawBuffer = { name: string; capacity: Sourced<string>; bandwidth?: Sourced<string> };
function onChip(raw: RawBuffer[] | undefined): OnChipBuffer[] {
  return (raw ?? []).map((b) => ({
    name: b.name,
    capacityBytes: q(b.capacity, 'bytes'),
    ...(b.bandwidth && { bandwidthBytesPerS: q(b.bandwidth, 'bandwidth') }),
  }));
}

type RawUnits = { name: string; count: Sourced<number>; matrixTile?: { m: number; n: number; k: number } };
function computeUnits(raw: RawUnits | undefined): ComputeUnits | undefined {
  if (!raw) return undefined;
  return {
    name: raw.name,
    count: raw.count.value,
    ...(raw.matrixTile && { matrixTile: { m: raw.matrixTile.m, n: raw.matrixTile.n, k: raw.matrixTile.k } }),
  };
}

/** Strongest processor first: what an LLM on a SoC runs on unless told otherwise. */
const SOC_PROCESSOR_PREFERENCE: ProcessorKind[] = ['gpu', 'npu', 'cpu'];

/** 2 FLOP per multiply-accumulate: peak = 2 × DSP slices × clock × MACs per DSP per cycle. */
export function fpgaPeakFlops(f: NonNullable<Device['fpga']>): PeakFlops {
  const out: PeakFlops = {};
  for (const [p, macs] of Object.entries(f.macsPerDspPerCycle) as [Precision, number][]) {
    out[p] = 2 * f.dspSlices * f.dspClockHz * macs;
  }
  for (const [p, rate] of Object.entries(f.aiEngines?.peakFlops ?? {}) as [Precision, number][]) {
    out[p] = Math.max(out[p] ?? 0, rate);
  }
  return out;
}

function efficiency(raw: RawDevice['efficiency']): Device['efficiency'] {
  // without a calibrated block the device is modeled at the pure roofline (and reports say so)
  const matmul = raw?.matmulPeakFraction?.value ?? 1;
  return {
    matmulPeakFraction: matmul,
    attentionPeakFraction: raw?.attentionPeakFraction?.value ?? matmul,
    trainingMatmulFraction: raw?.trainingMatmulFraction?.value ?? 1,
    memoryBandwidthFraction: raw?.memoryBandwidthFraction?.value ?? 1,
    kernelOverheadS: raw?.kernelOverhead ? q(raw.kernelOverhead, 'time') : 0,
    calibrated: raw !== undefined,
  };
}

export function resolveDevice(raw: RawDevice, file: string): Device {
  const sources = raw.sources as Record<string, SourceDoc>;
  const base = {
    efficiency: efficiency(raw.efficiency),
    id: raw.id,
    kind: raw.kind,
    name: raw.name,
    vendor: raw.vendor,
    aliases: raw.aliases ?? [],
    memory: memory(raw.memory as RawMemory[]),
    onChip: onChip(raw.onChip as RawBuffer[] | undefined),
    ...(raw.tdp && { tdpW: q(raw.tdp, 'power') }),
    ...(raw.price && { priceUsd: raw.price.value }),
    ...(raw.notes !== undefined && { notes: raw.notes }),
    ...('scaleOut' in raw &&
      raw.scaleOut && { scaleOut: { linkId: raw.scaleOut.link, perNode: raw.scaleOut.perNode } }),
    ...('hostLink' in raw && raw.hostLink && { hostLinkId: raw.hostLink }),
    sources,
    provenance: collectProvenance(raw, sources),
    file,
  };
  switch (raw.kind) {
    case 'gpu':
    case 'npu': {
      const cu = computeUnits(raw.computeUnits);
      const clockHz = qOpt(raw.clock, 'frequency');
      return {
        ...base,
        peakFlops: peakFlops(raw.peakFlops),
        ...(cu && { computeUnits: cu }),
        ...(clockHz && { clockHz }),
        ...(raw.scaleUp && { scaleUp: { linkId: raw.scaleUp.link, maxDevices: raw.scaleUp.maxDevices } }),
        staticShapes: raw.kind === 'npu' ? raw.staticShapes : false,
        ...(raw.kind === 'npu' &&
          raw.graphLimits && {
            graphLimits: {
              ...(raw.graphLimits.maxOpsPerGraph && { maxOpsPerGraph: raw.graphLimits.maxOpsPerGraph.value }),
              ...(raw.graphLimits.maxGraphBytes && { maxGraphBytes: q(raw.graphLimits.maxGraphBytes, 'bytes') }),
            },
          }),
      };
    }
    case 'cpu': {
      const clockHz = qOpt(raw.clock, 'frequency');
      return {
        ...base,
        peakFlops: peakFlops(raw.peakFlops),
        cores: raw.cores.value,
        ...(clockHz && { clockHz }),
        staticShapes: false,
      };
    }
    case 'fpga': {
      const fpga: NonNullable<Device['fpga']> = {
        dspSlices: raw.dsp.slices.value,
        dspClockHz: q(raw.dsp.clock, 'frequency'),
        macsPerDspPerCycle: Object.fromEntries(
          Object.entries(raw.dsp.macsPerDspPerCycle).map(([p, s]) => [p, (s as Sourced<number>).value]),
        ),
        ...(raw.logic && { luts: raw.logic.luts.value }),
        ...(raw.aiEngines && {
          aiEngines: { count: raw.aiEngines.count.value, peakFlops: peakFlops(raw.aiEngines.peakFlops) },
        }),
      };
      const provenance = { ...base.provenance };
      for (const p of Object.keys(fpgaPeakFlops(fpga))) {
        provenance[`/peakFlops/${p}`] = 'derived: 2 × dsp.slices × dsp.clock × dsp.macsPerDspPerCycle (+ aiEngines)';
      }
      return {
        ...base,
        provenance,
        peakFlops: fpgaPeakFlops(fpga),
        clockHz: fpga.dspClockHz,
        fpga,
        staticShapes: true,
      };
    }
    case 'soc': {
      const processors: Partial<Record<ProcessorKind, Processor>> = {};
      for (const kind of ['cpu', 'gpu', 'npu'] as const) {
        const p = raw.processors[kind];
        if (!p) continue;
        const cu = computeUnits(p.computeUnits);
        const clockHz = qOpt(p.clock, 'frequency');
        const bw = qOpt(p.memoryBandwidth, 'bandwidth');
        processors[kind] = {
          kind,
          name: p.name,
          peakFlops: peakFlops(p.peakFlops),
          ...(p.cores && { cores: p.cores.value }),
          ...(cu && { computeUnits: cu }),
          ...(clockHz && { clockHz }),
          staticShapes: p.staticShapes ?? kind === 'npu',
          ...(bw && { memoryBandwidthBytesPerS: bw }),
        };
      }
      const active = SOC_PROCESSOR_PREFERENCE.find((k) => processors[k])!;
      return withProcessor({ ...base, peakFlops: {}, staticShapes: false, processors }, active);
    }
  }
}

/** A SoC seen through one of its processors: its rates, the shared memory. */
export function withProcessor(device: Device, kind: ProcessorKind): Device {
  const p = device.processors?.[kind];
  if (!p)
    throw new InputError(
      `${device.id} has no ${kind} processor (it has: ${Object.keys(device.processors ?? {}).join(', ') || 'none'})`,
    );
  const memory = p.memoryBandwidthBytesPerS
    ? device.memory.map((m, i) =>
        i === 0 ? { ...m, bandwidthBytesPerS: Math.min(m.bandwidthBytesPerS, p.memoryBandwidthBytesPerS!) } : m,
      )
    : device.memory;
  const { computeUnits: _cu, clockHz: _clk, cores: _cores, ...rest } = device;
  return {
    ...rest,
    memory,
    peakFlops: p.peakFlops,
    ...(p.computeUnits && { computeUnits: p.computeUnits }),
    ...(p.clockHz && { clockHz: p.clockHz }),
    ...(p.cores && { cores: p.cores }),
    staticShapes: p.staticShapes,
    activeProcessor: kind,
  };
}

export function resolveLink(raw: RawLink, file: string): Link {
  const sources = raw.sources as Record<string, SourceDoc>;
  return {
    id: raw.id,
    name: raw.name,
    type: raw.type,
    scope: raw.scope,
    bandwidthBytesPerS: q(raw.bandwidthPerDirection, 'bandwidth'),
    latencyS: q(raw.latency, 'time'),
    collectiveEfficiency: raw.collectiveEfficiency.value,
    rdma: raw.rdma,
    topology: raw.topology,
    ...(raw.maxDevices !== undefined && { maxDevices: raw.maxDevices }),
    ...(raw.collectiveModel && {
      collectiveModel: {
        baseLatencyS: q(raw.collectiveModel.baseLatency, 'time'),
        halfBandwidthBytes: q(raw.collectiveModel.halfBandwidthMessage, 'bytes'),
        ...(raw.collectiveModel.inSwitchReductionEfficiency && {
          inSwitchReductionEfficiency: raw.collectiveModel.inSwitchReductionEfficiency.value,
        }),
      },
    }),
    ...(raw.notes !== undefined && { notes: raw.notes }),
    sources,
    provenance: collectProvenance(raw, sources),
    file,
  };
}
