/** Plain-text tables for a terminal: every column as wide as its widest cell, whatever the names. */

export type ColumnAlign = 'left' | 'right';

/**
 * Lines of an aligned table: the header row, then one line per row, each indented by `indent`. Text columns
 * are left-aligned, and columns marked `right` (numbers) right-aligned; two spaces separate columns.
 */
export function textTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align: readonly ColumnAlign[] = [],
  indent = '  ',
): string[] {
  const cells = [headers, ...rows].map((row) => headers.map((_, c) => String(row[c] ?? '')));
  const widths = headers.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const pad = (text: string, c: number) => (align[c] === 'right' ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  return cells.map((row) => `${indent}${row.map(pad).join('  ')}`.trimEnd());
}
