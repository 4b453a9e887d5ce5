// `--report <file.html>` of the result commands: the path is checked before any work is done, and
// the report is written whole or not at all.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Io } from './io.js';

export const REPORT_OPTION = [
  '--report <file.html>',
  'write a self-contained HTML report (charts, inputs, sources)',
] as const;

/** Fails early (exit 2) on a path the report could never be written to. */
export function checkReportPath(path: string): void {
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory())
    throw new InputError(
      `--report ${path}: is a folder; give a file name such as ${path.replace(/\/?$/, '/report.html')}`,
    );
  const dir = dirname(abs);
  if (!existsSync(dir)) throw new InputError(`--report ${path}: the folder ${dirname(path)} does not exist`);
  if (!statSync(dir).isDirectory()) throw new InputError(`--report ${path}: ${dirname(path)} is not a folder`);
  if (!/\.html?$/i.test(path)) throw new InputError(`--report ${path}: the report is HTML; name the file *.html`);
}

/** Writes the report; `announce` (text output) adds a line saying so, as `--csv <file>` does. */
export function writeReport(io: Io, path: string, html: string, announce: boolean): void {
  writeFileAtomic(path, html);
  if (announce) io.out(`wrote ${path}\n`);
}
