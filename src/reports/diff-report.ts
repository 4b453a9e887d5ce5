// `llmsim diff`: what a hw-specs change moves, as plain data (DiffReport) and its renderings —
// a terminal table, a GitHub-flavoured Markdown comment, JSON and CSV. An HTML renderer reads
// the same DiffReport.
import { stringify } from 'csv-stringify/sync';
import type { Better, Outcome } from '../diff/scenario.js';
import type { SpecChanges } from '../diff/spec-changes.js';
import { renderTable, type Cell } from './table.js';

/** One metric of one scenario that ran on both sides. */
export interface MetricComparison {
  scenario: string;
  kind: string;
  metric: string;
  better: Better;
  before: number;
  after: number;
  /** (after − before) / before in percent; null when before is 0 */
  changePct: number | null;
  /** moved by more than the threshold */
  changed: boolean;
  verdict: 'better' | 'worse' | 'neutral';
}

/**
 * same/changed: ran on both sides; added/removed: the hardware exists on one side only;
 * now-fails/now-runs: runs on one side only (the other's outcome says why); fails: on both.
 */
export type ScenarioStatus = 'same' | 'changed' | 'added' | 'removed' | 'now-fails' | 'now-runs' | 'fails';

export interface ScenarioComparison {
  id: string;
  kind: string;
  hw: string;
  status: ScenarioStatus;
  base: Outcome;
  head: Outcome;
}

export interface DiffReport {
  base: string;
  head: string;
  suite: { file: string; description?: string };
  specChanges: SpecChanges;
  /** `--hw` names of the hardware the change touches (what a suite's "@changed" runs on) */
  touchedHardware: string[];
  /** |change| at or below this many percent counts as unchanged */
  thresholdPct: number;
  /** changed ones first, largest |change| first; then the unchanged, in suite order */
  metrics: MetricComparison[];
  scenarios: ScenarioComparison[];
}

export interface DiffSummary {
  scenarios: number;
  compared: number;
  changed: number;
  better: number;
  worse: number;
  unchanged: number;
  largest: MetricComparison | undefined;
  byStatus: Record<ScenarioStatus, number>;
}

export function summarize(r: DiffReport): DiffSummary {
  const changed = r.metrics.filter((m) => m.changed);
  const byStatus: Record<ScenarioStatus, number> = {
    same: 0,
    changed: 0,
    added: 0,
    removed: 0,
    'now-fails': 0,
    'now-runs': 0,
    fails: 0,
  };
  for (const s of r.scenarios) byStatus[s.status]++;
  return {
    scenarios: r.scenarios.length,
    compared: r.metrics.length,
    changed: changed.length,
    better: changed.filter((m) => m.verdict === 'better').length,
    worse: changed.filter((m) => m.verdict === 'worse').length,
    unchanged: r.metrics.length - changed.length,
    largest: changed[0],
    byStatus,
  };
}

/** Plain numbers for people: 4 significant digits, whole numbers from 1000 up. */
export function formatValue(x: number): string {
  return Math.abs(x) >= 1000 ? x.toFixed(0) : String(Number(x.toPrecision(4)));
}

export function formatChange(pct: number | null): string {
  if (pct === null) return 'new (was 0)';
  const digits = Math.abs(pct) >= 1 ? pct.toFixed(1) : pct.toPrecision(2);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${digits.replace('-', '')} %`;
}

export const STATUS_TEXT: Record<ScenarioStatus, string> = {
  same: 'unchanged',
  changed: 'changed',
  added: 'added (hardware only in head)',
  removed: 'removed (hardware only in base)',
  'now-fails': 'fails in head',
  'now-runs': 'runs in head (failed in base)',
  fails: 'fails on both sides',
};

export function valuesText(o: Outcome): string {
  if (o.status !== 'ok') return o.reason;
  return Object.entries(o.values)
    .map(([k, v]) => `${k} ${formatValue(v)}`)
    .join(', ');
}

/** Scenarios that did not run on both sides, with what each side said. */
export function unmatched(r: DiffReport): ScenarioComparison[] {
  return r.scenarios.filter((s) => s.status !== 'same' && s.status !== 'changed');
}

/** Scenarios whose chosen plan or setting differs between the sides. */
export function planChanges(r: DiffReport): { id: string; before: string; after: string }[] {
  const out: { id: string; before: string; after: string }[] = [];
  for (const s of r.scenarios) {
    if (s.base.status === 'ok' && s.head.status === 'ok' && s.base.plan !== s.head.plan)
      out.push({ id: s.id, before: s.base.plan ?? '', after: s.head.plan ?? '' });
  }
  return out;
}

export function summaryLine(r: DiffReport, s: DiffSummary, code: (t: string) => string): string {
  const parts = [
    `${s.scenarios} scenarios`,
    `${s.changed} of ${s.compared} metrics changed` + (s.changed ? ` (${s.better} better, ${s.worse} worse)` : ''),
  ];
  const odd = (['added', 'removed', 'now-fails', 'now-runs'] as const).filter((k) => s.byStatus[k]);
  if (odd.length) parts.push(odd.map((k) => `${s.byStatus[k]} ${k}`).join(', '));
  if (s.largest)
    parts.push(`largest move: ${code(s.largest.metric)} of ${s.largest.scenario} ${formatChange(s.largest.changePct)}`);
  return parts.join('; ') + (r.thresholdPct > 0 ? ` (threshold ${r.thresholdPct} %)` : '');
}

export function specChangesLine(r: DiffReport): string {
  const c = r.specChanges;
  const parts = [
    ...c.modified.map((f) => `modified ${f}`),
    ...c.added.map((f) => `added ${f}`),
    ...c.removed.map((f) => `removed ${f}`),
  ];
  if (!parts.length) return 'no descriptor differs';
  const touched = r.touchedHardware.length ? `; hardware touched: ${r.touchedHardware.join(', ')}` : '';
  return parts.join(', ') + touched;
}

const HEADERS = ['scenario', 'metric', 'before', 'after', 'change'];

function changeRow(m: MetricComparison): Cell[] {
  return [m.scenario, m.metric, formatValue(m.before), formatValue(m.after), formatChange(m.changePct)];
}

export function diffText(r: DiffReport): string {
  const s = summarize(r);
  const out = [
    `llmsim diff: base ${r.base} → head ${r.head}`,
    `hw-specs: ${specChangesLine(r)}`,
    `suite ${r.suite.file}: ${summaryLine(r, s, (t) => t)}`,
    '',
  ];
  const changed = r.metrics.filter((m) => m.changed);
  if (changed.length) out.push(renderTable(HEADERS, changed.map(changeRow)).trimEnd());
  out.push(`${s.unchanged} metric${s.unchanged === 1 ? '' : 's'} unchanged.`);
  const plans = planChanges(r);
  if (plans.length) {
    out.push(
      '',
      renderTable(
        ['scenario', 'plan before', 'plan after'],
        plans.map((p) => [p.id, p.before, p.after]),
      ).trimEnd(),
    );
  }
  const odd = unmatched(r);
  if (odd.length) {
    out.push(
      '',
      renderTable(
        ['scenario', 'status', 'base', 'head'],
        odd.map((x) => [x.id, STATUS_TEXT[x.status], valuesText(x.base), valuesText(x.head)]),
      ).trimEnd(),
    );
  }
  return out.join('\n').replace(/\n*$/, '\n');
}

/** Text safe inside a GitHub table cell: no pipes, no HTML, no line breaks. */
function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

function mdTable(headers: string[], rows: string[][], right: boolean[]): string {
  const sep = headers.map((_, i) => (right[i] ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const VERDICT_MARK = { better: ' ✅', worse: ' ⚠️', neutral: '' } as const;

/** A marker the CI workflow finds its own comment by. */
export const MARKDOWN_MARKER = '<!-- llmsim-diff -->';

export function diffMarkdown(r: DiffReport): string {
  const s = summarize(r);
  const code = (t: string) => `\`${t.replace(/`/g, "'")}\``;
  const out = [
    MARKDOWN_MARKER,
    `**llmsim diff** ${code(r.base)} → ${code(r.head)}: ${md(summaryLine(r, s, code))}`,
    '',
    `hw-specs: ${md(specChangesLine(r))}`,
    '',
  ];
  const changed = r.metrics.filter((m) => m.changed);
  if (changed.length) {
    out.push(
      mdTable(
        HEADERS,
        changed.map((m) => [
          md(m.scenario),
          code(m.metric),
          formatValue(m.before),
          formatValue(m.after),
          formatChange(m.changePct) + VERDICT_MARK[m.verdict],
        ]),
        [false, false, true, true, true],
      ),
      '',
    );
  }
  out.push(`${s.unchanged} metric${s.unchanged === 1 ? '' : 's'} unchanged.`);
  const plans = planChanges(r);
  if (plans.length) {
    out.push(
      '',
      `<details><summary>Plans that changed (${plans.length})</summary>`,
      '',
      mdTable(
        ['scenario', 'plan before', 'plan after'],
        plans.map((p) => [md(p.id), md(p.before), md(p.after)]),
        [false, false, false],
      ),
      '',
      '</details>',
    );
  }
  const odd = unmatched(r);
  const table = (rows: ScenarioComparison[]) =>
    mdTable(
      ['scenario', 'status', 'base', 'head'],
      rows.map((x) => [md(x.id), STATUS_TEXT[x.status], md(valuesText(x.base)), md(valuesText(x.head))]),
      [false, false, false, false],
    );
  const moved = odd.filter((x) => x.status !== 'fails');
  if (moved.length) out.push('', table(moved));
  // failing before and after is not what the change did: folded away
  const stuck = odd.filter((x) => x.status === 'fails');
  if (stuck.length)
    out.push(
      '',
      `<details><summary>Failing on both sides (${stuck.length})</summary>`,
      '',
      table(stuck),
      '',
      '</details>',
    );
  out.push('', `<sub>suite ${md(r.suite.file)}; ✅ better, ⚠️ worse by the metric's direction</sub>`);
  return out.join('\n') + '\n';
}

/** The documented JSON: summary, the changed and unchanged metrics, every scenario's outcomes. */
export function diffJson(r: DiffReport): object {
  const s = summarize(r);
  return {
    base: r.base,
    head: r.head,
    suite: r.suite,
    spec_changes: r.specChanges,
    touched_hardware: r.touchedHardware,
    threshold_pct: r.thresholdPct,
    summary: {
      scenarios: s.scenarios,
      metrics_compared: s.compared,
      metrics_changed: s.changed,
      better: s.better,
      worse: s.worse,
      unchanged: s.unchanged,
      scenarios_by_status: s.byStatus,
    },
    changes: r.metrics
      .filter((m) => m.changed)
      .map((m) => ({
        scenario: m.scenario,
        kind: m.kind,
        metric: m.metric,
        before: m.before,
        after: m.after,
        change_pct: m.changePct,
        verdict: m.verdict,
      })),
    scenarios: r.scenarios,
  };
}

/**
 * One row per scenario and metric (units are in the metric names, e.g. tpot_ms); a side that did
 * not run leaves its value empty and says why in base_reason / head_reason.
 */
export function diffCsv(r: DiffReport): string {
  const byKey = new Map(r.metrics.map((m) => [`${m.scenario}\u0000${m.metric}`, m]));
  const rows: Record<string, string | number>[] = [];
  for (const s of r.scenarios) {
    const names = new Set([
      ...(s.base.status === 'ok' ? Object.keys(s.base.values) : []),
      ...(s.head.status === 'ok' ? Object.keys(s.head.values) : []),
    ]);
    const reason = (o: Outcome) => (o.status === 'ok' ? '' : o.reason);
    const plan = (o: Outcome) => (o.status === 'ok' ? (o.plan ?? '') : '');
    const value = (o: Outcome, k: string) => (o.status === 'ok' ? (o.values[k] ?? '') : '');
    const emit = (metric: string, m: MetricComparison | undefined) =>
      rows.push({
        scenario: s.id,
        kind: s.kind,
        hw: s.hw,
        metric,
        before: value(s.base, metric),
        after: value(s.head, metric),
        change_pct: m?.changePct ?? '',
        status: m ? (m.changed ? 'changed' : 'unchanged') : s.status,
        verdict: m?.changed ? m.verdict : '',
        base_plan: plan(s.base),
        head_plan: plan(s.head),
        base_reason: reason(s.base),
        head_reason: reason(s.head),
      });
    if (!names.size) emit('', undefined);
    for (const metric of names) emit(metric, byKey.get(`${s.id}\u0000${metric}`));
  }
  return stringify(rows, {
    header: true,
    columns: [
      'scenario',
      'kind',
      'hw',
      'metric',
      'before',
      'after',
      'change_pct',
      'status',
      'verdict',
      'base_plan',
      'head_plan',
      'base_reason',
      'head_reason',
    ],
  });
}
