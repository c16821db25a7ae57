/** Renderers of a `SynthDiff`: plain text for the terminal, Markdown for the pull-request comment. */
import type { Callout, ResourceChange, StackDiff, SynthDiff } from './model';
import { brief } from './values';

const ICON = { danger: '🛑', warning: '⚠️' } as const;

function counts(s: StackDiff): string {
  const parts = [`${s.added.length} added`, `${s.removed.length} removed`, `${s.changed.length} changed`];
  if (s.moved.length > 0) parts.push(`${s.moved.length} moved`);
  if (s.movedOut.length > 0) parts.push(`${s.movedOut.length} moved to other stacks`);
  if (s.movedIn.length > 0) parts.push(`${s.movedIn.length} moved from other stacks`);
  if (s.settings.length > 0) parts.push(`${s.settings.length} setting(s) changed`);
  return parts.join(', ');
}

function changeLine(c: ResourceChange['changes'][number]): string {
  return `${c.path}: ${brief(c.before)} -> ${brief(c.after)}`;
}

/** The headline: how many stacks changed and how many callouts. */
export function summaryLine(diff: SynthDiff): string {
  const changed = diff.stacks.filter((s) => s.status !== 'unchanged');
  if (changed.length === 0) return 'No change in the synthesized output.';
  const danger = diff.callouts.filter((c) => c.severity === 'danger').length;
  const iam = diff.callouts.filter((c) => c.severity === 'warning' && c.category === 'iam').length;
  const moves = diff.callouts.filter((c) => c.category === 'move').length;
  const stateMoves = moves > 0 ? `, ${moves} state move(s) to make` : '';
  const byHand = diff.callouts.filter((c) => c.category === 'administrator').map((c) => c.stack);
  const administrator = byHand.length > 0 ? `, ${byHand.length} stack(s) an administrator must apply by hand (${byHand.join(', ')})` : '';
  return `${changed.length} of ${diff.stacks.length} stacks change; ${danger} must-not-miss finding(s), ${iam} IAM widening(s)${stateMoves}${administrator}.`;
}

/** Plain text for a terminal. */
export function renderText(diff: SynthDiff): string {
  const lines = [`Synth diff: ${summaryLine(diff)}`];
  if (diff.callouts.length > 0) {
    lines.push('', 'Must not miss:');
    for (const c of diff.callouts) lines.push(`  ${c.severity.toUpperCase().padEnd(7)} [${c.stack}] ${c.category}: ${c.message}`);
  }
  for (const s of diff.stacks) {
    if (s.status === 'unchanged') continue;
    lines.push('', `${s.stack} (${s.status}): ${counts(s)}`);
    for (const r of s.added) lines.push(`  + ${r.address}  (${r.path})`);
    for (const r of s.removed) lines.push(`  - ${r.address}  (${r.path})`);
    for (const m of s.moved) lines.push(`  > ${m.from} -> ${m.to}`);
    for (const m of s.movedOut) lines.push(`  >> ${m.address}  (${m.path})  moved to ${m.stack}`);
    for (const m of s.movedIn) lines.push(`  << ${m.address}  (${m.path})  moved from ${m.stack}`);
    for (const r of s.changed) {
      lines.push(`  ~ ${r.address}  (${r.path})${r.forceNew.length > 0 ? '  REPLACED' : ''}`);
      for (const c of r.changes) lines.push(`      ${changeLine(c)}`);
    }
    for (const c of s.settings) lines.push(`  ~ ${changeLine(c)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Text safe inside Markdown (tables and lists): no HTML, no table breaks. */
function md(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\*/g, '\\*')
    .replace(/_/g, '\\_');
}

/** A code span that survives any content. */
function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

function calloutLine(c: Callout): string {
  return `- ${ICON[c.severity]} **${md(c.stack)}** · ${c.category}: ${md(c.message)}`;
}

function stackDetails(s: StackDiff): string[] {
  const lines = [`<details><summary><b>${md(s.stack)}</b> (${s.status}): ${counts(s)}</summary>`, ''];
  for (const r of s.added) lines.push(`- ➕ ${code(r.address)} ${md(r.path)}`);
  for (const r of s.removed) lines.push(`- ➖ ${code(r.address)} ${md(r.path)}`);
  for (const m of s.moved) lines.push(`- ↪️ ${code(m.from)} → ${code(m.to)}`);
  for (const m of s.movedOut) lines.push(`- 🚚 ${code(m.address)} ${md(m.path)}: moved to **${md(m.stack)}**`);
  for (const m of s.movedIn) lines.push(`- 🚚 ${code(m.address)} ${md(m.path)}: moved from **${md(m.stack)}**`);
  for (const r of s.changed) {
    const paths = r.changes.map((c) => code(c.path)).join(', ');
    lines.push(`- ✏️ ${code(r.address)} ${md(r.path)}${r.forceNew.length > 0 ? ' **(replaced)**' : ''}: ${paths}`);
  }
  if (s.settings.length > 0) lines.push(`- ⚙️ settings: ${s.settings.map((c) => code(c.path)).join(', ')}`);
  lines.push('', '</details>');
  return lines;
}

export interface MarkdownOptions {
  /** Heading level of the section title. @default 3 */
  readonly headingLevel?: number;
  /** Longest output; past it, per-resource details are left out. @default 40000 (GitHub comments hold 65536) */
  readonly maxLength?: number;
  /** Most callouts listed; the rest are counted. @default 60 */
  readonly maxCallouts?: number;
}

/** Markdown for the pull-request comment. */
export function renderMarkdown(diff: SynthDiff, options: MarkdownOptions = {}): string {
  const level = '#'.repeat(options.headingLevel ?? 3);
  const maxLength = options.maxLength ?? 40000;
  const head = [`${level} Synth diff`, '', summaryLine(diff)];
  if (diff.callouts.length > 0) {
    const shown = diff.callouts.slice(0, options.maxCallouts ?? 60);
    head.push('', `**Must not miss**`, '', ...shown.map(calloutLine));
    const hidden = diff.callouts.length - shown.length;
    if (hidden > 0) head.push(`- … and ${hidden} more: run \`npm run diff -- --base <ref>\` locally for all of them`);
  }
  const changed = diff.stacks.filter((s) => s.status !== 'unchanged');
  if (changed.length > 0) {
    head.push('', '| Stack | Status | Added | Removed | Changed | Moved |', '| --- | --- | ---: | ---: | ---: | ---: |');
    for (const s of changed) {
      const moved = s.moved.length + s.movedOut.length + s.movedIn.length;
      head.push(`| ${md(s.stack)} | ${s.status} | ${s.added.length} | ${s.removed.length} | ${s.changed.length} | ${moved} |`);
    }
  }
  const details = changed.flatMap((s) => ['', ...stackDetails(s)]);
  const full = [...head, ...details].join('\n');
  if (full.length <= maxLength) return `${full}\n`;
  return `${[...head, '', '_Per-resource details are too long for a comment: run `npm run diff -- --base <ref>` locally._'].join('\n')}\n`;
}
