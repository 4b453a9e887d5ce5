// What every scenario kind shares: the fields common to all kinds, the metrics a kind reports,
// the outcome of evaluating a scenario against one hw-specs catalog, and the contract a kind
// implements (read its fields from a suite entry, evaluate on a resolved cluster).
import type { HardwareCatalog } from '../hardware/catalog.js';
import type { Cluster } from '../hardware/types.js';
import type { ModelArch } from '../workloads/model-arch.js';
import type { Located, ObjectReader } from './suite-reader.js';

/** Which direction of a metric is an improvement ('neither' for quantities like memory used). */
export type Better = 'higher' | 'lower' | 'neither';

/** A metric a kind can report, named as in the other commands' JSON (the unit is in the name). */
export interface MetricDef {
  name: string;
  better: Better;
  description: string;
}

/** Fields every scenario has once a suite entry is expanded over its models × hardware. */
export interface ScenarioCommon {
  /** unique in the suite: "<model> @ <hw> · <name>" */
  id: string;
  /** the entry's workload label, e.g. "serving 1024/256" */
  name: string;
  /** the `--hw` value, with the JSON path it came from (errors point at its line) */
  hw: Located<string>;
  /** the metrics reported, a subset of the kind's */
  metrics: string[];
  /** index of the suite entry it was expanded from */
  entry: number;
}

/** A scenario's result on one side of the diff. */
export type Outcome =
  | {
      status: 'ok';
      values: Record<string, number>;
      /** the plan or setting chosen, e.g. "TP=8 PP=1 DP=1, batch 64" */ plan?: string;
    }
  | { status: 'failed'; /** e.g. "does not fit: needs 95 GB of 80 GB" */ reason: string }
  | { status: 'missing'; /** the hardware does not exist on this side */ reason: string };

/**
 * One scenario kind. `S` is the kind's scenario type; `read` returns its own fields (the common
 * ones, `kind` and `model` are filled in by the suite loader), or undefined after reporting problems.
 */
export interface KindSpec<S extends ScenarioCommon & { kind: string }> {
  /** one line for --help and the README */
  description: string;
  /** whether entries name a `model` (string or array: the suite expands over it) */
  takesModel: boolean;
  /** runs on one device of the hardware (a GEMM): h100-sxm and h100x8 are the same to it */
  oneDevice?: boolean;
  /** times links (collectives, parallel plans): a change to a system or a link can move it */
  timesLinks: boolean;
  /** the kind's own fields, besides the common ones */
  fields: readonly string[];
  metrics: readonly MetricDef[];
  /** reported when an entry lists no `metrics` */
  defaultMetrics: readonly string[];
  read(r: ObjectReader): Omit<S, keyof ScenarioCommon | 'kind' | 'model'> | undefined;
  /** throws ModelingError or InputError for a scenario that cannot run on this hardware */
  evaluate(s: S, cluster: Cluster, catalog: HardwareCatalog): Outcome;
}

/** The metric values of `names` from a full record (kinds compute all, report the chosen). */
export function pick(all: Record<string, number>, names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, all[n]!]));
}

export type WithModel = { model: ModelArch };
