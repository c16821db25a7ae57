/** Compare the derived files (GENERATORS) with what is on disk, and write them. */
import * as fs from 'fs';
import * as path from 'path';
import { administratorApplyMessage, administratorStack } from '../diff/administrator';
import type { SynthOutput } from '../diff/diff';
import type { DerivedContext, Generator } from './generators';
import { INVENTORY_DIR } from './inventory';

/** One derived file that differs from the committed one. */
export interface Change {
  readonly generator: string;
  /** Relative to the repository root. */
  readonly path: string;
  readonly status: 'added' | 'changed' | 'removed';
  /** The generated text (unset when removed). */
  readonly text?: string;
}

/** Every file `generator` derives, with what is committed at `root`: `[path, generated text, committed text]`. */
export function derivedFiles(
  root: string,
  generator: Generator,
  context: DerivedContext,
): [string, string | undefined, string | undefined][] {
  const generated = new Map([...generator.generate(context)].map(([file, text]) => [path.normalize(file), text]));
  const read = (file: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : undefined);
  const rows: [string, string | undefined, string | undefined][] = [...generated].map(([file, text]) => [file, text, read(file)]);
  const folder = generator.folder;
  if (folder !== undefined && fs.existsSync(path.join(root, folder.dir))) {
    for (const name of fs.readdirSync(path.join(root, folder.dir))) {
      const file = path.join(folder.dir, name);
      if (name.endsWith(folder.extension) && !generated.has(file)) rows.push([file, undefined, read(file)]);
    }
  }
  return rows.sort(([a], [b]) => a.localeCompare(b));
}

/** What `npm run update` would change at `root`. */
export function pendingChanges(root: string, generators: readonly Generator[], context: DerivedContext): Change[] {
  return generators.flatMap((generator) =>
    derivedFiles(root, generator, context).flatMap(([file, text, committed]): Change[] => {
      if (text === committed) return [];
      const status = text === undefined ? 'removed' : committed === undefined ? 'added' : 'changed';
      return [{ generator: generator.name, path: file, status, ...(text === undefined ? {} : { text }) }];
    }),
  );
}

/** Write (or remove) each changed file under `root`. */
export function applyChanges(root: string, changes: readonly Change[]): void {
  for (const change of changes) {
    const file = path.join(root, change.path);
    if (change.text === undefined) {
      fs.rmSync(file, { force: true });
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, change.text);
    }
  }
}

/** `  changed  docs/pipelines/dev.md  (docs)`, one line per change. */
export function formatChanges(changes: readonly Change[]): string {
  return changes.map((c) => `  ${c.status.padEnd(7)}  ${c.path}  (${c.generator})`).join('\n');
}

/**
 * Lines of `generated` missing from `committed` (`+`) and lines of `committed` no longer generated (`-`), at
 * most `max` of them: for a stale inventory, the blocks that were added, removed or changed.
 */
export function changedLines(committed: string, generated: string, max = 40): string {
  const before = new Set(committed.split('\n'));
  const after = new Set(generated.split('\n'));
  const lines = [
    ...[...before].filter((l) => !after.has(l)).map((l) => `- ${l}`),
    ...[...after].filter((l) => !before.has(l)).map((l) => `+ ${l}`),
  ];
  return [...lines.slice(0, max), ...(lines.length > max ? [`... and ${lines.length - max} more lines`] : [])].join('\n');
}

/**
 * For each stack inventory added or changed among `changes` whose stack no workflow applies (bootstrap, the access
 * stacks), what the administrator must do, one line each: adding a service with its own infrastructure or an
 * environment changes `bootstrap` (its state roles), and nothing applies it unless someone is told. (A removed
 * stack is no longer synthesized here; the synth diff, which sees the base, calls it out.)
 */
export function administratorNotes(changes: readonly Change[], stacks: SynthOutput): string[] {
  return changes.flatMap((change) => {
    if (change.status === 'removed' || path.dirname(change.path) !== INVENTORY_DIR || !change.path.endsWith('.txt')) return [];
    const stack = path.basename(change.path, '.txt');
    const admin = administratorStack(stack, stacks.get(stack));
    return admin === undefined ? [] : [`Administrator: ${administratorApplyMessage(admin, change.status)}.`];
  });
}
