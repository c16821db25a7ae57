import * as path from 'path';
import { loadConfig } from '../../model';
import { readSynthOutput } from '../../tools/diff/diff';
import { GENERATORS } from '../../tools/update/generators';
import { changedLines, derivedFiles } from '../../tools/update/update';
import { liveOutdir } from '../support/example';

// Every file derived from the live configuration (docs/pipelines, the stack inventories, ... : tools/update/
// generators.ts) is committed as `npm run update` writes it. Never updated by a test run: a stale file fails
// here, with the lines that differ (for an inventory: the blocks added, removed or changed) and the command.
const ROOT = path.resolve(__dirname, '..', '..');
const context = { config: loadConfig(), stacks: readSynthOutput(liveOutdir()) };

const rows = GENERATORS.flatMap((generator) =>
  derivedFiles(ROOT, generator, context).map(([file, generated, committed]) => ({ generator: generator.name, file, generated, committed })),
);

test.each(rows.map((row) => [row.file, row] as const))('%s is up to date', (file, { generator, generated, committed }) => {
  if (generated === committed) return;
  const what =
    generated === undefined
      ? `${file} is no longer generated (${generator})`
      : committed === undefined
        ? `${file} is missing (${generator})`
        : `${file} is stale (${generator}):\n${changedLines(committed, generated)}`;
  throw new Error(`${what}\nRun \`npm run update\`, review the diff and commit it.`);
});
