// Which descriptor files a change adds, removes or edits, so a diff says what it compared; files
// are compared as parsed JSON (reformatting a file is not a change).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { listDescriptorFiles } from '../hardware/catalog.js';

export interface SpecChanges {
  /** paths inside hw-specs/, e.g. "devices/h100-sxm.json" */
  added: string[];
  removed: string[];
  modified: string[];
}

function contents(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of listDescriptorFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    let canonical: string;
    try {
      canonical = JSON.stringify(JSON.parse(text));
    } catch {
      canonical = text; // the catalog loader reports broken files; here they compare as text
    }
    out.set(relative(dir, file).split('\\').join('/'), canonical);
  }
  return out;
}

export function specChanges(baseDir: string, headDir: string): SpecChanges {
  const base = contents(baseDir);
  const head = contents(headDir);
  const changes: SpecChanges = { added: [], removed: [], modified: [] };
  for (const [path, text] of head) {
    const before = base.get(path);
    if (before === undefined) changes.added.push(path);
    else if (before !== text) changes.modified.push(path);
  }
  for (const path of base.keys()) if (!head.has(path)) changes.removed.push(path);
  return changes;
}
