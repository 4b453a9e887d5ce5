// Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.

export type Cell = string | number | undefined;

export function renderTable(headers: string[], rows: Cell[][], opts: { title?: string } = {}): string {
  const text = rows.map((r) => headers.map((_, i) => (r[i] === undefined ? '' : String(r[i]))));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => r[i] === undefined || typeof r[i] === 'number'),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)];
  if (opts.title) out.unshift(opts.title);
  return out.join('\n') + '\n';
}
