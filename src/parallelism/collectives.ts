// Time of a collective on the links it crosses (nccl-tests conventions, see NCCL's PERFORMANCE.md):
// a ring moves k·(n−1)/n of the message over each device's link (k = 2 for all-reduce, 1 for
// all-gather and reduce-scatter); bus bandwidth = k·(n−1)/n · size / time. Each link tier has a
// fixed cost per call (small messages are latency-bound) and, once bandwidth-bound, reaches half
// its asymptotic bandwidth at `halfBandwidthMessage` (Hockney's n½):
// time = max(latency, (traffic + n½) / bandwidth).
import { InputError } from '../errors.js';
import type { Link } from '../hardware/types.js';

export type CollectiveType = 'all_reduce' | 'all_gather' | 'reduce_scatter';
export type CollectiveAlgorithm = 'ring' | 'nvls';

/** Ring traffic per device relative to the message: 2(n−1)/n for all-reduce, (n−1)/n otherwise. */
export function busFactor(type: CollectiveType, n: number): number {
  return ((type === 'all_reduce' ? 2 : 1) * (n - 1)) / n;
}

/**
 * Asymptotic bandwidth of one device's collective traffic on a link. On a mesh (point-to-point
 * links to each peer, as AMD's xGMI), a group of n uses only the n−1 links to its peers:
 * (n−1)/(maxDevices−1) of the device's total.
 */
function linkBandwidth(link: Link, efficiency: number, ports: number, n: number): number {
  const meshShare = link.topology === 'mesh' && link.maxDevices ? Math.min(1, (n - 1) / (link.maxDevices - 1)) : 1;
  return link.bandwidthBytesPerS * ports * efficiency * meshShare;
}

/** Latency-bound below, bandwidth-bound (with the n½ ramp) above. */
function transferTime(link: Link, traffic: number, bandwidth: number): number {
  const half = link.collectiveModel?.halfBandwidthBytes ?? 0;
  return Math.max(baseLatency(link), (traffic + half) / bandwidth);
}

function baseLatency(link: Link): number {
  return link.collectiveModel?.baseLatencyS ?? link.latencyS;
}

/** Time to send `bytes` from one device to another over a link (pipeline hand-offs). */
export function p2pTime(link: Link, bytes: number): number {
  return transferTime(link, bytes, p2pBandwidth(link));
}

/** Asymptotic one-way bandwidth of a device-to-device copy on a link. */
export function p2pBandwidth(link: Link): number {
  return link.bandwidthBytesPerS * link.collectiveEfficiency;
}

/** Whether the all-reduce can be reduced in the switch (NVLink SHARP): NCCL's NVLS algorithm. */
export function hasInSwitchReduction(link: Link): boolean {
  return link.collectiveModel?.inSwitchReductionEfficiency !== undefined;
}

/**
 * A collective among `n` devices on one link tier (inside a node, or one device per node across
 * nodes). NVLS all-reduce sends and receives the message once through the switch.
 */
export function flatCollectiveTime(
  type: CollectiveType,
  bytes: number,
  n: number,
  link: Link,
  algorithm: CollectiveAlgorithm = 'ring',
  ports = 1,
): number {
  if (n <= 1 || bytes <= 0) return 0;
  if (algorithm === 'nvls' && type === 'all_reduce' && hasInSwitchReduction(link)) {
    const eff = link.collectiveModel!.inSwitchReductionEfficiency!;
    return transferTime(link, bytes, linkBandwidth(link, eff, ports, n));
  }
  const traffic = busFactor(type, n) * bytes;
  return transferTime(link, traffic, linkBandwidth(link, link.collectiveEfficiency, ports, n));
}

export interface CollectivePlacement {
  /** devices per node taking part, and the node's scale-up link */
  perNode: number;
  scaleUp?: Link;
  /** nodes taking part, their NIC and how many NIC ports each node has */
  nodes: number;
  nic?: Link;
  nicsPerNode: number;
  algorithm?: CollectiveAlgorithm;
}

/** NCCL's choice for an all-reduce inside one switch with in-switch reduction: NVLS; else ring. */
export function defaultAlgorithm(type: CollectiveType, link: Link | undefined): CollectiveAlgorithm {
  return type === 'all_reduce' && link && hasInSwitchReduction(link) ? 'nvls' : 'ring';
}

/**
 * Hierarchical collective over nodes: reduce-scatter inside each node, the inter-node step on
 * 1/perNode of the message per device over the node's NICs (each device uses its share of the
 * ports), then all-gather inside the node. NCCL pipelines the phases chunk by chunk, so the
 * slower of the node-local and the inter-node phases sets the time. One node: the flat
 * collective on the scale-up link.
 */
export function collectiveTime(type: CollectiveType, bytes: number, p: CollectivePlacement): number {
  const algorithm = p.algorithm ?? defaultAlgorithm(type, p.scaleUp);
  if (p.nodes <= 1) {
    if (!p.scaleUp) return 0;
    return flatCollectiveTime(type, bytes, p.perNode, p.scaleUp, algorithm);
  }
  if (!p.nic || p.nicsPerNode <= 0) throw new InputError('a collective across nodes needs at least one NIC per node');
  // devices share the node's NIC ports: 1 port for 8 devices gives each an eighth of it
  const portsPerDevice = p.nicsPerNode / p.perNode;
  const share = bytes / p.perNode;
  if (p.perNode === 1) return flatCollectiveTime(type, bytes, p.nodes, p.nic, 'ring', portsPerDevice);
  const intra = (t: CollectiveType) => flatCollectiveTime(t, bytes, p.perNode, p.scaleUp!, 'ring');
  const inter = flatCollectiveTime(type, share, p.nodes, p.nic, 'ring', portsPerDevice);
  switch (type) {
    case 'all_reduce':
      return Math.max(intra('reduce_scatter') + intra('all_gather'), inter);
    case 'all_gather':
      return Math.max(inter, intra('all_gather'));
    case 'reduce_scatter':
      return Math.max(intra('reduce_scatter'), inter);
  }
}

/** nccl-tests bus bandwidth of a collective that took `time` seconds among `n` devices. */
export function busBandwidth(type: CollectiveType, bytes: number, n: number, time: number): number {
  return (busFactor(type, n) * bytes) / time;
}
