/** Markdown tables laid out as Prettier lays them out (columns padded to their widest cell). */

export type Align = 'left' | 'right';

const escape = (text: string) => text.replace(/\|/g, '\\|');

/**
 * Rows of an aligned Markdown table. Widths count UTF-16 code units, which equals Prettier's display width
 * for the text this generator writes (no emoji or East Asian wide characters).
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const cells = [headers, ...rows].map((row) => row.map(escape));
  const widths = headers.map((_, c) => Math.max(3, ...cells.map((row) => (row[c] ?? '').length)));
  const pad = (text: string, c: number) => (align[c] === 'right' ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const line = (row: readonly string[]) => `| ${row.map((text, c) => pad(text, c)).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (align[c] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)];
}
