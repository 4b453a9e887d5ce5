// `llmsim diff --report`: what a hw-specs change moves, as a page — the summary, a bar per changed
// metric (change %, green better, red worse), the table of changes with the plans chosen before and
// after, the scenarios that run on one side only with the reasons, the descriptor files that differ
// (with their sources) and the base, head and suite the diff was made from.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  STATUS_TEXT,
  formatChange,
  formatValue,
  planChanges,
  specChangesLine,
  summarize,
  summaryLine,
  unmatched,
  valuesText,
  type DiffReport,
  type MetricComparison,
  type ScenarioComparison,
} from '../diff-report.js';
import { bars } from './bars-chart.js';
import { htmlTable } from './html-table.js';
import { renderPage, type Section } from './page.js';
import { inputFile, type HardwareFile, type ReportInputs } from './provenance.js';

/** Bars drawn (the largest moves); the table lists every change. */
const BARS_SHOWN = 60;
/** Labels longer than this are cut (the hover text has them whole). */
const LABEL_CHARS = 90;

export const VERDICT_COLORS = { better: '#59a14f', worse: '#e15759', neutral: '#bab0ac' } as const;
const VERDICT_TEXT = { better: 'better', worse: 'worse', neutral: 'neither (no better direction)' } as const;

/** One side of the diff as the report sees it: its label and the hw-specs directory read. */
export interface DiffSideFiles {
  label: string;
  dir: string;
}

const KIND_OF_FOLDER: Record<string, HardwareFile['kind']> = { devices: 'device', links: 'link', systems: 'system' };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A descriptor file of one side with its hash, id, name, notes and sources, read from its JSON. */
function sideFile(side: DiffSideFiles, rel: string): HardwareFile {
  const abs = join(side.dir, rel);
  const hashed = inputFile(abs);
  // a git ref's copy is temporary: name the file as git does (ref:hw-specs/devices/x.json)
  const isDir = resolve(side.label) === resolve(side.dir);
  const path = isDir ? hashed.path : `${side.label}:hw-specs/${rel}`;
  const json: unknown = JSON.parse(readFileSync(abs, 'utf8'));
  const j = isRecord(json) ? json : {};
  const sources = isRecord(j.sources)
    ? Object.entries(j.sources).flatMap(([key, s]) =>
        isRecord(s) && typeof s.title === 'string'
          ? [{ key, title: s.title, ...(typeof s.url === 'string' && { url: s.url }) }]
          : [],
      )
    : [];
  const fallback = rel.replace(/^.*\//, '').replace(/\.json$/, '');
  return {
    path,
    sha256: hashed.sha256,
    kind: KIND_OF_FOLDER[rel.split('/')[0] ?? ''] ?? 'device',
    id: typeof j.id === 'string' ? j.id : fallback,
    name: typeof j.name === 'string' ? j.name : fallback,
    sources,
    ...(typeof j.notes === 'string' && j.notes && { notes: j.notes }),
  };
}

/**
 * The base and head (directory or ref), the suite file with its sha256, the threshold, and each
 * changed descriptor file as each side has it, with its hash and sources. Call while the sides are
 * open (a ref's copy is removed when its side closes).
 */
export function diffInputs(r: DiffReport, suiteFile: string, base: DiffSideFiles, head: DiffSideFiles): ReportInputs {
  const c = r.specChanges;
  const files: HardwareFile[] = [
    ...c.modified.flatMap((f) => [sideFile(base, f), sideFile(head, f)]),
    ...c.added.map((f) => sideFile(head, f)),
    ...c.removed.map((f) => sideFile(base, f)),
  ];
  const workload: [string, string][] = [
    ['base', r.base],
    ['head', r.head],
    ['suite', r.suite.file + (r.suite.description ? ` — ${r.suite.description}` : '')],
    ['threshold', r.thresholdPct > 0 ? `moves up to ${r.thresholdPct} % count as unchanged` : 'any move counts'],
  ];
  return {
    ...(files.length && {
      hardware: {
        name: 'the descriptor files that differ, as each side has them',
        origin: r.touchedHardware.length ? [`hardware the change touches: ${r.touchedHardware.join(', ')}`] : [],
        files,
      },
    }),
    workload,
    files: [inputFile(suiteFile)],
    notes: ["Both sides are evaluated with this checkout's code, so the diff isolates the descriptor change."],
  };
}

const cut = (t: string) => (t.length > LABEL_CHARS ? `${t.slice(0, LABEL_CHARS - 1)}…` : t);

function changesChart(changed: MetricComparison[]) {
  const drawn = changed.filter((m) => m.changePct !== null).slice(0, BARS_SHOWN);
  const labels = drawn.map((m) => cut(`${m.scenario} · ${m.metric}`));
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return {
    drawn,
    chart: bars({
      labels,
      // fractions: the chart's "%" unit shows them as percent
      values: drawn.map((m) => m.changePct! / 100),
      unit: '%',
      yLabel: 'change from base to head',
      colors: drawn.map((m) => VERDICT_COLORS[m.verdict]),
      // about 5.5 px a character of 11 px text
      labelWidth: Math.min(560, Math.max(300, Math.ceil(longest * 5.5) + 16)),
      valueLabels: drawn.map((m) => formatChange(m.changePct)),
      notes: drawn.map(
        (m) =>
          `${m.scenario}\n${m.metric}: ${formatValue(m.before)} → ${formatValue(m.after)} (${VERDICT_TEXT[m.verdict]})`,
      ),
    }),
  };
}

function changesTable(r: DiffReport, changed: MetricComparison[]): string {
  const byId = new Map(r.scenarios.map((s) => [s.id, s]));
  const planOf = (s: ScenarioComparison | undefined, side: 'base' | 'head') => {
    const o = s?.[side];
    return o?.status === 'ok' ? (o.plan ?? '') : '';
  };
  return htmlTable(
    ['scenario', 'metric', 'before', 'after', 'change', 'verdict', 'plan before', 'plan after'],
    changed.map((m) => {
      const s = byId.get(m.scenario);
      const moved = planOf(s, 'base') !== planOf(s, 'head');
      return [
        m.scenario,
        m.metric,
        Number(formatValue(m.before)),
        Number(formatValue(m.after)),
        formatChange(m.changePct),
        m.verdict === 'neutral' ? '—' : m.verdict,
        moved ? planOf(s, 'base') : '',
        moved ? planOf(s, 'head') : '',
      ];
    }),
    { caption: 'largest |change| first; the plans are shown where the search picked a different one' },
  );
}

function scenarioTable(rows: ScenarioComparison[]): string {
  return htmlTable(
    ['scenario', 'status', 'base', 'head'],
    rows.map((x) => [x.id, STATUS_TEXT[x.status], valuesText(x.base), valuesText(x.head)]),
  );
}

function specChangesSection(r: DiffReport): Section {
  const c = r.specChanges;
  const rows = [
    ...c.modified.map((f) => ['modified', f]),
    ...c.added.map((f) => ['added', f]),
    ...c.removed.map((f) => ['removed', f]),
  ];
  if (!rows.length)
    return { id: 'spec-changes', title: 'Descriptor files', text: ['No descriptor differs between base and head.'] };
  return {
    id: 'spec-changes',
    title: `Descriptor files that differ (${rows.length})`,
    text: [
      r.touchedHardware.length
        ? `Hardware the change touches: ${r.touchedHardware.join(', ')}.`
        : 'No system or device uses these files.',
      "Files compare as parsed JSON (reformatting is not a change). Each side's version, its sha256 and the sources its numbers name are listed under Inputs.",
    ],
    html: htmlTable(['change', 'file (in hw-specs/)'], rows),
  };
}

export function diffHtml(r: DiffReport, inputs: ReportInputs): string {
  const s = summarize(r);
  const changed = r.metrics.filter((m) => m.changed);
  const plans = planChanges(r);
  const odd = unmatched(r);
  const moved = odd.filter((x) => x.status !== 'fails');
  const stuck = odd.filter((x) => x.status === 'fails');
  const nothingMoved = !changed.length && !plans.length && !moved.length;
  const sections: Section[] = [];

  if (changed.length) {
    const { drawn, chart } = changesChart(changed);
    const undrawn = changed.length - drawn.length;
    const zero = changed.filter((m) => m.changePct === null).length;
    sections.push({
      id: 'changes',
      title: `What moved: ${changed.length} of ${s.compared} metrics`,
      text: [
        `Change from base to head of each metric that moved${r.thresholdPct > 0 ? ` by more than ${r.thresholdPct} %` : ''}, largest first: green is better, red is worse by the metric's direction, grey has no better direction. Hover a bar for the values.`,
        ...(undrawn
          ? [
              `${undrawn} change(s) not drawn${zero ? ` (${zero} from 0, which has no percentage)` : ''}${undrawn - zero > 0 ? `; the chart shows the ${drawn.length} largest` : ''}; the table lists all.`,
            ]
          : []),
      ],
      ...(drawn.length && { chart }),
      html: changesTable(r, changed) + `\n<p>${s.unchanged} metric${s.unchanged === 1 ? '' : 's'} unchanged.</p>`,
    });
  } else {
    sections.push({
      id: 'changes',
      title: nothingMoved ? 'Nothing moved' : 'No metric moved',
      text: [
        `All ${s.compared} metrics of the scenarios that ran on both sides are the same in base and head${r.thresholdPct > 0 ? ` (within the ${r.thresholdPct} % threshold)` : ''}.`,
        ...(nothingMoved ? ['No chosen plan changed, and every scenario runs (or fails) on both sides alike.'] : []),
      ],
    });
  }

  if (plans.length) {
    sections.push({
      id: 'plans',
      title: `Plans the search picks differently (${plans.length})`,
      html: htmlTable(
        ['scenario', 'plan before', 'plan after'],
        plans.map((p) => [p.id, p.before, p.after]),
      ),
    });
  }
  if (moved.length) {
    sections.push({
      id: 'one-side',
      title: `Scenarios that run on one side only (${moved.length})`,
      text: ['Added or removed: the hardware exists on one side only. Fails or runs in head: the other side says why.'],
      html: scenarioTable(moved),
    });
  }
  if (stuck.length) {
    sections.push({
      id: 'fails',
      title: `Failing on both sides (${stuck.length})`,
      text: ['Not what the change did; listed with the reasons.'],
      html: scenarioTable(stuck),
    });
  }
  sections.push(specChangesSection(r));

  const statuses = (Object.keys(s.byStatus) as (keyof typeof s.byStatus)[]).filter((k) => s.byStatus[k]);
  sections.push({
    id: 'scenarios',
    title: `Scenarios (${s.scenarios})`,
    html: htmlTable(
      ['status', 'scenarios'],
      statuses.map((k) => [STATUS_TEXT[k], s.byStatus[k]]),
    ),
  });

  return renderPage({
    title: `llmsim diff — ${r.base} → ${r.head}`,
    summary: [
      nothingMoved
        ? `Nothing moved: ${s.scenarios} scenarios, ${s.compared} metrics, all the same on both sides.`
        : `${summaryLine(r, s, (t) => t)}.`,
      `hw-specs: ${specChangesLine(r)}.`,
    ],
    inputs,
    sections,
  });
}
