// Loads a set of descriptor files (the shipped hw-specs/ and any the user names), validates each
// against its schema, checks every reference between them, and resolves them to SI units.
import { readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, type InputProblem } from '../errors.js';
import { readJsonFile, type JsonFile } from '../util/json-file.js';
import { closest } from '../util/did-you-mean.js';
import { validateDescriptor, type RawDescriptor } from './validate-schema.js';
import { resolveDevice, resolveLink } from './resolve.js';
import type { RawSystem } from './schema.js';
import type { Device, Link } from './types.js';

/** The package root (…/src/hardware or …/dist/hardware → …). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_HW_DIR = join(PACKAGE_ROOT, 'hw-specs');

const FOLDER_OF_KIND = { device: 'devices', link: 'links', system: 'systems' } as const;

export interface SystemEntry {
  raw: RawSystem;
  file: string;
  json: JsonFile;
}

export interface HardwareCatalog {
  devices: Map<string, Device>;
  links: Map<string, Link>;
  systems: Map<string, SystemEntry>;
  /** alias → device id */
  deviceAliases: Map<string, string>;
}

/** Descriptor files of a hw-specs directory: devices/, links/, systems/ (*.json, sorted). */
export function listDescriptorFiles(dir: string = DEFAULT_HW_DIR): string[] {
  const out: string[] = [];
  for (const folder of Object.values(FOLDER_OF_KIND)) {
    const d = join(dir, folder);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.json')) out.push(join(d, f));
  }
  return out;
}

/** A path for messages: relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

interface Loaded {
  desc: RawDescriptor;
  json: JsonFile;
}

function problem(json: JsonFile, path: string, message: string): InputProblem {
  return { file: json.file, path, line: json.lineOf(path), message };
}

/** Problems with the references inside one file: source keys, id vs. file name, folder vs. kind. */
function checkFileSelf(l: Loaded, absFile: string): InputProblem[] {
  const out: InputProblem[] = [];
  const { raw } = l.desc;
  const stem = basename(absFile, '.json');
  if (raw.id !== stem) out.push(problem(l.json, '/id', `id "${raw.id}" must match the file name "${stem}.json"`));
  const folder = basename(dirname(absFile));
  const expected = FOLDER_OF_KIND[l.desc.kind];
  if ((Object.values(FOLDER_OF_KIND) as string[]).includes(folder) && folder !== expected) {
    out.push(problem(l.json, '/kind', `a ${l.desc.kind} descriptor belongs in ${expected}/, not ${folder}/`));
  }
  const sources = (raw.sources ?? {}) as Record<string, unknown>;
  const keys = Object.keys(sources);
  const walk = (v: unknown, ptr: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${ptr}/${i}`));
    if (typeof v !== 'object' || v === null) return;
    const src = (v as { source?: unknown }).source;
    if (typeof src === 'string' && !(src in sources)) {
      const near = closest(src, keys, 1);
      out.push(
        problem(
          l.json,
          `${ptr}/source`,
          `source "${src}" is not a key of "sources"${near.length ? `; did you mean "${near[0]}"?` : ''} (known: ${keys.join(', ') || 'none'})`,
        ),
      );
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'sources') walk(x, `${ptr}/${k}`);
  };
  walk(raw, '');
  return out;
}

function refProblem(json: JsonFile, path: string, what: string, id: string, known: Iterable<string>): InputProblem {
  const near = closest(id, known, 2);
  return problem(
    json,
    path,
    `unknown ${what} "${id}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
  );
}

/**
 * Loads descriptor files into a catalog and reports every problem found, each with file, JSON
 * path and line. A later file with the same id replaces an earlier one (an edited copy in a PR).
 */
export function loadDescriptorSet(files: string[]): { catalog: HardwareCatalog; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const byId = {
    device: new Map<string, Loaded>(),
    link: new Map<string, Loaded>(),
    system: new Map<string, Loaded>(),
  };
  for (const file of files) {
    let json: JsonFile;
    try {
      json = readJsonFile(displayPath(resolve(file)));
    } catch (e) {
      if (e instanceof InputError) {
        problems.push(...e.problems);
        continue;
      }
      throw e;
    }
    const v = validateDescriptor(json);
    if (!v.ok) {
      problems.push(...v.problems);
      continue;
    }
    const loaded = { desc: v.descriptor, json };
    const self = checkFileSelf(loaded, resolve(file));
    problems.push(...self);
    byId[v.descriptor.kind].set(v.descriptor.raw.id, loaded);
  }

  const linkIds = [...byId.link.keys()];
  const deviceAliases = new Map<string, string>();
  const devices = new Map<string, Device>();
  for (const [id, l] of byId.device) {
    if (l.desc.kind !== 'device') continue;
    const raw = l.desc.raw;
    const linkRefs: [string, string | undefined][] = [
      ['/scaleUp/link', 'scaleUp' in raw ? raw.scaleUp?.link : undefined],
      ['/scaleOut/link', 'scaleOut' in raw ? raw.scaleOut?.link : undefined],
      ['/hostLink', 'hostLink' in raw ? raw.hostLink : undefined],
    ];
    for (const [path, ref] of linkRefs) {
      if (ref !== undefined && !byId.link.has(ref)) problems.push(refProblem(l.json, path, 'link', ref, linkIds));
    }
    (raw.aliases ?? []).forEach((alias, i) => {
      const other = deviceAliases.get(alias);
      if (byId.device.has(alias) && alias !== id) {
        problems.push(problem(l.json, `/aliases/${i}`, `alias "${alias}" is the id of another device`));
      } else if (other && other !== id) {
        problems.push(problem(l.json, `/aliases/${i}`, `alias "${alias}" is already used by device "${other}"`));
      } else deviceAliases.set(alias, id);
    });
    devices.set(id, resolveDevice(raw, l.json.file));
  }

  const links = new Map<string, Link>();
  for (const [id, l] of byId.link) if (l.desc.kind === 'link') links.set(id, resolveLink(l.desc.raw, l.json.file));

  const systems = new Map<string, SystemEntry>();
  const deviceNames = [...byId.device.keys(), ...deviceAliases.keys()];
  for (const [id, l] of byId.system) {
    if (l.desc.kind !== 'system') continue;
    const raw = l.desc.raw;
    raw.groups.forEach((g, i) => {
      const at = `/groups/${i}`;
      if (!byId.device.has(g.device) && !deviceAliases.has(g.device))
        problems.push(refProblem(l.json, `${at}/device`, 'device', g.device, deviceNames));
      if (g.scaleUp !== undefined && !byId.link.has(g.scaleUp))
        problems.push(refProblem(l.json, `${at}/scaleUp`, 'link', g.scaleUp, linkIds));
      g.nics.forEach((n, j) => {
        if (!byId.link.has(n.link)) problems.push(refProblem(l.json, `${at}/nics/${j}/link`, 'link', n.link, linkIds));
      });
    });
    if (raw.interGroup && !byId.link.has(raw.interGroup.link))
      problems.push(refProblem(l.json, '/interGroup/link', 'link', raw.interGroup.link, linkIds));
    systems.set(id, { raw, file: l.json.file, json: l.json });
  }
  return { catalog: { devices, links, systems, deviceAliases }, problems };
}

/**
 * The catalog of any hw-specs directory (another checkout, a git ref's copy); throws InputError
 * naming the directory when it holds no descriptors or any file is broken. `label` names it in
 * messages (default: the path).
 */
export function loadCatalogDir(dir: string, label: string = displayPath(dir)): HardwareCatalog {
  const files = listDescriptorFiles(dir);
  if (!files.length)
    throw new InputError(`${label} holds no hardware descriptors (expected devices/, links/, systems/ with *.json)`);
  const { catalog, problems } = loadDescriptorSet(files);
  if (problems.length) throw new InputError(`hardware descriptors in ${label} are invalid`, problems);
  return catalog;
}

let shipped: HardwareCatalog | undefined;

/** The catalog of the shipped hw-specs/ (cached); throws InputError if any file is broken. */
export function loadShippedCatalog(): HardwareCatalog {
  shipped ??= loadCatalogDir(DEFAULT_HW_DIR);
  return shipped;
}

/** A device by id or alias; InputError with the closest names otherwise. */
export function findDevice(catalog: HardwareCatalog, name: string): Device {
  const id = catalog.deviceAliases.get(name) ?? name;
  const d = catalog.devices.get(id);
  if (d) return d;
  const near = closest(name, [...catalog.devices.keys(), ...catalog.deviceAliases.keys()]);
  throw new InputError(
    `unknown device "${name}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (see: llmsim hw list)`,
  );
}

export function findLink(catalog: HardwareCatalog, id: string): Link {
  const l = catalog.links.get(id);
  if (l) return l;
  const near = closest(id, catalog.links.keys());
  throw new InputError(
    `unknown link "${id}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (see: llmsim hw list)`,
  );
}
