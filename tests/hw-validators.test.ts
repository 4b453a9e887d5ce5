// The precompiled descriptor validators (ajv standalone code in src/hardware/generated/): current
// with the schemas, and raising the errors ajv raises when it compiles the schemas itself (the
// generated code validates a factored copy of them, so only where in the schema an error was
// raised, its schemaPath, may read differently), hence the same messages.
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DeviceDescriptor, LinkDescriptor, SystemDescriptor } from '../src/hardware/descriptor-schemas.js';
import { formats } from '../src/hardware/formats.js';
import { AJV_OPTIONS, VALIDATORS_FILE, validatorsModule } from '../src/hardware/validator-code.js';
import { problemsOf } from '../src/hardware/validate-schema.js';
import { parseJsonText } from '../src/util/json-file.js';
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
    broken('with quantities missing their value, source or estimate', (x) => {
      let n = 0;
      const walk = (o: unknown): void => {
        if (Array.isArray(o)) o.forEach(walk);
        else if (o && typeof o === 'object') {
          const r = o as Record<string, unknown>;
          if ('value' in r) delete r[['value', 'source', 'estimate'][n++ % 3]!];
          Object.values(r).forEach(walk);
        }
      };
      walk(x);
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
    let errors = 0;
    for (const s of samples()) {
      const pre = generated[s.kind] as Validate;
      const ok = pre(s.value);
      expect(ok, s.name).toBe(runtime[s.kind](s.value));
      if (ok) continue;
      rejected++;
      const [a, b] = [pre.errors ?? [], runtime[s.kind].errors ?? []];
      const fields = (e: ErrorObject) => ({
        instancePath: e.instancePath,
        keyword: e.keyword,
        params: e.params,
        message: e.message,
        data: e.data,
        // what validate-schema.ts reads of schemaPath: a missing source or estimate inside a oneOf
        inOneOf:
          e.keyword === 'required' && ['source', 'estimate'].includes(e.params.missingProperty as string)
            ? e.schemaPath.includes('/oneOf/')
            : undefined,
      });
      expect(a.map(fields), s.name).toEqual(b.map(fields));
      errors += a.length;
      const json = parseJsonText(`${s.name}.json`, JSON.stringify(s.value, null, 2));
      expect(problemsOf(json, a), s.name).toEqual(problemsOf(json, b));
    }
    expect(rejected).toBeGreaterThan(200);
    expect(errors).toBeGreaterThan(1000);
  });
});
