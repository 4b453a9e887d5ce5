// Where a parallel group's devices sit, in Megatron's rank order (tensor innermost, then context,
// then data, then pipeline): a group of `size` ranks at stride `inner` shares a node while
// inner·size fits in one, else it spans nodes with a few members per node. Groups that run at the
// same time share each node's NIC ports.
import type { Link } from '../hardware/types.js';
import type { CollectivePlacement } from './collectives.js';

export interface NodeHardware {
  devicesPerNode: number;
  scaleUp: Link | undefined;
  nic: Link | undefined;
  /** NIC ports per node (shared by its devices) */
  nicsPerNode: number;
}

export interface GroupSpan extends CollectivePlacement {
  /** the link one member uses to reach the next: scale-up inside a node, else the NIC */
  neighbourLink: Link | undefined;
}

/** Placement of a group of `size` ranks whose members are `inner` ranks apart. */
export function groupSpan(hw: NodeHardware, size: number, inner: number): GroupSpan {
  const perNode = Math.max(1, Math.min(size, Math.floor(hw.devicesPerNode / inner)));
  const nodes = Math.ceil(size / perNode);
  // all devices of a node communicate at once (one group per perNode of them): this group gets
  // perNode/devicesPerNode of the node's ports
  const nicsPerNode = (hw.nicsPerNode * perNode) / hw.devicesPerNode;
  return {
    perNode,
    nodes,
    ...(hw.scaleUp && { scaleUp: hw.scaleUp }),
    ...(hw.nic && { nic: hw.nic }),
    nicsPerNode,
    neighbourLink: nodes > 1 ? hw.nic : hw.scaleUp,
  };
}
