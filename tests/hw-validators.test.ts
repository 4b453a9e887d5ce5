// The precompiled descriptor validators (ajv standalone code in src/hardware/generated/): current
// with schema.ts, and raising exactly the errors ajv raises when it compiles the schemas itself.
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DeviceDescriptor, LinkDescriptor, SystemDescriptor } from '../src/hardware/descriptor-schemas.js';
import { formats } from '../src/hardware/formats.js';
import { AJV_OPTIONS, VALIDATORS_FILE, validatorsModule } from '../src/hardware/validator-code.js';
import * as generated from '../src/hardware/generated/validators.js';

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
type Kind = 'device' | 'link' | 'system';

/** The validators as ajv compiles them at run time (how llmsim validated before they were precompiled). */
function compiledAtRunTime(): Record<Kind, Validate> {
  const ajv = new Ajv(AJV_OPTIONS);
  for (const [name, def] of Object.entries(formats)) ajv.addFormat(name, def);
  return {
    device: ajv.compile(DeviceDescriptor),
    link: ajv.compile(LinkDescriptor),
    system: ajv.compile(SystemDescriptor),
  };
}

/** Shipped descriptors and test fixtures, each with broken variants that raise many kinds of error. */
function samples(): { name: string; kind: Kind; value: unknown }[] {
  const out: { name: string; kind: Kind; value: unknown }[] = [];
  const read = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  const add = (name: string, kind: Kind, v: Record<string, unknown>) => {
    out.push({ name, kind, value: v });
    const broken = (what: string, change: (x: Record<string, unknown>) => void) => {
      const x = structuredClone(v);
      change(x);
      out.push({ name: `${name} ${what}`, kind, value: x });
    };
    broken('without id', (x) => delete x.id);
    broken('with an unknown field', (x) => (x.memroy = 1));
    broken('with numbers as strings', (x) => {
      for (const [k, val] of Object.entries(x)) if (typeof val === 'object' && val) x[k] = JSON.stringify(val);
    });
    broken('with quantities of the wrong unit', (x) => {
      const walk = (o: unknown): void => {
        if (Array.isArray(o)) o.forEach(walk);
        else if (o && typeof o === 'object') {
          const r = o as Record<string, unknown>;
          for (const k of Object.keys(r)) {
            if (k === 'value' && typeof r[k] === 'string') r[k] = '3 W';
            else walk(r[k]);
          }
        }
      };
      walk(x);
    });
    broken('with bad ids and urls', (x) => {
      x.id = 'Not An Id';
      if (x.sources && typeof x.sources === 'object') {
        for (const s of Object.values(x.sources as Record<string, Record<string, unknown>>)) s.url = 'no url';
      }
    });
    broken('of another kind', (x) => (x.kind = kind === 'device' ? 'fpga' : 'gpu'));
  };
  for (const folder of ['devices', 'links', 'systems']) {
    const kind = folder === 'devices' ? 'device' : folder === 'links' ? 'link' : 'system';
    for (const f of readdirSync(new URL(`../hw-specs/${folder}/`, import.meta.url))) {
      add(`${folder}/${f}`, kind, read(new URL(`../hw-specs/${folder}/${f}`, import.meta.url)));
    }
  }
  for (const f of readdirSync(new URL('./fixtures/hw/', import.meta.url))) {
    if (f === 'invalid-json.json') continue;
    const v = read(new URL(`./fixtures/hw/${f}`, import.meta.url));
    add(`fixtures/${f}`, v.kind === 'link' ? 'link' : v.kind === 'system' ? 'system' : 'device', v);
  }
  return out;
}

describe('precompiled descriptor validators', () => {
  it('are committed as schema.ts generates them (run `npm run schemas` after editing schema.ts)', () => {
    const committed = readFileSync(new URL(`../${VALIDATORS_FILE}`, import.meta.url), 'utf8');
    // not toBe: a failing diff of this 1.7 MB file would flood the output
    expect(committed === validatorsModule(), `${VALIDATORS_FILE} is stale: run npm run schemas`).toBe(true);
  });

  it('accept and reject what ajv compiling the schemas does, with the same errors in the same order', () => {
    const runtime = compiledAtRunTime();
    let rejected = 0;
    for (const s of samples()) {
      const pre = generated[s.kind] as Validate;
      const ok = pre(s.value);
      expect(ok, s.name).toBe(runtime[s.kind](s.value));
      if (!ok) rejected++;
      // schema and parentSchema compared as JSON (the run-time ones are TypeBox objects)
      expect(JSON.stringify(pre.errors ?? null), s.name).toBe(JSON.stringify(runtime[s.kind].errors ?? null));
    }
    expect(rejected).toBeGreaterThan(200);
  });
});
