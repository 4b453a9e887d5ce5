// The project ships its own copy of the published measurements; it must match shared/validation.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const shared = new URL('../../shared/validation/', import.meta.url);
const own = new URL('../validation/', import.meta.url);

describe('validation data', () => {
  it('ships every case file', () => {
    const files = readdirSync(own).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(() => JSON.parse(readFileSync(new URL(f, own), 'utf8')), f).not.toThrow();
  });

  it.runIf(existsSync(shared))('is an unchanged copy of shared/validation', () => {
    for (const f of readdirSync(shared)) {
      expect(readFileSync(new URL(f, own), 'utf8'), `validation/${f} differs from shared; copy it again`).toBe(
        readFileSync(new URL(f, shared), 'utf8'),
      );
    }
  });
});
