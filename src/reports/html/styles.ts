// The report's stylesheet: system fonts only (nothing to download), print rules for paper.
export const PAGE_CSS = `
:root { --fg: #1d2430; --muted: #5b6575; --line: #d5dbe3; --accent: #1f6feb; --chosen: #fff4d6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 26px 0 8px; }
h3 { font-size: 14px; margin: 14px 0 4px; }
p { margin: 4px 0 8px; }
code, .hash { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.hash { color: var(--muted); word-break: break-all; }
section { margin-bottom: 12px; }
.chart { width: 100%; overflow-x: auto; }
.chart svg { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
.chart .axis text { fill: var(--muted); }
.chart .axis-label { fill: var(--fg); font-size: 12px; }
.chart .legend text { fill: var(--fg); }
.chart .grid line { stroke: #eef1f5; }
.chart .roof { fill: none; stroke-width: 1.5; }
.chart .roof.active { stroke-width: 3; }
.chart .mark:hover, .chart .mark.hover { stroke: #000; stroke-width: 1.5; }
.chart .chosen-mark { stroke: #000; stroke-width: 2; }
.chart .bubble { stroke: #c9ced6; }
.chart .band { fill: #2da44e; opacity: 0.3; }
.chart .chart-error { color: #b00; }
table.data { border-collapse: collapse; margin: 8px 0; font-size: 12.5px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
table.data th { background: #f5f7fa; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data tr.chosen td { background: var(--chosen); font-weight: 600; }
table.data caption { text-align: left; color: var(--muted); padding: 2px 0; }
dl.pairs { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 4px 0; }
dl.pairs dt { color: var(--muted); }
dl.pairs dd { margin: 0; }
.inputs ul { margin: 4px 0; padding-left: 20px; }
.inputs { border-top: 1px solid var(--line); margin-top: 26px; }
@media print {
  body { font-size: 11px; }
  header, main { max-width: none; padding: 0; }
  section { break-inside: avoid; page-break-inside: avoid; }
  .chart { overflow: visible; }
  .chart svg { max-width: 100%; }
  table.data { break-inside: auto; }
  table.data tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .inputs { break-before: page; }
}
`;
