// Reads one folder of a git commit into a temporary directory without touching the working tree or
// the index: `git ls-tree` lists the blobs, one `git cat-file --batch` process streams them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';

function git(repo: string, args: string[], input?: string): Buffer {
  return execFileSync('git', args, {
    cwd: repo,
    input,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The top of the git work tree holding `dir`, or undefined when it is not in one (or git is missing). */
export function gitTopLevel(dir: string): string | undefined {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The commit a ref names (branch, tag, sha, HEAD~1, origin/main), or undefined. */
export function resolveCommit(repo: string, ref: string): string | undefined {
  if (ref.startsWith('-')) return undefined; // never let a ref be read as an option
  try {
    return (
      git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}

export interface ExtractedTree {
  /** the temporary directory; `folder` is extracted to join(root, folder) */
  root: string;
  files: number;
  /** removes the temporary directory */
  cleanup(): void;
}

/** Splits `git cat-file --batch` output into the blobs' contents, in request order. */
function splitBatch(out: Buffer, count: number): Buffer[] {
  const blobs: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString();
    const size = Number(header.split(' ')[2]);
    if (!Number.isInteger(size)) throw new Error(`unexpected git cat-file output: ${header}`);
    blobs.push(out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1; // content, then a newline
  }
  return blobs;
}

/** Copies `folder` (a path from the repository's top) of `commit` into a new temporary directory. */
export function extractFolder(repo: string, commit: string, folder: string): ExtractedTree {
  const listing = git(repo, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', folder]).toString();
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t') as [string, string];
      const [, type, sha] = meta.split(' ') as [string, string, string];
      return { type, sha, path };
    })
    .filter((e) => e.type === 'blob');
  const root = mkdtempSync(join(tmpdir(), 'llmsim-diff-'));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    if (entries.length) {
      const blobs = splitBatch(
        git(repo, ['cat-file', '--batch'], entries.map((e) => e.sha).join('\n') + '\n'),
        entries.length,
      );
      entries.forEach((e, i) => {
        const target = join(root, e.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, blobs[i]!);
      });
    }
  } catch (e) {
    cleanup();
    throw new InputError(`cannot read ${folder}/ of ${commit} from git: ${(e as Error).message.split('\n')[0]}`);
  }
  return { root, files: entries.length, cleanup };
}
