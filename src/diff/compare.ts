// Runs a suite on the base and the head catalogs and compares the outcomes scenario by scenario
// and metric by metric: the DiffReport the renderers print.
import { InputError } from '../errors.js';
import type { HardwareCatalog } from '../hardware/catalog.js';
import type { DiffReport, MetricComparison, ScenarioComparison, ScenarioStatus } from '../reports/diff-report.js';
import type { Outcome } from './scenario.js';
import { evaluateScenario, metricDef, type Scenario } from './scenario-kinds.js';
import type { SpecChanges } from './spec-changes.js';
import { didYouMean } from './suite-reader.js';
import { expandChanged, touchedHardware } from './touched-hardware.js';
import type { Suite } from './suite.js';

export interface DiffInput {
  suite: Suite;
  base: { label: string; catalog: HardwareCatalog };
  head: { label: string; catalog: HardwareCatalog };
  specChanges: SpecChanges;
  /** |change| at or below this many percent counts as unchanged (0: any change counts) */
  thresholdPct: number;
}

// the same inputs give the same floats; this only absorbs summation-order noise
const RELATIVE_EPSILON = 1e-12;

function compareMetric(
  s: Scenario,
  metric: string,
  before: number,
  after: number,
  thresholdPct: number,
): MetricComparison {
  const { better } = metricDef(s.kind, metric);
  const changePct = before === 0 ? (after === 0 ? 0 : null) : ((after - before) / Math.abs(before)) * 100;
  const moved = Math.abs(after - before) > RELATIVE_EPSILON * Math.max(Math.abs(before), Math.abs(after));
  const changed = moved && (changePct === null || Math.abs(changePct) > thresholdPct);
  const up = after > before;
  const verdict = !changed || better === 'neither' ? 'neutral' : up === (better === 'higher') ? 'better' : 'worse';
  return { scenario: s.id, kind: s.kind, metric, better, before, after, changePct, changed, verdict };
}

function statusOf(base: Outcome, head: Outcome, metrics: MetricComparison[]): ScenarioStatus {
  if (base.status === 'missing') return 'added';
  if (head.status === 'missing') return 'removed';
  if (base.status === 'failed') return head.status === 'failed' ? 'fails' : 'now-runs';
  if (head.status === 'failed') return 'now-fails';
  const planMoved = base.status === 'ok' && head.status === 'ok' && base.plan !== head.plan;
  return metrics.some((m) => m.changed) || planMoved ? 'changed' : 'same';
}

const hardwareNames = (c: HardwareCatalog) => [...c.systems.keys(), ...c.devices.keys(), ...c.deviceAliases.keys()];

/** Largest |change| first (a metric that was 0 before first of all), then suite order. */
function byMagnitude(a: MetricComparison, b: MetricComparison): number {
  const size = (m: MetricComparison) => (m.changePct === null ? Infinity : Math.abs(m.changePct));
  return size(b) - size(a);
}

export function diffSuite(input: DiffInput): DiffReport {
  const { suite, thresholdPct } = input;
  const scenarios: ScenarioComparison[] = [];
  const metrics: MetricComparison[] = [];
  const nowhere: Scenario[] = [];
  const touched = touchedHardware(input.specChanges, input.base.catalog, input.head.catalog);
  for (const s of expandChanged(suite.scenarios, touched, input.base.catalog, input.head.catalog)) {
    const base = evaluateScenario(s, input.base.catalog);
    const head = evaluateScenario(s, input.head.catalog);
    if (base.status === 'missing' && head.status === 'missing') {
      nowhere.push(s);
      continue;
    }
    const own: MetricComparison[] = [];
    if (base.status === 'ok' && head.status === 'ok')
      for (const m of s.metrics) own.push(compareMetric(s, m, base.values[m]!, head.values[m]!, thresholdPct));
    metrics.push(...own);
    scenarios.push({ id: s.id, kind: s.kind, hw: s.hw.value, status: statusOf(base, head, own), base, head });
  }
  if (nowhere.length) {
    // hardware neither side has is a typo in the suite, not a change
    const seen = new Set<string>();
    const problems = nowhere
      .filter((s) => !seen.has(s.hw.at) && seen.add(s.hw.at))
      .map((s) => ({
        file: suite.file,
        path: s.hw.at,
        line: s.hw.line,
        message: `hardware "${s.hw.value}" is in neither ${input.base.label} nor ${input.head.label}${didYouMean(s.hw.value, hardwareNames(input.head.catalog))} (see: llmsim hw list)`,
      }));
    throw new InputError(`suite ${suite.file} names hardware that neither side has`, problems);
  }
  const changed = metrics.filter((m) => m.changed).sort(byMagnitude);
  const unchanged = metrics.filter((m) => !m.changed);
  return {
    base: input.base.label,
    head: input.head.label,
    suite: { file: suite.file, ...(suite.description !== undefined && { description: suite.description }) },
    specChanges: input.specChanges,
    touchedHardware: touched.map((t) => t.hw),
    thresholdPct,
    metrics: [...changed, ...unchanged],
    scenarios,
  };
}
