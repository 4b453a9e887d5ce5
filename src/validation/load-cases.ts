// Reads case files ({ "cases": [...] }, validation/README.md) and checks each case's shape, so that
// one malformed case is reported by file, id, JSON path and line while the others still run.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import { PACKAGE_ROOT, displayPath } from '../hardware/catalog.js';
import { closest } from '../util/did-you-mean.js';
import { readJsonFile, type JsonFile } from '../util/json-file.js';
import {
  CASE_CATEGORIES,
  CASE_FIELDS,
  HARDWARE_FIELDS,
  HARDWARE_INT_FIELDS,
  METRIC_UNITS,
  MODEL_ARCHS,
  MODEL_FIELDS,
  MODEL_INT_FIELDS,
  PROCESSORS,
  TRUST_LEVELS,
  WORKLOAD_MODES,
} from './case-format.js';
import type { ValidationCase } from './types.js';

/** The published measurements the project ships (validation/ in the package). */
export const SHIPPED_VALIDATION_DIR = join(PACKAGE_ROOT, 'validation');

/** Every case file shipped: validation/*.json except claims.json (not cases), sorted. */
export function shippedCaseFiles(dir: string = SHIPPED_VALIDATION_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'claims.json')
    .sort()
    .map((f) => join(dir, f));
}

export interface LoadedCases {
  cases: ValidationCase[];
  problems: InputProblem[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapeKey = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function didYouMean(value: string, known: readonly string[]): string {
  const near = closest(value, known, 2);
  return near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
}

/** Collects the problems of one case; every message starts with the case's id (or index). */
class CaseChecker {
  readonly problems: InputProblem[] = [];
  constructor(
    private readonly json: JsonFile,
    private readonly base: string,
    private readonly label: string,
  ) {}

  bad(sub: string, message: string): void {
    const path = this.base + sub;
    this.problems.push({ file: this.json.file, path, line: this.json.lineOf(path), message: `${this.label}: ${message}` });
  }

  /** A required or optional field of an object; reports a missing required one. */
  field(obj: Obj, sub: string, key: string, required: boolean): unknown {
    if (obj[key] === undefined && required) this.bad(`${sub}/${key}`, `missing required field "${key}"`);
    return obj[key];
  }

  string(obj: Obj, sub: string, key: string, required: boolean): string | undefined {
    const v = this.field(obj, sub, key, required);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || (required && v.trim() === '')) {
      this.bad(`${sub}/${key}`, `"${key}" must be a non-empty string, got ${describeValue(v)}`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(obj: Obj, sub: string, key: string, allowed: readonly T[], required: boolean): T | undefined {
    const v = this.field(obj, sub, key, required);
    if (v === undefined) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.bad(
      `${sub}/${key}`,
      `"${key}" ${describeValue(v)} is not allowed${typeof v === 'string' ? didYouMean(v, allowed) : ''} (expected one of ${allowed.join(', ')})`,
    );
    return undefined;
  }

  object(obj: Obj, sub: string, key: string, required: boolean): Obj | undefined {
    const v = this.field(obj, sub, key, required);
    if (v === undefined) return undefined;
    if (!isObject(v)) {
      this.bad(`${sub}/${key}`, `"${key}" must be an object, got ${typeName(v)}`);
      return undefined;
    }
    return v;
  }

  positiveInts(obj: Obj, sub: string, keys: readonly string[]): void {
    for (const k of keys) {
      const v = obj[k];
      if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v > 0)) {
        this.bad(`${sub}/${k}`, `"${k}" must be a positive integer, got ${describeValue(v)}`);
      }
    }
  }

  /** Fields outside the format are errors: a misspelled optional field would otherwise vanish. */
  knownFields(obj: Obj, sub: string, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (allowed.includes(k)) continue;
      this.bad(`${sub}/${escapeKey(k)}`, `unknown field "${k}"${didYouMean(k, allowed)} (allowed: ${allowed.join(', ')})`);
    }
  }
}

/** Checks one case; returns it typed (with its file) when it has no problem. */
function checkCase(json: JsonFile, raw: unknown, index: number): { c?: ValidationCase; problems: InputProblem[] } {
  const id = isObject(raw) && typeof raw.id === 'string' && raw.id.trim() ? raw.id : undefined;
  const ck = new CaseChecker(json, `/cases/${index}`, id !== undefined ? `case "${id}"` : `case #${index} (no id)`);
  if (!isObject(raw)) {
    ck.bad('', `a case must be an object, got ${typeName(raw)}`);
    return { problems: ck.problems };
  }
  ck.knownFields(raw, '', CASE_FIELDS);
  ck.string(raw, '', 'id', true);
  ck.string(raw, '', 'source', true);
  ck.oneOf(raw, '', 'category', CASE_CATEGORIES, true);

  const model = ck.object(raw, '', 'model', true);
  if (model) {
    ck.knownFields(model, '/model', MODEL_FIELDS);
    ck.string(model, '/model', 'name', true);
    ck.positiveInts(model, '/model', MODEL_INT_FIELDS);
    ck.oneOf(model, '/model', 'arch', MODEL_ARCHS, false);
    ck.string(model, '/model', 'notes', false);
  }
  const hardware = ck.object(raw, '', 'hardware', true);
  if (hardware) {
    ck.knownFields(hardware, '/hardware', HARDWARE_FIELDS);
    ck.string(hardware, '/hardware', 'device', true);
    ck.positiveInts(hardware, '/hardware', HARDWARE_INT_FIELDS);
    ck.string(hardware, '/hardware', 'scaleUp', false);
    ck.string(hardware, '/hardware', 'nic', false);
    ck.oneOf(hardware, '/hardware', 'processor', PROCESSORS, false);
  }
  const workload = ck.object(raw, '', 'workload', true);
  if (workload) ck.oneOf(workload, '/workload', 'mode', WORKLOAD_MODES, true);
  ck.object(raw, '', 'plan', false);

  const metric = ck.oneOf(raw, '', 'metric', Object.keys(METRIC_UNITS), true);
  const unit = ck.string(raw, '', 'unit', true);
  if (metric !== undefined && unit !== undefined && unit !== METRIC_UNITS[metric]) {
    ck.bad('/unit', `the unit of ${metric} is "${METRIC_UNITS[metric]}", got "${unit}"`);
  }
  const measured = ck.field(raw, '', 'measured', true);
  if (measured !== undefined && !(typeof measured === 'number' && Number.isFinite(measured) && measured > 0)) {
    ck.bad('/measured', `"measured" must be a positive number, got ${describeValue(measured)}`);
  }
  ck.string(raw, '', 'notes', false);
  ck.oneOf(raw, '', 'trust', TRUST_LEVELS, true);

  if (ck.problems.length) return { problems: ck.problems };
  return { c: { ...(raw as unknown as Omit<ValidationCase, 'file'>), file: json.file }, problems: [] };
}

/** The file's cases array, or a problem when the file is not { "cases": [...] }. */
function casesOf(json: JsonFile, problems: InputProblem[]): unknown[] | undefined {
  const v = json.value;
  const at = (path: string, message: string) => problems.push({ file: json.file, path, line: json.lineOf(path), message });
  if (isObject(v) && Array.isArray(v.cases)) {
    for (const k of Object.keys(v)) {
      if (k !== 'cases') at(`/${escapeKey(k)}`, `unknown top-level field "${k}" (a case file is { "cases": [ ... ] })`);
    }
    return v.cases;
  }
  if (isObject(v) && Array.isArray(v.claims)) {
    at('', 'a claims file (published statements, not cases) cannot be validated; expected { "cases": [ ... ] }');
  } else if (isObject(v) && v.cases !== undefined) {
    at('/cases', `"cases" must be an array, got ${typeName(v.cases)}`);
  } else {
    at('', `expected an object { "cases": [ ... ] }, got ${isObject(v) ? 'an object without "cases"' : typeName(v)}`);
  }
  return undefined;
}

/**
 * Loads case files; every problem names the file, the case, the JSON path and the line. Malformed
 * cases are left out (and reported); the rest load. Ids are unique across all the files.
 */
export function loadCaseFiles(paths: string[]): LoadedCases {
  const cases: ValidationCase[] = [];
  const problems: InputProblem[] = [];
  const firstAt = new Map<string, string>();
  // the same file named twice is read once, not reported as duplicate ids
  for (const abs of [...new Set(paths.map((p) => resolve(p)))]) {
    let json: JsonFile;
    try {
      json = readJsonFile(displayPath(abs));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.problems);
      continue;
    }
    const list = casesOf(json, problems);
    if (!list) continue;
    list.forEach((raw, i) => {
      const r = checkCase(json, raw, i);
      problems.push(...r.problems);
      if (!r.c) return;
      const path = `/cases/${i}/id`;
      const line = json.lineOf(path);
      const prev = firstAt.get(r.c.id);
      if (prev !== undefined) {
        problems.push({ file: json.file, path, line, message: `case "${r.c.id}": duplicate id (first at ${prev})` });
        return;
      }
      firstAt.set(r.c.id, `${json.file}:${line ?? '?'}`);
      cases.push(r.c);
    });
  }
  return { cases, problems };
}
