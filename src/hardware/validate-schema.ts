// Schema validation of one descriptor file with ajv, turning ajv's errors into messages that
// name the JSON path, the line and what was expected. The validators are ajv's standalone code,
// generated from schema.ts ahead of time (validator-code.ts, `npm run schemas`): compiling the
// schemas on every start took most of a command's time.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { InputProblem } from '../errors.js';
import type { JsonFile } from '../util/json-file.js';
import { closest } from '../util/did-you-mean.js';
import { parseQuantity } from './units.js';
import {
  QUANTITY_FORMATS,
  DEVICE_KINDS,
  type QuantityFormat,
  type RawDevice,
  type RawLink,
  type RawSystem,
} from './schema.js';
import * as generated from './generated/validators.js';

export type DescriptorKind = 'device' | 'link' | 'system';
export type RawDescriptor =
  { kind: 'device'; raw: RawDevice } | { kind: 'link'; raw: RawLink } | { kind: 'system'; raw: RawSystem };

const validators: Record<DescriptorKind, ValidateFunction> = {
  device: generated.device as ValidateFunction,
  link: generated.link as ValidateFunction,
  system: generated.system as ValidateFunction,
};

/** Which schema a file follows, from its `kind` field (devices have several kinds). */
export function descriptorKindOf(value: unknown): DescriptorKind | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as { kind?: unknown }).kind;
  if (kind === 'link' || kind === 'system') return kind;
  if (typeof kind === 'string' && (DEVICE_KINDS as readonly string[]).includes(kind)) return 'device';
  return undefined;
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** One readable message per ajv error, or undefined for errors another message already covers. */
function explain(e: ErrorObject): { path: string; message: string } | undefined {
  const path = e.instancePath;
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  switch (e.keyword) {
    case 'format': {
      const f = e.params.format as string;
      if (f in QUANTITY_FORMATS) {
        const r = parseQuantity(String(e.data), f as QuantityFormat);
        return { path, message: r.ok ? `unexpected ${f}` : r.reason };
      }
      return { path, message: `expected a ${f}, got ${describeValue(e.data)}` };
    }
    case 'required': {
      const missing = e.params.missingProperty as string;
      // the source-or-estimate rule is explained once by its oneOf error
      if (e.schemaPath.includes('/oneOf/') && (missing === 'source' || missing === 'estimate')) return undefined;
      const desc = (parent?.properties as Record<string, { description?: string }> | undefined)?.[missing]?.description;
      return { path, message: `missing required field "${missing}"${desc ? ` (${desc})` : ''}` };
    }
    case 'additionalProperties': {
      const extra = e.params.additionalProperty as string;
      const allowed = Object.keys((parent?.properties as object | undefined) ?? {});
      const near = closest(extra, allowed, 2);
      return {
        path: `${path}/${extra}`,
        message: `unknown field "${extra}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''} (allowed: ${allowed.join(', ')})`,
      };
    }
    case 'oneOf': {
      const branches = (parent?.oneOf as { required?: string[] }[] | undefined) ?? [];
      if (branches.some((b) => b.required?.includes('source'))) {
        return {
          path,
          message:
            'needs exactly one of "source" (a key of this file\'s "sources") or "estimate" (why the number is an estimate)',
        };
      }
      return { path, message: 'matches none (or more than one) of the allowed shapes' };
    }
    case 'discriminator': {
      return {
        path: `${path}/kind`,
        message: `"kind" must be one of ${DEVICE_KINDS.join(', ')} for a device, "link" or "system"; got ${describeValue((e.data as { kind?: unknown })?.kind)}`,
      };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const near = closest(String(e.data), allowed, 2);
      return {
        path,
        message: `${describeValue(e.data)} is not allowed${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (expected one of ${allowed.join(', ')})`,
      };
    }
    case 'const':
      return { path, message: `expected ${describeValue(e.params.allowedValue)}, got ${describeValue(e.data)}` };
    case 'type':
      return { path, message: `expected ${e.params.type as string}, got ${describeValue(e.data)}` };
    case 'exclusiveMinimum':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return { path, message: `${describeValue(e.data)} ${e.message ?? 'is out of range'}` };
    case 'minProperties':
    case 'minItems':
      return { path, message: `must not be empty (${e.message ?? ''})` };
    case 'pattern':
      return { path, message: `${describeValue(e.data)} is not a valid id (lower-case letters, digits, "." and "-")` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/**
 * Validates a parsed descriptor against the schema its `kind` names.
 * Returns the typed descriptor, or the problems (each with path and line).
 */
export function validateDescriptor(
  json: JsonFile,
): { ok: true; descriptor: RawDescriptor } | { ok: false; problems: InputProblem[] } {
  const kind = descriptorKindOf(json.value);
  if (!kind) {
    const got = (json.value as { kind?: unknown } | null)?.kind;
    return {
      ok: false,
      problems: [
        {
          file: json.file,
          path: '/kind',
          line: json.lineOf('/kind'),
          message: `"kind" must be one of ${DEVICE_KINDS.join(', ')} (a device), "link" or "system"; got ${describeValue(got)}`,
        },
      ],
    };
  }
  const validate = validators[kind];
  if (validate(json.value)) return { ok: true, descriptor: { kind, raw: json.value } as RawDescriptor };
  return { ok: false, problems: problemsOf(json, validate.errors ?? []) };
}

/** The problems ajv's errors on a file come to: one per readable message, each with its line. */
export function problemsOf(json: JsonFile, errors: ErrorObject[]): InputProblem[] {
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  for (const err of errors) {
    const x = explain(err);
    if (!x) continue;
    const key = `${x.path}\u0000${x.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file: json.file, path: x.path, line: json.lineOf(x.path), message: x.message });
  }
  return problems;
}
