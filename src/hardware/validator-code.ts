// Generates the descriptor validators as standalone ajv code (an ES module), so that the CLI does
// not compile the schemas with ajv on every start (that took ~0.65 s of each command).
// `npm run schemas` writes the module to generated/validators.ts; a test checks that the committed
// file is what this generates from schema.ts.
import { Ajv, _, type Options } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { DeviceDescriptor, LinkDescriptor, SystemDescriptor } from './descriptor-schemas.js';
import { formats } from './formats.js';

// ajv's standalone entry is CommonJS; under NodeNext its default export is the module object.
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default;

/** ajv's options for the descriptor schemas: all errors, with the schema that raised each. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  discriminator: true,
  strict: true,
  strictRequired: false,
};

// Keywords whose values are schemas: a map of them, one, or a list.
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'contains',
]);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf']);
type Schema = Record<string, unknown>;

/** A copy of a schema with every sub-schema replaced by `f` of it. */
function mapSubschemas(s: Schema, f: (sub: Schema) => Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (SCHEMA_MAPS.has(k))
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([n, sub]) => [n, f(sub as Schema)]));
    else if (SCHEMA_VALUES.has(k) && typeof v === 'object' && v !== null) out[k] = f(v as Schema);
    else if (SCHEMA_LISTS.has(k)) out[k] = (v as Schema[]).map(f);
    else out[k] = v;
  }
  return out;
}

/**
 * The schema with each object or array sub-schema that occurs more than once (apart from its
 * description) moved to `definitions` and referenced, for ajv to compile once as a function of
 * its own. TypeBox writes every use of a sub-schema out in full (a sourced quantity, a memory
 * tier, each device kind's fields), and ajv's code for them inline was 1.7 MB, which V8 took
 * ~100 ms to compile on each start. The reference keeps the description beside `$ref`, where
 * error messages read it (a missing field's description); what ajv reports otherwise differs
 * only in schemaPath (tests/hw-validators.test.ts compares the messages).
 */
export function factorSchema(schema: object): Schema {
  const root = JSON.parse(JSON.stringify(schema)) as Schema;
  const keyOf = (s: Schema) => JSON.stringify({ ...s, description: undefined });
  const count = new Map<string, number>();
  const countAll = (s: Schema): Schema => {
    const k = keyOf(s);
    count.set(k, (count.get(k) ?? 0) + 1);
    return mapSubschemas(s, countAll);
  };
  countAll(root);
  const definitions: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const factor = (s: Schema): Schema => {
    const k = keyOf(s);
    if ((count.get(k) ?? 0) < 2 || (s.type !== 'object' && s.type !== 'array')) return mapSubschemas(s, factor);
    let name = names.get(k);
    if (!name) {
      name = `s${names.size}`;
      names.set(k, name);
      const { description: _, ...body } = s;
      definitions[name] = mapSubschemas(body, factor);
    }
    return s.description === undefined
      ? { $ref: `#/definitions/${name}` }
      : { $ref: `#/definitions/${name}`, description: s.description };
  };
  const out = mapSubschemas(root, factor);
  return Object.keys(definitions).length ? { ...out, definitions } : out;
}

/** The path of the generated module, relative to the package root. */
export const VALIDATORS_FILE = 'src/hardware/generated/validators.ts';

/** The text of generated/validators.ts, exporting the `device`, `link` and `system` validate functions. */
export function validatorsModule(): string {
  // the code names the formats `formats.<name>`; the module's header imports them from formats.ts
  // inlineRefs: false, so that each definition is a function (ajv inlines small ones otherwise)
  const ajv = new Ajv({ ...AJV_OPTIONS, inlineRefs: false, code: { source: true, esm: true, formats: _`formats` } });
  for (const [name, def] of Object.entries(formats)) ajv.addFormat(name, def);
  const ids = { device: DeviceDescriptor.$id!, link: LinkDescriptor.$id!, system: SystemDescriptor.$id! };
  for (const schema of [DeviceDescriptor, LinkDescriptor, SystemDescriptor]) ajv.compile(factorSchema(schema));
  let code = standaloneCode(ajv, ids).replace(/^"use strict";/, '');
  // Exported as `unknown` (validate-schema.ts casts them): inferring the types of these huge
  // functions derails the type checker.
  const exports: string[] = [];
  for (const name of Object.keys(ids)) {
    const re = new RegExp(`export const ${name} = (validate\\d+);`);
    const fn = re.exec(code)?.[1];
    if (!fn) throw new Error(`ajv's standalone code has no export "${name}"`);
    code = code.replace(re, '');
    exports.push(`export const ${name}: unknown = ${fn};`);
  }
  return [
    '// @ts-nocheck',
    '// Generated by `npm run schemas` (src/hardware/validator-code.ts) from schema.ts: ajv standalone',
    '// validation code for the hardware descriptors. Do not edit.',
    "import { createRequire } from 'node:module';",
    "import { formats } from '../formats.js';",
    'const require = createRequire(import.meta.url);',
    code,
    ...exports,
    '',
  ].join('\n');
}
