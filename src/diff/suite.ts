// A suite file: scenarios to evaluate on two hw-specs trees. Each entry names a kind, a workload
// label, its hardware and (for model kinds) its models; `hw` and `model` may be lists, and the
// entry expands into one scenario per model × hardware. Every problem is reported with the file,
// the JSON path and the line, unknown keys and names with the closest known one.
import { dirname, isAbsolute, join } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import { PACKAGE_ROOT } from '../hardware/catalog.js';
import { readJsonFile, type JsonFile } from '../util/json-file.js';
import { findModel } from '../workloads/models.js';
import type { ModelArch } from '../workloads/model-arch.js';
import { KINDS, SCENARIO_KINDS, type Scenario, type ScenarioKind } from './scenario-kinds.js';
import { ObjectReader, didYouMean, isObject, typeName, type Located } from './suite-reader.js';

/** The suite `llmsim diff` runs without --suite. */
export const DEFAULT_SUITE = join(PACKAGE_ROOT, 'suites', 'default.json');

export interface Suite {
  file: string;
  description?: string;
  scenarios: Scenario[];
}

const TOP_FIELDS = ['$schema', 'description', 'scenarios'] as const;
const COMMON_FIELDS = ['name', 'kind', 'model', 'hw', 'metrics'] as const;

/** A model name, alias or config.json path (relative to the suite file). */
function resolveModel(name: Located<string>, suiteFile: string, r: ObjectReader): ModelArch | undefined {
  const looksLikePath = name.value.endsWith('.json') || name.value.includes('/');
  const spec = looksLikePath && !isAbsolute(name.value) ? join(dirname(suiteFile), name.value) : name.value;
  try {
    return findModel(spec);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    r.badAt(name.at, e.message.split('\n')[0]!);
    return undefined;
  }
}

/** The entry's metric names, checked against its kind's. */
function readMetrics(r: ObjectReader, kind: ScenarioKind): string[] {
  const spec = KINDS[kind];
  const known = spec.metrics.map((m) => m.name);
  const listed = r.strings('metrics');
  if (!listed) return [...spec.defaultMetrics];
  for (const m of listed) {
    if (!known.includes(m.value))
      r.badAt(m.at, `unknown ${kind} metric "${m.value}"${didYouMean(m.value, known)} (known: ${known.join(', ')})`);
  }
  return [...new Set(listed.map((m) => m.value))];
}

/** One entry → its scenarios (none when it has problems, which are reported). */
function expandEntry(json: JsonFile, problems: InputProblem[], raw: unknown, index: number): Scenario[] {
  const base = `/scenarios/${index}`;
  const label = isObject(raw) && typeof raw.name === 'string' ? `scenario "${raw.name}"` : `scenario #${index}`;
  if (!isObject(raw)) {
    problems.push({
      file: json.file,
      path: base,
      line: json.lineOf(base),
      message: `${label}: must be an object, got ${typeName(raw)}`,
    });
    return [];
  }
  const r = new ObjectReader(json, problems, raw, base, label);
  const before = problems.length;
  const kind = r.oneOf('kind', SCENARIO_KINDS, true);
  const name = r.string('name', true);
  const hws = r.strings('hw', true);
  if (kind === undefined) {
    r.knownFields([...COMMON_FIELDS, ...SCENARIO_KINDS.flatMap((k) => KINDS[k].fields)]);
    return [];
  }
  const spec = KINDS[kind];
  r.knownFields([...COMMON_FIELDS.filter((f) => f !== 'model' || spec.takesModel), ...spec.fields]);
  const models = spec.takesModel
    ? (r.strings('model', true) ?? []).map((m) => resolveModel(m, json.file, r))
    : [undefined];
  const metrics = readMetrics(r, kind);
  const own = spec.read(r);
  if (problems.length > before || !own || name === undefined || !hws) return [];
  const out: Scenario[] = [];
  for (const model of models)
    for (const hw of hws) {
      const id = scenarioId(model?.name, hw.value, name);
      out.push({ ...own, id, name, kind, hw, metrics, entry: index, ...(model && { model }) } as Scenario);
    }
  return out;
}

/** "llama-3.1-70b @ h100x8 · decode batch 1", or "h100x8 · all-reduce 1 MiB" without a model. */
export function scenarioId(model: string | undefined, hw: string, name: string): string {
  return `${model !== undefined ? `${model} @ ` : ''}${hw} · ${name}`;
}

/** Reads and checks a suite file; throws InputError listing every problem. */
export function loadSuite(file: string = DEFAULT_SUITE): Suite {
  const json = readJsonFile(file);
  const problems: InputProblem[] = [];
  const at = (path: string, message: string) => problems.push({ file, path, line: json.lineOf(path), message });
  const v = json.value;
  if (!isObject(v) || !Array.isArray(v.scenarios)) {
    at(
      isObject(v) && v.scenarios !== undefined ? '/scenarios' : '',
      `expected an object { "scenarios": [ ... ] }, got ${isObject(v) ? `"scenarios" as ${typeName(v.scenarios)}` : typeName(v)}`,
    );
    throw new InputError(`suite ${file} is invalid`, problems);
  }
  for (const k of Object.keys(v))
    if (!(TOP_FIELDS as readonly string[]).includes(k))
      at(`/${k}`, `unknown top-level field "${k}"${didYouMean(k, TOP_FIELDS)} (allowed: ${TOP_FIELDS.join(', ')})`);
  if (v.description !== undefined && typeof v.description !== 'string')
    at('/description', `"description" must be a string, got ${typeName(v.description)}`);
  if (!v.scenarios.length) at('/scenarios', '"scenarios" is empty: nothing to compare');
  const scenarios: Scenario[] = [];
  const seen = new Map<string, number>();
  v.scenarios.forEach((raw, i) => {
    for (const s of expandEntry(json, problems, raw, i)) {
      const first = seen.get(s.id);
      if (first !== undefined) at(`/scenarios/${i}/name`, `scenario "${s.id}" repeats scenario #${first}'s`);
      else seen.set(s.id, i);
      scenarios.push(s);
    }
  });
  if (problems.length) throw new InputError(`suite ${file} is invalid`, problems);
  return { file, ...(typeof v.description === 'string' && { description: v.description }), scenarios };
}
