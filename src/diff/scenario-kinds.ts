// The scenario kinds a suite may hold, and the one place that dispatches on them. To add a kind:
// write its KindSpec beside the others, add its type to `Scenario` and its
// spec to `KINDS`; the type checker then points at nothing else to change.
import { existsSync } from 'node:fs';
import { InputError, ModelingError } from '../errors.js';
import type { HardwareCatalog } from '../hardware/catalog.js';
import { resolveHardware } from '../hardware/cluster.js';
import { inferenceKind, type InferenceScenario } from './kinds/inference.js';
import { collectiveKind, gemmKind, type CollectiveScenario, type GemmScenario } from './kinds/microbench.js';
import { rooflineKind, type RooflineScenario } from './kinds/roofline.js';
import { trainKind, type TrainScenario } from './kinds/train.js';
import type { KindSpec, MetricDef, Outcome } from './scenario.js';

export type Scenario = InferenceScenario | TrainScenario | RooflineScenario | GemmScenario | CollectiveScenario;
export type ScenarioKind = Scenario['kind'];

/** Every kind's spec, keyed by its `kind` (a missing entry is a type error). */
export const KINDS: { readonly [K in ScenarioKind]: KindSpec<Extract<Scenario, { kind: K }>> } = {
  inference: inferenceKind,
  train: trainKind,
  roofline: rooflineKind,
  gemm: gemmKind,
  collective: collectiveKind,
};

export const SCENARIO_KINDS = Object.keys(KINDS) as ScenarioKind[];

/** The spec of a scenario's kind, typed for that scenario (TypeScript cannot correlate the union). */
function specOf<S extends Scenario>(s: S): KindSpec<S> {
  return KINDS[s.kind] as unknown as KindSpec<S>;
}

export function metricDef(kind: ScenarioKind, name: string): MetricDef {
  return KINDS[kind].metrics.find((m) => m.name === name)!;
}

/**
 * A scenario on one side's hardware. Hardware this side does not have is `missing`; a scenario
 * its hardware cannot run (does not fit, no such precision) is `failed` with the reason.
 */
export function evaluateScenario(s: Scenario, catalog: HardwareCatalog): Outcome {
  if (!namesHardware(s.hw.value, catalog)) return { status: 'missing', reason: `no hardware "${s.hw.value}" here` };
  try {
    const cluster = resolveHardware(s.hw.value, catalog);
    return specOf(s).evaluate(s, cluster, catalog);
  } catch (e) {
    if (e instanceof InputError || e instanceof ModelingError)
      return { status: 'failed', reason: firstLine(e.message) };
    throw e;
  }
}

/** Whether `--hw` would find the name in this catalog (a system, a device, `<device>x<N>`, a file). */
function namesHardware(spec: string, catalog: HardwareCatalog): boolean {
  const isDevice = (name: string) => catalog.devices.has(name) || catalog.deviceAliases.has(name);
  const count = /^(.+?)x(\d+)$/.exec(spec);
  return (
    catalog.systems.has(spec) ||
    (spec.endsWith('.json') && existsSync(spec)) ||
    isDevice(spec) ||
    (!!count && isDevice(count[1]!))
  );
}

const firstLine = (text: string) => text.split('\n')[0]!;
