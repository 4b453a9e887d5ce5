// From a resolved cluster to the hardware one inference replica sees.
import { InputError } from '../errors.js';
import type { Cluster, Link, NicAttachment, NodeGroup } from '../hardware/types.js';
import type { InferenceHardware } from './inference.js';

/** The device kinds a cluster holds, in the order its groups name them. */
export function clusterDevices(cluster: Cluster): string[] {
  return [...new Set(cluster.groups.map((g) => g.device.id))];
}

/** A cluster whose groups hold different devices: no one replica may span them. */
export function mixesDevices(cluster: Cluster): boolean {
  return clusterDevices(cluster).length > 1;
}

/** The slowest link any cross-node traffic may take (NICs of every group, the inter-group link). */
function slowestNic(groups: NodeGroup[], interGroup: NicAttachment | undefined): Link | undefined {
  const links = groups.flatMap((g) => g.nics.map((n) => n.link));
  if (interGroup) links.push(interGroup.link);
  return links.sort((a, b) => a.bandwidthBytesPerS - b.bandwidthBytesPerS)[0];
}

/**
 * The hardware of some groups of one device and one node size, as one pool replicas are cut from;
 * `interGroup` is the link between those groups where they share no NIC fabric.
 */
export function groupsHardware(
  groups: NodeGroup[],
  interGroup: NicAttachment | undefined,
  where: string,
): InferenceHardware {
  const g = groups[0];
  if (!g) throw new InputError(`${where} has no node groups`);
  if (groups.some((x) => x.device.id !== g.device.id))
    throw new InputError(`${where} mixes devices; one replica's hardware needs one device kind`);
  const sizes = new Set(groups.map((x) => x.devicesPerNode));
  if (sizes.size > 1) throw new InputError(`${where} mixes node sizes; inference plans need one node size`);
  return {
    device: g.device,
    devicesPerNode: g.devicesPerNode,
    nodes: groups.reduce((s, x) => s + x.nodes, 0),
    scaleUp: g.scaleUp,
    nic: slowestNic(groups, interGroup),
    // the fewest NIC ports any group's nodes have bound what crosses nodes
    nicsPerNode: Math.min(...groups.map((x) => x.nics.reduce((s, n) => s + n.perNode, 0))),
  };
}

/** The whole cluster as one pool of one device kind (plan, sweep, diff, training need that). */
export function inferenceHardware(cluster: Cluster): InferenceHardware {
  const devices = clusterDevices(cluster);
  if (devices.length > 1) {
    throw new InputError(
      `${cluster.id} mixes devices (${devices.join(', ')}); inference plans over mixed devices are not modeled yet`,
    );
  }
  return groupsHardware(cluster.groups, cluster.interGroup, cluster.id);
}
