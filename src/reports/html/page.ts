// The page shell every report shares: head and styles, the inputs block, the sections (server-side
// text and tables, one chart each), the report data as JSON and the inlined scripts that draw it.
import { clientScript, d3Source, llmsimVersion } from './assets.js';
import { escapeHtml, jsonForScript, safeHref } from './escape.js';
import { PAGE_CSS } from './styles.js';
import type { InputFile, ReportInputs } from './provenance.js';

/** A chart: the renderer in client/<kind>.js and the data it draws. */
export interface ChartSpec<K extends string = string, D = unknown> {
  kind: K;
  data: D;
}

export interface Section {
  /** unique in the page; also the chart's element id */
  id: string;
  title: string;
  /** paragraphs of plain text, escaped */
  text?: string[];
  chart?: ChartSpec;
  /** markup built with escapeHtml/htmlTable, shown after the chart */
  html?: string;
}

export interface PageSpec {
  title: string;
  /** lines under the title: the answer in words */
  summary: string[];
  inputs: ReportInputs;
  sections: Section[];
}

const paragraphs = (lines: string[] | undefined) => (lines ?? []).map((t) => `<p>${escapeHtml(t)}</p>`).join('\n');

function fileLine(f: InputFile): string {
  return `<code>${escapeHtml(f.path)}</code> <span class="hash">sha256 ${escapeHtml(f.sha256)}</span>`;
}

function pairs(rows: [string, string][]): string {
  return `<dl class="pairs">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function inputsHtml(i: ReportInputs): string {
  const out: string[] = [`<p>llmsim ${escapeHtml(llmsimVersion())}</p>`];
  if (i.model) {
    out.push(
      `<h3>Model</h3><p>${escapeHtml(i.model.name)} — ${escapeHtml(i.model.source)}</p>`,
      ...(i.model.file ? [`<p>${fileLine(i.model.file)}</p>`] : []),
    );
  }
  if (i.hardware) {
    const h = i.hardware;
    out.push(
      `<h3>Hardware</h3><p>${h.spec !== undefined ? `<code>--hw ${escapeHtml(h.spec)}</code>: ` : ''}${escapeHtml(h.name)}</p>`,
      h.origin.length ? `<ul>${h.origin.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>` : '',
    );
  }
  if (i.workload.length) out.push('<h3>Workload</h3>', pairs(i.workload));
  if (i.plan?.length) out.push('<h3>Plan</h3>', pairs(i.plan));
  if (i.files?.length)
    out.push('<h3>Input files</h3>', `<ul>${i.files.map((f) => `<li>${fileLine(f)}</li>`).join('')}</ul>`);
  if (i.hardware?.files.length) {
    out.push(
      '<h3>Hardware descriptors and where their numbers come from</h3>',
      '<ul class="sources">',
      ...i.hardware.files.map(
        (f) =>
          `<li>${escapeHtml(f.kind)} <b>${escapeHtml(f.id)}</b> (${escapeHtml(f.name)}): ${fileLine(f)}${f.notes ? `<p class="note">${escapeHtml(f.notes)}</p>` : ''}<ul>${f.sources.map(sourceLine).join('')}</ul></li>`,
      ),
      '</ul>',
    );
  }
  out.push(paragraphs(i.notes));
  return out.join('\n');
}

function sourceLine(s: { key: string; title: string; url?: string }): string {
  const href = safeHref(s.url);
  // links open only when clicked; the report itself fetches nothing
  const url = href
    ? ` <a href="${escapeHtml(href)}" rel="noreferrer">${escapeHtml(href)}</a>`
    : s.url
      ? ` ${escapeHtml(s.url)}`
      : '';
  return `<li><code>${escapeHtml(s.key)}</code>: ${escapeHtml(s.title)}${url}</li>`;
}

function sectionHtml(s: Section): string {
  const chart = s.chart
    ? `<div class="chart" id="chart-${escapeHtml(s.id)}" data-chart="${escapeHtml(s.id)}"></div>`
    : '';
  return `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>\n${paragraphs(s.text)}\n${chart}\n${s.html ?? ''}</section>`;
}

/** Inline scripts must not contain "</script": d3 and our files do not, and this keeps it so. */
function inlineScript(source: string): string {
  if (/<\/script/i.test(source)) throw new Error('an inlined script contains "</script"');
  return `<script>${source}</script>`;
}

export function renderPage(spec: PageSpec): string {
  const ids = new Set<string>();
  for (const s of spec.sections) {
    if (ids.has(s.id)) throw new Error(`duplicate report section id "${s.id}"`);
    ids.add(s.id);
  }
  const charts = Object.fromEntries(spec.sections.flatMap((s) => (s.chart ? [[s.id, s.chart]] : [])));
  const kinds = [...new Set(spec.sections.flatMap((s) => (s.chart ? [s.chart.kind] : [])))].sort();
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // nothing may load from outside the file, whatever a descriptor holds
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(spec.title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head><body>',
    `<header><h1>${escapeHtml(spec.title)}</h1>${paragraphs(spec.summary)}</header>`,
    '<main>',
    ...spec.sections.map(sectionHtml),
    `<section id="inputs" class="inputs"><h2>Inputs</h2>${inputsHtml(spec.inputs)}</section>`,
    '</main>',
    `<script type="application/json" id="report-data">${jsonForScript(charts)}</script>`,
    inlineScript(d3Source()),
    inlineScript(clientScript('common')),
    ...kinds.map((k) => inlineScript(clientScript(k))),
    inlineScript(clientScript('boot')),
    '</body></html>',
    '',
  ].join('\n');
}
