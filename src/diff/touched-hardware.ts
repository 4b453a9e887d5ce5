// The hardware a hw-specs change touches, as `--hw` names: the systems whose files changed, a
// changed device as one full node of it (`<device>x<node size>`), and for a changed link the
// systems and devices that use it. A suite entry listing "@changed" runs on these, so a pull
// request that adds a device shows what the device does without editing the suite.
import type { HardwareCatalog } from '../hardware/catalog.js';
import { resolveHardware } from '../hardware/cluster.js';
import { KINDS, type Scenario } from './scenario-kinds.js';
import type { SpecChanges } from './spec-changes.js';
import { scenarioId } from './suite.js';

/** The placeholder a suite's `hw` list may hold. */
export const CHANGED_HW = '@changed';

/** A touched `--hw` name; `device` when it stands for one node of that device. */
export interface Touched {
  hw: string;
  device?: string;
}

/** One node of a device, as `--hw` resolves it (the device's default node size). */
function nodeOf(id: string, base: HardwareCatalog, head: HardwareCatalog): Touched {
  const device = head.devices.get(id) ?? base.devices.get(id);
  return { hw: `${id}x${device?.scaleUp?.maxDevices ?? 1}`, device: id };
}

function usersOfLink(link: string, catalog: HardwareCatalog, base: HardwareCatalog, head: HardwareCatalog): Touched[] {
  const out: Touched[] = [];
  for (const [id, s] of catalog.systems) {
    const raw = s.raw;
    const uses =
      raw.interGroup?.link === link ||
      raw.groups.some((g) => g.scaleUp === link || g.nics.some((n) => n.link === link));
    if (uses) out.push({ hw: id });
  }
  for (const [id, d] of catalog.devices)
    if (d.scaleUp?.linkId === link || d.scaleOut?.linkId === link) out.push(nodeOf(id, base, head));
  return out;
}

/** What the change adds, removes or edits (on either side), sorted by `--hw` name. */
export function touchedHardware(changes: SpecChanges, base: HardwareCatalog, head: HardwareCatalog): Touched[] {
  const byName = new Map<string, Touched>();
  const add = (t: Touched) => byName.set(t.hw, t);
  for (const path of [...changes.added, ...changes.removed, ...changes.modified]) {
    const [folder, file] = path.split('/') as [string, string | undefined];
    const id = file?.replace(/\.json$/, '');
    if (!id) continue;
    if (folder === 'systems') add({ hw: id });
    else if (folder === 'devices') add(nodeOf(id, base, head));
    else if (folder === 'links') for (const c of [base, head]) usersOfLink(id, c, base, head).forEach(add);
  }
  return [...byName.values()].sort((a, b) => a.hw.localeCompare(b.hw));
}

/**
 * What a `--hw` name amounts to for a kind: the device for one-device kinds, "<device>x<n>" for
 * one node, otherwise the name itself.
 */
function signature(hw: string, oneDevice: boolean, catalogs: HardwareCatalog[]): string {
  for (const c of catalogs) {
    try {
      const cluster = resolveHardware(hw, c);
      const g = cluster.groups[0]!;
      if (cluster.groups.length > 1) return hw;
      if (oneDevice) return g.device.id;
      return g.nodes === 1 ? `${g.device.id}x${g.devicesPerNode}` : hw;
    } catch {
      // not on this side (or not valid there): try the other
    }
  }
  return hw;
}

const oneDevice = (s: Scenario) => KINDS[s.kind].oneDevice === true;

/**
 * Replaces each "@changed" scenario by one per touched hardware name, skipping hardware its suite
 * entry already lists (by name, or as the same single node: h100x8 covers h100-sxmx8).
 */
export function expandChanged(
  scenarios: readonly Scenario[],
  touched: readonly Touched[],
  base: HardwareCatalog,
  head: HardwareCatalog,
): Scenario[] {
  const catalogs = [head, base];
  const listed = new Map<number, Set<string>>();
  for (const s of scenarios) {
    if (s.hw.value === CHANGED_HW) continue;
    const set = listed.get(s.entry) ?? new Set<string>();
    set.add(s.hw.value).add(signature(s.hw.value, oneDevice(s), catalogs));
    listed.set(s.entry, set);
  }
  const ids = new Set(scenarios.map((s) => s.id));
  const out: Scenario[] = [];
  for (const s of scenarios) {
    if (s.hw.value !== CHANGED_HW) {
      out.push(s);
      continue;
    }
    const covered = listed.get(s.entry) ?? new Set<string>();
    for (const t of touched) {
      // a system or link change cannot move what only a device's numbers decide
      if (!t.device && !KINDS[s.kind].timesLinks) continue;
      // one-device kinds name a device by itself ("b200", not "b200x8")
      const hw = oneDevice(s) && t.device ? t.device : t.hw;
      if (covered.has(hw) || covered.has(signature(hw, oneDevice(s), catalogs))) continue;
      const id = scenarioId('model' in s ? s.model.name : undefined, hw, s.name);
      if (ids.has(id)) continue;
      ids.add(id);
      out.push({ ...s, id, hw: { ...s.hw, value: hw } });
    }
  }
  return out;
}
