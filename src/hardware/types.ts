// Hardware as the cost models see it: plain data in SI units (FLOP/s, B, B/s, s, W, Hz).
import type { Precision, DeviceKind } from './schema.js';

export type { Precision, DeviceKind };

/** Where each number of a descriptor came from, by JSON Pointer into the file. */
export type Provenance = Record<string, string>;

export interface SourceDoc {
  title: string;
  url?: string;
}

export interface MemoryTier {
  tier: 'hbm' | 'gddr' | 'lpddr' | 'ddr' | 'host' | 'flash';
  technology?: string;
  capacityBytes: number;
  bandwidthBytesPerS: number;
  channels?: number;
}

export interface OnChipBuffer {
  name: string;
  capacityBytes: number;
  bandwidthBytesPerS?: number;
}

export interface ComputeUnits {
  name: string;
  count: number;
  matrixTile?: { m: number; n: number; k: number };
}

export type PeakFlops = Partial<Record<Precision, number>>;

export type ProcessorKind = 'cpu' | 'gpu' | 'npu';

/** One processor of a heterogeneous SoC (phone, laptop), sharing the SoC's memory. */
export interface Processor {
  kind: ProcessorKind;
  name: string;
  peakFlops: PeakFlops;
  cores?: number;
  computeUnits?: ComputeUnits;
  clockHz?: number;
  staticShapes: boolean;
  /** bandwidth this processor can draw from the shared memory, if below the memory's peak */
  memoryBandwidthBytesPerS?: number;
}

export interface FpgaFabric {
  dspSlices: number;
  dspClockHz: number;
  /** multiply-accumulates one DSP slice does per cycle, per precision */
  macsPerDspPerCycle: Partial<Record<Precision, number>>;
  luts?: number;
  aiEngines?: { count: number; peakFlops: PeakFlops };
}

/** Achieved-vs-peak parameters of a device (from its descriptor's `efficiency`). */
export interface DeviceEfficiency {
  matmulPeakFraction: number;
  memoryBandwidthFraction: number;
  kernelOverheadS: number;
  /** fused attention kernels' fraction of the dense peak (defaults to matmulPeakFraction) */
  attentionPeakFraction: number;
  /** share of the matrix rate training sustains (1 when not calibrated) */
  trainingMatmulFraction: number;
  /** false when the descriptor has no efficiency block: pure roofline */
  calibrated: boolean;
}

export interface Device {
  id: string;
  kind: DeviceKind;
  name: string;
  vendor: string;
  aliases: string[];
  /**
   * Dense peak rate per native precision. FPGA: derived from its DSPs (2 FLOP per MAC);
   * SoC: the rate of `activeProcessor`.
   */
  peakFlops: PeakFlops;
  /** memory tiers, fastest first as written in the file */
  memory: MemoryTier[];
  onChip: OnChipBuffer[];
  computeUnits?: ComputeUnits;
  clockHz?: number;
  cores?: number;
  tdpW?: number;
  priceUsd?: number;
  scaleUp?: { linkId: string; maxDevices?: number };
  scaleOut?: { linkId: string; perNode: number };
  hostLinkId?: string;
  efficiency: DeviceEfficiency;
  /** graphs compile for fixed shapes (NPUs, TPUs, Gaudi graph mode) */
  staticShapes: boolean;
  graphLimits?: { maxOpsPerGraph?: number; maxGraphBytes?: number };
  fpga?: FpgaFabric;
  /** SoC processors sharing the memory */
  processors?: Partial<Record<ProcessorKind, Processor>>;
  /** SoC: the processor whose rates `peakFlops` shows */
  activeProcessor?: ProcessorKind;
  notes?: string;
  sources: Record<string, SourceDoc>;
  provenance: Provenance;
  /** descriptor file it was read from */
  file: string;
}

export type LinkType =
  'nvlink' | 'pcie' | 'infiniband' | 'roce' | 'ethernet' | 'ici' | 'infinity-fabric' | 'on-package';

export interface Link {
  id: string;
  name: string;
  type: LinkType;
  scope: 'scale-up' | 'scale-out';
  /** scale-up: per device, all its links; scale-out: per NIC port; one direction */
  bandwidthBytesPerS: number;
  latencyS: number;
  /** achievable fraction of bandwidth in large collectives */
  collectiveEfficiency: number;
  rdma: boolean;
  topology: 'switch' | 'ring' | 'mesh' | 'torus' | 'point-to-point';
  maxDevices?: number;
  /** fitted collective model; undefined = only latency and collectiveEfficiency are known */
  collectiveModel?: { baseLatencyS: number; halfBandwidthBytes: number; inSwitchReductionEfficiency?: number };
  notes?: string;
  sources: Record<string, SourceDoc>;
  provenance: Provenance;
  file: string;
}

export interface NicAttachment {
  link: Link;
  perNode: number;
}

/** Nodes of one kind: same device, same links. */
export interface NodeGroup {
  name: string;
  device: Device;
  devicesPerNode: number;
  nodes: number;
  /** undefined for a single device with nothing to talk to */
  scaleUp?: Link;
  nics: NicAttachment[];
}

/** A cluster of node groups; groups may differ in device and NIC. */
export interface Cluster {
  id: string;
  name: string;
  groups: NodeGroup[];
  /** link joining groups that share no NIC fabric */
  interGroup?: NicAttachment;
  totalDevices: number;
  /** how the cluster was made and which defaults were filled in, for reports */
  origin: string[];
  file?: string;
}
