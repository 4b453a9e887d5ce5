// The validation run as terminal tables, as JSON and as CSV rows.
import { stringify } from 'csv-stringify/sync';
import type { InputProblem } from '../errors.js';
import type { ErrorSummary, ValidationRow, ValidationRun } from '../validation/run.js';
import { renderTable, type Cell } from './table.js';

/** How many ids the text lists per unpredicted reason. */
const IDS_PER_REASON = 3;

const sig = (x: number) => Number(x.toPrecision(4));
const pct = (x: number | null) => (x === null ? undefined : Number((x * 100).toFixed(1)));

function caseCells(r: ValidationRow): Cell[] {
  return [
    r.id,
    r.category,
    r.metric,
    r.unit,
    r.measured,
    r.predicted === null ? undefined : sig(r.predicted),
    pct(r.error),
    r.unpredicted !== null ? 'unpredicted' : undefined,
  ];
}

function summaryCells(label: string, s: ErrorSummary): Cell[] {
  return [
    label,
    s.cases,
    s.n,
    pct(s.median_abs_error),
    pct(s.mean_abs_error),
    s.worst?.id,
    s.worst ? pct(s.worst.error) : undefined,
    s.unpredicted,
  ];
}

/** reason → the ids of the cases it holds back, largest group first */
function unpredictedGroups(rows: ValidationRow[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const r of rows)
    if (r.unpredicted !== null) groups.set(r.unpredicted, [...(groups.get(r.unpredicted) ?? []), r.id]);
  return [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

export function validationText(run: ValidationRun): string {
  if (!run.rows.length) return 'no cases to validate\n';
  const out: string[] = [];
  out.push(
    renderTable(
      ['case', 'category', 'metric', 'unit', 'measured', 'predicted', 'error %', ''],
      run.rows.map(caseCells),
      { title: 'Cases (error = (predicted - measured) / measured)' },
    ),
  );
  const s = run.summary;
  out.push(
    renderTable(
      [
        'category',
        'cases',
        'predicted',
        'median |error| %',
        'mean |error| %',
        'worst case',
        'worst error %',
        'unpredicted',
      ],
      [...Object.entries(s.byCategory).map(([cat, x]) => summaryCells(cat, x)), summaryCells('overall', s.overall)],
      { title: 'Summary' },
    ),
  );
  const groups = unpredictedGroups(run.rows);
  if (groups.length) {
    const lines = [`Unpredicted: ${s.overall.unpredicted} case(s), by reason`];
    for (const [reason, ids] of groups) {
      const more = ids.length > IDS_PER_REASON ? `, ... (+${ids.length - IDS_PER_REASON} more)` : '';
      lines.push(`  ${ids.length}  ${reason}`, `      ${ids.slice(0, IDS_PER_REASON).join(', ')}${more}`);
    }
    out.push(lines.join('\n') + '\n');
  }
  return out.join('\n');
}

function summaryJson(s: ErrorSummary) {
  return {
    cases: s.cases,
    n: s.n,
    median_abs_error: s.median_abs_error,
    mean_abs_error: s.mean_abs_error,
    worst: s.worst,
    unpredicted: s.unpredicted,
    unpredicted_reasons: s.unpredictedReasons,
  };
}

/** Errors are fractions; `problems` lists the cases and files that could not be read. */
export function validationJson(run: ValidationRun, problems: InputProblem[] = []) {
  const byCategory: Record<string, ReturnType<typeof summaryJson>> = {};
  for (const [cat, x] of Object.entries(run.summary.byCategory)) byCategory[cat] = summaryJson(x);
  return {
    summary: { overall: summaryJson(run.summary.overall), byCategory },
    cases: run.rows.map((r) => ({
      id: r.id,
      category: r.category,
      metric: r.metric,
      unit: r.unit,
      measured: r.measured,
      predicted: r.predicted,
      error: r.error,
      unpredicted: r.unpredicted,
      note: r.note,
      trust: r.trust,
      file: r.file,
    })),
    problems,
  };
}

/** One row per case, plain numbers; the unit of measured and predicted is in the unit column. */
export function validationCsv(run: ValidationRun): string {
  const rows = run.rows.map((r) => ({
    id: r.id,
    category: r.category,
    metric: r.metric,
    unit: r.unit,
    measured: r.measured,
    predicted: r.predicted ?? '',
    error_fraction: r.error ?? '',
    unpredicted_reason: r.unpredicted ?? '',
    trust: r.trust,
    file: r.file,
    note: r.note ?? '',
  }));
  return stringify(rows, {
    header: true,
    columns: [
      'id',
      'category',
      'metric',
      'unit',
      'measured',
      'predicted',
      'error_fraction',
      'unpredicted_reason',
      'trust',
      'file',
      'note',
    ],
  });
}
