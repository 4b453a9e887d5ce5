// `llmsim validate --report`: predicted vs measured for every published case (scatter with the
// ±10 % band), the error per category, the cases no model answers yet with the reason, all cases.
import { findDevice, type HardwareCatalog } from '../../hardware/catalog.js';
import type { Device, Link } from '../../hardware/types.js';
import type { ErrorSummary, ValidationRun } from '../../validation/run.js';
import type { ValidationCase } from '../../validation/types.js';
import { htmlTable } from './html-table.js';
import { renderPage } from './page.js';
import { descriptorFiles, inputFile, type ReportInputs } from './provenance.js';
import { ERROR_BAND, scatterable, validationScatter } from './validation-scatter.js';

const pct = (x: number | null) => (x === null ? null : Number((100 * x).toFixed(1)));

function summaryRow(label: string, s: ErrorSummary) {
  return [
    label,
    s.cases,
    s.n,
    pct(s.median_abs_error),
    pct(s.mean_abs_error),
    s.worst?.id ?? '',
    s.worst ? pct(s.worst.error) : null,
    s.unpredicted,
  ];
}

/** The case files, and the descriptors of every device the cases name, the links they name and the devices' default links. */
export function validationInputs(cases: ValidationCase[], catalog: HardwareCatalog, ideal: boolean): ReportInputs {
  const devices = new Map<string, Device>();
  const links = new Map<string, Link>();
  const addLink = (id: string | undefined) => {
    const l = id === undefined ? undefined : catalog.links.get(id);
    if (l) links.set(l.id, l);
  };
  for (const c of cases) {
    try {
      const d = findDevice(catalog, c.hardware.device);
      devices.set(d.id, d);
    } catch {
      // an unknown device is that case's "unpredicted" reason, listed in the report
    }
    addLink(c.hardware.scaleUp);
    addLink(c.hardware.nic);
  }
  for (const d of devices.values()) {
    addLink(d.scaleUp?.linkId);
    addLink(d.scaleOut?.linkId);
  }
  const files = [...new Set(cases.map((c) => c.file))].sort().map(inputFile);
  return {
    hardware: {
      name: `the ${devices.size} devices the cases name and ${links.size} links (named by the cases or the devices' defaults)`,
      origin: [],
      files: descriptorFiles([...devices.values()], [...links.values()]),
    },
    workload: [
      ['cases', String(cases.length)],
      [
        'mode',
        ideal
          ? 'ideal (GenZ-like: datasheet peaks, no efficiency fractions or overheads)'
          : 'calibrated efficiency (the default)',
      ],
    ],
    files,
  };
}

export function validationHtml(run: ValidationRun, inputs: ReportInputs): string {
  const s = run.summary;
  const scatter = validationScatter(run.rows);
  const within = run.rows.filter((r) => scatterable(r) && Math.abs(r.error) <= ERROR_BAND).length;
  const groups = new Map<string, string[]>();
  for (const r of run.rows)
    if (r.unpredicted !== null) groups.set(r.unpredicted, [...(groups.get(r.unpredicted) ?? []), r.id]);
  const unpredicted = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  return renderPage({
    title: 'llmsim validate — predictions against published measurements',
    summary: [
      `${s.overall.cases} cases, ${s.overall.n} predicted: median |error| ${pct(s.overall.median_abs_error) ?? '—'} %, mean ${pct(s.overall.mean_abs_error) ?? '—'} %; ${within} within ±${ERROR_BAND * 100} %. ${s.overall.unpredicted} case(s) not predicted yet (listed with the reason).`,
    ],
    inputs,
    sections: [
      {
        id: 'scatter',
        title: 'Predicted against measured',
        text: [
          `Each predicted case is a point (hover: case id and error); the green band is ±${ERROR_BAND * 100} % around predicted = measured. Cases measure different things in different units, so the axes are each case's own unit.`,
        ],
        chart: scatter,
      },
      {
        id: 'summary',
        title: 'Error per category',
        html: htmlTable(
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
          [...Object.entries(s.byCategory).map(([c, x]) => summaryRow(c, x)), summaryRow('overall', s.overall)],
        ),
      },
      ...(unpredicted.length
        ? [
            {
              id: 'unpredicted',
              title: 'Cases not predicted yet, by reason',
              html: htmlTable(
                ['cases', 'reason', 'case ids'],
                unpredicted.map(([reason, ids]) => [ids.length, reason, ids.join(', ')]),
              ),
            },
          ]
        : []),
      {
        id: 'cases',
        title: 'Cases',
        html: htmlTable(
          ['case', 'category', 'metric', 'unit', 'measured', 'predicted', 'error %', 'trust', 'note'],
          run.rows.map((r) => [
            r.id,
            r.category,
            r.metric,
            r.unit,
            r.measured,
            r.predicted === null ? null : Number(r.predicted.toPrecision(4)),
            pct(r.error),
            r.trust,
            r.unpredicted ?? r.note ?? '',
          ]),
          { caption: 'error = (predicted − measured) / measured' },
        ),
      },
    ],
  });
}
