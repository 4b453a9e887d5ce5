// What every report inlines, read once per process: d3's minified bundle, the browser-side chart
// scripts (client/*.js, read from the source tree so the checkout and dist/ inline the same bytes),
// and the llmsim version.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../hardware/catalog.js';

const CLIENT_DIR = join(PACKAGE_ROOT, 'src', 'reports', 'html', 'client');

const cache = new Map<string, string>();
function cached(key: string, read: () => string): string {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = read()));
  return v;
}

/** d3's UMD bundle; resolved through the package (its "default" export sits in the same dist/). */
export function d3Source(): string {
  return cached('d3', () => {
    const entry = createRequire(import.meta.url).resolve('d3');
    return readFileSync(join(dirname(entry), 'd3.min.js'), 'utf8');
  });
}

/** One browser script of client/ (a chart renderer), by file stem. */
export function clientScript(name: string): string {
  return cached(`client:${name}`, () => readFileSync(join(CLIENT_DIR, `${name}.js`), 'utf8'));
}

export function llmsimVersion(): string {
  return cached(
    'version',
    () => (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  );
}
