// What a report was made from: the model, every hardware descriptor file with its sha256 and its
// sources, the workload and the plan, so a reader can tell two reports' inputs apart.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../hardware/catalog.js';
import type { Cluster, Device, Link, SourceDoc } from '../../hardware/types.js';
import type { ModelArch } from '../../workloads/model-arch.js';

export interface InputFile {
  /** relative to the llmsim package for shipped files, as given otherwise */
  path: string;
  sha256: string;
}

export interface HardwareFile extends InputFile {
  kind: 'device' | 'link' | 'system';
  id: string;
  name: string;
  sources: (SourceDoc & { key: string })[];
  /** the descriptor's notes (disagreements between sources, caveats) */
  notes?: string;
}

export interface ReportInputs {
  model?: { name: string; source: string; file?: InputFile };
  hardware?: { spec?: string; name: string; origin: string[]; files: HardwareFile[] };
  workload: [string, string][];
  plan?: [string, string][];
  /** other input files (validation cases) */
  files?: InputFile[];
  notes?: string[];
}

/** Shipped files by their path in the package, so the report does not depend on the working directory. */
function shownPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(PACKAGE_ROOT, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function inputFile(file: string): InputFile {
  return {
    path: shownPath(file),
    sha256: createHash('sha256')
      .update(readFileSync(resolve(file)))
      .digest('hex'),
  };
}

function hardwareFile(
  kind: HardwareFile['kind'],
  x: Device | Link | { id: string; name: string; file: string },
): HardwareFile {
  const sources = 'sources' in x ? Object.entries(x.sources).map(([key, s]) => ({ key, ...s })) : [];
  const notes = 'notes' in x ? x.notes : undefined;
  return { ...inputFile(x.file), kind, id: x.id, name: x.name, sources, ...(notes && { notes }) };
}

/** Descriptor files a cluster was built from: the system file, each device and link, once each. */
export function clusterFiles(cluster: Cluster): HardwareFile[] {
  const out = new Map<string, HardwareFile>();
  const add = (kind: HardwareFile['kind'], x: Device | Link | { id: string; name: string; file: string }) => {
    if (!out.has(`${kind}:${x.id}`)) out.set(`${kind}:${x.id}`, hardwareFile(kind, x));
  };
  if (cluster.file) add('system', { id: cluster.id, name: cluster.name, file: cluster.file });
  for (const g of cluster.groups) {
    add('device', g.device);
    if (g.scaleUp) add('link', g.scaleUp);
    for (const n of g.nics) add('link', n.link);
  }
  if (cluster.interGroup) add('link', cluster.interGroup.link);
  return [...out.values()];
}

/** Descriptor files of devices and links used one by one (validation cases). */
export function descriptorFiles(devices: Device[], links: Link[]): HardwareFile[] {
  const out = new Map<string, HardwareFile>();
  for (const d of devices) out.set(`device:${d.id}`, hardwareFile('device', d));
  for (const l of links) out.set(`link:${l.id}`, hardwareFile('link', l));
  return [...out.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

export function hardwareInputs(spec: string, cluster: Cluster): NonNullable<ReportInputs['hardware']> {
  return { spec, name: cluster.name, origin: cluster.origin.map(shownOrigin), files: clusterFiles(cluster) };
}

/** Origin lines name files by their display path (cwd-relative); show them package-relative. */
function shownOrigin(line: string): string {
  return line.replace(/(\S+\.json)/g, (f) => (existsSync(f) ? shownPath(f) : f));
}

/** The model by name, and its config.json with a hash when `--model` named a file. */
export function modelInputs(arg: string, model: ModelArch): NonNullable<ReportInputs['model']> {
  const isFile = arg.endsWith('.json') && existsSync(arg);
  return { name: model.name, source: model.source, ...(isFile && { file: inputFile(arg) }) };
}
