/** Minimal, safe Mermaid building blocks: ids from a fixed alphabet, labels escaped. */

/** A node id Mermaid accepts, derived from `text` (stable: the same text gives the same id). */
export function nodeId(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/^(\d)/, 'n$1');
}

/** A quoted label: quotes and angle brackets escaped; `lines` joined with line breaks. */
export function label(...lines: string[]): string {
  const escaped = lines.map((l) => l.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;'));
  return `"${escaped.join('<br/>')}"`;
}

/** A fenced Mermaid block. */
export function mermaid(lines: readonly string[]): string {
  return ['```mermaid', ...lines, '```'].join('\n');
}
