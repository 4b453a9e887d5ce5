// `--hw` to a Cluster: a system file id ("a100x64"), "<device>x<N>" ("h100-sxmx16", "h100x16"),
// a bare device ("mi300x" = one device), or a path to a system or device JSON file.
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { closest } from '../util/did-you-mean.js';
import { findDevice, findLink, loadDescriptorSet, type HardwareCatalog, type SystemEntry } from './catalog.js';
import type { Cluster, Device, Link, NodeGroup } from './types.js';

/** Links reachable between two groups: the interGroup link, or a NIC fabric both groups have. */
export function linkBetweenGroups(cluster: Cluster, a: NodeGroup, b: NodeGroup): Link | undefined {
  if (a === b) return a.nics[0]?.link;
  if (cluster.interGroup) return cluster.interGroup.link;
  const shared = a.nics.find((n) => b.nics.some((m) => m.link.id === n.link.id));
  return shared?.link;
}

function scaleUpFor(device: Device, catalog: HardwareCatalog, explicit: string | undefined): Link | undefined {
  const id = explicit ?? device.scaleUp?.linkId;
  return id === undefined ? undefined : findLink(catalog, id);
}

function checkGroup(g: NodeGroup, where: string): void {
  if (g.devicesPerNode > 1 && !g.scaleUp) {
    throw new InputError(
      `${where}: ${g.devicesPerNode} devices per node need a scale-up link, and ${g.device.id} has no default; set "scaleUp"`,
    );
  }
  const max = g.scaleUp?.maxDevices;
  if (max !== undefined && g.devicesPerNode > max) {
    throw new InputError(`${where}: ${g.devicesPerNode} devices per node exceed what ${g.scaleUp!.id} joins (${max})`);
  }
  if (g.nodes > 1 && g.nics.length === 0) {
    throw new InputError(`${where}: ${g.nodes} nodes need at least one NIC in "nics"`);
  }
}

/** A system descriptor to a Cluster; every id was checked when the catalog loaded. */
export function clusterFromSystem(entry: SystemEntry, catalog: HardwareCatalog): Cluster {
  const { raw } = entry;
  const origin = [`system file ${entry.file}`];
  const groups: NodeGroup[] = raw.groups.map((g, i) => {
    const device = findDevice(catalog, g.device);
    const scaleUp = g.devicesPerNode > 1 ? scaleUpFor(device, catalog, g.scaleUp) : undefined;
    if (g.devicesPerNode > 1 && g.scaleUp === undefined && scaleUp) {
      origin.push(`group "${g.name}": scale-up link ${scaleUp.id} (the device default)`);
    }
    const group: NodeGroup = {
      name: g.name,
      device,
      devicesPerNode: g.devicesPerNode,
      nodes: g.nodes,
      ...(scaleUp && { scaleUp }),
      nics: g.nics.map((n) => ({ link: findLink(catalog, n.link), perNode: n.perNode })),
    };
    checkGroup(group, `${entry.file} /groups/${i}`);
    return group;
  });
  const cluster: Cluster = {
    id: raw.id,
    name: raw.name,
    groups,
    ...(raw.interGroup && {
      interGroup: { link: findLink(catalog, raw.interGroup.link), perNode: raw.interGroup.perNode },
    }),
    totalDevices: groups.reduce((s, g) => s + g.devicesPerNode * g.nodes, 0),
    origin,
    file: entry.file,
  };
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++)
      if (!linkBetweenGroups(cluster, groups[i]!, groups[j]!))
        throw new InputError(
          `${entry.file}: groups "${groups[i]!.name}" and "${groups[j]!.name}" share no NIC fabric; add "interGroup" (the link that joins them)`,
        );
  return cluster;
}

/**
 * N devices of one kind. Up to the device's node size (scaleUp.maxDevices) they form one node on
 * its default scale-up link; beyond it, N must fill whole nodes, joined by the device's default
 * NIC (scaleOut). Every default taken is listed in `origin`.
 */
export function clusterOfDevices(device: Device, count: number, catalog: HardwareCatalog): Cluster {
  const id = `${device.id}x${count}`;
  if (!Number.isInteger(count) || count < 1)
    throw new InputError(`--hw ${id}: the device count must be a positive integer`);
  const perNodeMax = device.scaleUp?.maxDevices ?? 1;
  const origin = [`${count} × ${device.id} from the device descriptor ${device.file}`];
  if (count <= perNodeMax) {
    const scaleUp = count > 1 ? scaleUpFor(device, catalog, undefined) : undefined;
    if (scaleUp) origin.push(`one node, scale-up link ${scaleUp.id} (device default)`);
    else origin.push('one node');
    return {
      id,
      name: `${count} × ${device.name}`,
      groups: [{ name: 'node', device, devicesPerNode: count, nodes: 1, ...(scaleUp && { scaleUp }), nics: [] }],
      totalDevices: count,
      origin,
    };
  }
  if (count % perNodeMax !== 0) {
    throw new InputError(
      `--hw ${id}: ${count} devices do not fill whole nodes of ${perNodeMax} (${device.id}'s node size); use a multiple of ${perNodeMax}, or describe the system in a file`,
    );
  }
  if (!device.scaleOut) {
    throw new InputError(
      `--hw ${id}: more than one node of ${device.id} needs a NIC, and the device has no default "scaleOut"; describe the system in a file`,
    );
  }
  const nic = findLink(catalog, device.scaleOut.linkId);
  const scaleUp = perNodeMax > 1 ? scaleUpFor(device, catalog, undefined) : undefined;
  const nodes = count / perNodeMax;
  origin.push(
    `${nodes} nodes of ${perNodeMax} (device node size)${scaleUp ? `, ${scaleUp.id} inside a node` : ''}, ${device.scaleOut.perNode} × ${nic.id} per node (device default NIC)`,
  );
  return {
    id,
    name: `${count} × ${device.name}`,
    groups: [
      {
        name: 'nodes',
        device,
        devicesPerNode: perNodeMax,
        nodes,
        ...(scaleUp && { scaleUp }),
        nics: [{ link: nic, perNode: device.scaleOut.perNode }],
      },
    ],
    totalDevices: count,
    origin,
  };
}

const DEVICE_COUNT = /^(.+?)x(\d+)$/;

/** Resolves a `--hw` value against the catalog; unknown names get "did you mean". */
export function resolveHardware(spec: string, catalog: HardwareCatalog): Cluster {
  const system = catalog.systems.get(spec);
  if (system) return clusterFromSystem(system, catalog);

  if (spec.endsWith('.json') && existsSync(spec)) {
    const { catalog: own, problems } = loadDescriptorSet([spec]);
    if (problems.length) throw new InputError(`--hw ${spec} is not a valid descriptor`, problems);
    const merged: HardwareCatalog = {
      devices: new Map([...catalog.devices, ...own.devices]),
      links: new Map([...catalog.links, ...own.links]),
      systems: new Map([...catalog.systems, ...own.systems]),
      deviceAliases: catalog.deviceAliases,
    };
    const [sys] = own.systems.values();
    if (sys) return clusterFromSystem(sys, merged);
    const [dev] = own.devices.values();
    if (dev) return clusterOfDevices(dev, 1, merged);
    throw new InputError(`--hw ${spec}: a link descriptor is not hardware to run on; give a system or device file`);
  }

  const isDevice = (name: string) => catalog.devices.has(name) || catalog.deviceAliases.has(name);
  const m = DEVICE_COUNT.exec(spec);
  // "mi300x" is a device id that ends in "x": a whole name wins over "<device>x<N>"
  if (isDevice(spec)) return clusterOfDevices(findDevice(catalog, spec), 1, catalog);
  if (m && isDevice(m[1]!)) return clusterOfDevices(findDevice(catalog, m[1]!), Number(m[2]), catalog);

  const known = [...catalog.systems.keys(), ...catalog.devices.keys(), ...catalog.deviceAliases.keys()];
  const near = closest(m && !isDevice(m[1]!) ? m[1]! : spec, known).map((n) =>
    m && (catalog.devices.has(n) || catalog.deviceAliases.has(n)) ? `${n}x${m[2]}` : n,
  );
  const direct = closest(spec, known);
  const suggestions = [...new Set([...direct, ...near])].slice(0, 4);
  throw new InputError(
    `unknown hardware "${spec}"${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''} (a system id, <device>x<N>, or a .json file; see: llmsim hw list)`,
  );
}
