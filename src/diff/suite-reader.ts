// Typed reads of one JSON object in a suite file: every problem is collected with the file, the
// JSON path and the line, and unknown keys get a did-you-mean (a misspelled field must not vanish).
import type { InputProblem } from '../errors.js';
import { parseQuantity } from '../hardware/units.js';
import { closest } from '../util/did-you-mean.js';
import type { JsonFile } from '../util/json-file.js';

export type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapeKey = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

export function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

export function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function didYouMean(value: string, known: Iterable<string>): string {
  const near = closest(value, known, 2);
  return near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
}

/** A value with the JSON Pointer it was read from, so later errors can point at its line. */
export interface Located<T> {
  value: T;
  /** JSON Pointer */
  at: string;
  line?: number;
}

/** Reads the fields of one object at `base`; `label` starts every message ("scenario "x""). */
export class ObjectReader {
  constructor(
    readonly json: JsonFile,
    readonly problems: InputProblem[],
    readonly obj: Obj,
    readonly base: string,
    readonly label: string,
  ) {}

  /** A problem at a path under this object. */
  bad(sub: string, message: string): void {
    this.badAt(this.base + sub, message);
  }

  /** A problem at an absolute JSON path (a value read earlier, e.g. one item of a list). */
  badAt(path: string, message: string): void {
    this.problems.push({
      file: this.json.file,
      path,
      line: this.json.lineOf(path),
      message: `${this.label}: ${message}`,
    });
  }

  private get(key: string, required: boolean): unknown {
    const v = this.obj[key];
    if (v === undefined && required) this.bad(`/${key}`, `missing required field "${key}"`);
    return v;
  }

  string(key: string, required: true): string | undefined;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const v = this.get(key, required);
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.bad(`/${key}`, `"${key}" must be a non-empty string, got ${describeValue(v)}`);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.get(key, required);
    if (v === undefined) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.bad(
      `/${key}`,
      `"${key}" ${describeValue(v)} is not allowed${typeof v === 'string' ? didYouMean(v, allowed) : ''} (expected one of ${allowed.join(', ')})`,
    );
    return undefined;
  }

  positiveInt(key: string, required = false): number | undefined {
    const v = this.get(key, required);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    this.bad(`/${key}`, `"${key}" must be a positive integer, got ${describeValue(v)}`);
    return undefined;
  }

  positiveNumber(key: string, required = false, max = Infinity): number | undefined {
    const v = this.get(key, required);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max) return v;
    this.bad(
      `/${key}`,
      `"${key}" must be a positive number${max < Infinity ? ` up to ${max}` : ''}, got ${describeValue(v)}`,
    );
    return undefined;
  }

  /** A size: a plain number of bytes or a string with a unit ("256 MiB"). */
  bytes(key: string, required = false): number | undefined {
    const v = this.get(key, required);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
    if (typeof v === 'string') {
      const q = parseQuantity(v, 'bytes');
      if (q.ok) return q.value;
      this.bad(`/${key}`, q.reason);
      return undefined;
    }
    this.bad(
      `/${key}`,
      `"${key}" must be a positive number of bytes or a size like "256 MiB", got ${describeValue(v)}`,
    );
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const v = this.get(key, false);
    if (v === undefined || typeof v === 'boolean') return v;
    this.bad(`/${key}`, `"${key}" must be true or false, got ${describeValue(v)}`);
    return undefined;
  }

  /** A string or a non-empty array of strings, each with its own JSON path. */
  strings(key: string, required = false): Located<string>[] | undefined {
    const v = this.get(key, required);
    if (v === undefined) return undefined;
    const at = `${this.base}/${key}`;
    const located = (value: string, path: string) => ({ value, at: path, line: this.json.lineOf(path) });
    if (typeof v === 'string' && v.trim() !== '') return [located(v, at)];
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== '')) {
      return (v as string[]).map((value, i) => located(value, `${at}/${i}`));
    }
    this.bad(`/${key}`, `"${key}" must be a non-empty string or a non-empty array of them, got ${describeValue(v)}`);
    return undefined;
  }

  /** Keys outside `allowed` are errors with the closest allowed key. */
  knownFields(allowed: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (allowed.includes(k)) continue;
      this.bad(`/${escapeKey(k)}`, `unknown field "${k}"${didYouMean(k, allowed)} (allowed: ${allowed.join(', ')})`);
    }
  }
}
