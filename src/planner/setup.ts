// From a resolved cluster to the hardware one inference replica sees.
import { InputError } from '../errors.js';
import type { Cluster, Link } from '../hardware/types.js';
import type { InferenceHardware } from './inference.js';

/** The slowest link any cross-node traffic may take (NICs of every group, the inter-group link). */
function slowestNic(cluster: Cluster): Link | undefined {
  const links = cluster.groups.flatMap((g) => g.nics.map((n) => n.link));
  if (cluster.interGroup) links.push(cluster.interGroup.link);
  return links.sort((a, b) => a.bandwidthBytesPerS - b.bandwidthBytesPerS)[0];
}

export function inferenceHardware(cluster: Cluster): InferenceHardware {
  const devices = new Set(cluster.groups.map((g) => g.device.id));
  if (devices.size > 1) {
    throw new InputError(
      `${cluster.id} mixes devices (${[...devices].join(', ')}); inference plans over mixed devices are not modeled yet`,
    );
  }
  const sizes = new Set(cluster.groups.map((g) => g.devicesPerNode));
  if (sizes.size > 1) throw new InputError(`${cluster.id} mixes node sizes; inference plans need one node size`);
  const g = cluster.groups[0]!;
  return {
    device: g.device,
    devicesPerNode: g.devicesPerNode,
    nodes: cluster.groups.reduce((s, x) => s + x.nodes, 0),
    scaleUp: g.scaleUp,
    nic: slowestNic(cluster),
    // the fewest NIC ports any group's nodes have bound what crosses nodes
    nicsPerNode: Math.min(...cluster.groups.map((x) => x.nics.reduce((s, n) => s + n.perNode, 0))),
  };
}
