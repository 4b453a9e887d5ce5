// One side of a diff: the hw-specs tree named by --base or --head (a directory holding hw-specs/,
// a hw-specs directory itself, or a git ref of the repository), loaded into a catalog. A ref is
// read into a temporary directory that `close` removes; errors name the ref, not the temp path.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { DEFAULT_HW_DIR, displayPath, loadCatalogDir, type HardwareCatalog } from '../hardware/catalog.js';
import { extractFolder, gitTopLevel, resolveCommit } from './git-tree.js';

/** Where the descriptors sit in a repository. */
const SPECS_FOLDER = 'hw-specs';

export interface HwSide {
  /** for people: the directory, or "ref (short sha)" */
  label: string;
  /** the hw-specs directory read */
  dir: string;
  catalog: HardwareCatalog;
  /** removes what opening it created (a ref's temporary copy) */
  close(): void;
}

/** A directory given on the command line: hw-specs/ inside it, or the directory itself. */
function specsDirOf(dir: string): string {
  const inner = join(dir, SPECS_FOLDER);
  return existsSync(inner) && statSync(inner).isDirectory() ? inner : dir;
}

/** The working tree's hw-specs/ (the repository `repo` is in), else the shipped one. */
export function defaultHeadDir(repo: string): string {
  const top = gitTopLevel(repo);
  const dir = top && join(top, SPECS_FOLDER);
  return dir && existsSync(dir) ? dir : DEFAULT_HW_DIR;
}

function loadDir(dir: string, label: string, flag: string): HwSide {
  const catalog = withContext(flag, () => loadCatalogDir(dir, label));
  return { label, dir, catalog, close: () => undefined };
}

/**
 * InputErrors while loading a side say which flag they came from; the base is checked against
 * this checkout's schema, which a change may have edited.
 */
function withContext<T>(flag: string, f: () => T, rename?: (file: string) => string): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const problems = rename ? e.problems.map((p) => ({ ...p, file: rename(p.file) })) : e.problems;
    const hint =
      flag === '--base' && problems.length
        ? " (checked against this checkout's descriptor schema; a change that edits the schema can make the base fail it)"
        : '';
    throw new InputError(`${flag}: ${e.message.split('\n')[0]}${hint}`, problems);
  }
}

/**
 * Opens `spec` (a directory, relative to the working directory, or else a git ref of the
 * repository at `repo`). `flag` ("--base") names
 * it in errors: a name that is neither a directory nor a ref, or a tree without descriptors.
 */
export function openSide(spec: string, repo: string, flag: string): HwSide {
  const asPath = resolve(spec);
  if (existsSync(asPath)) {
    if (!statSync(asPath).isDirectory())
      throw new InputError(`${flag} ${spec} is a file; give a directory or a git ref`);
    const dir = specsDirOf(asPath);
    return loadDir(dir, displayPath(dir), flag);
  }
  const top = gitTopLevel(repo);
  if (!top)
    throw new InputError(
      `${flag} "${spec}": no such directory, and ${displayPath(resolve(repo))} is not in a git repository to read a ref from`,
    );
  const commit = resolveCommit(top, spec);
  if (!commit) throw new InputError(`${flag} "${spec}": no such directory, and no git ref "${spec}" in ${top}`);
  const label = `${spec} (${commit.slice(0, 10)})`;
  const tree = extractFolder(top, commit, SPECS_FOLDER);
  try {
    if (!tree.files) throw new InputError(`${flag}: ${label} has no ${SPECS_FOLDER}/ folder`);
    const dir = join(tree.root, SPECS_FOLDER);
    const prefix = displayPath(tree.root);
    // problems name "<ref>:hw-specs/devices/x.json", the file as git shows it, not the temp copy
    const rename = (file: string) => (file.startsWith(prefix) ? `${spec}:${file.slice(prefix.length + 1)}` : file);
    const catalog = withContext(flag, () => loadCatalogDir(dir, `${spec}:${SPECS_FOLDER}`), rename);
    return { label, dir, catalog, close: tree.cleanup };
  } catch (e) {
    tree.cleanup();
    throw e;
  }
}
