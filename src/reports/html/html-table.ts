// Server-side tables (readable without JavaScript and in print); every cell is escaped.
import { escapeHtml } from './escape.js';

export type HtmlCell = string | number | null | undefined;

export interface TableOptions {
  /** rows drawn highlighted (the chosen plan) */
  highlight?: (row: number) => boolean;
  caption?: string;
  className?: string;
}

const fmtCell = (c: HtmlCell) => (c === null || c === undefined ? '' : typeof c === 'number' ? fmtNumber(c) : c);

/** Plain numbers with up to 4 significant digits, no thousands separators (as in the CSV). */
export function fmtNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

export function htmlTable(headers: string[], rows: HtmlCell[][], o: TableOptions = {}): string {
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => r[i] == null || typeof r[i] === 'number'));
  const head = headers.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r, k) => {
      const cells = headers.map((_, i) => `<td${numeric[i] ? ' class="num"' : ''}>${escapeHtml(fmtCell(r[i]))}</td>`);
      return `<tr${o.highlight?.(k) ? ' class="chosen"' : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = o.caption ? `<caption>${escapeHtml(o.caption)}</caption>` : '';
  return `<table class="${escapeHtml(o.className ?? 'data')}">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}
