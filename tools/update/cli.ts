/**
 * `npm run update`: regenerate every file derived from the configuration (GENERATORS in ./generators.ts:
 * docs/pipelines, the stack inventories, ...) and print what changed. `--check` changes nothing and fails
 * when a derived file is stale. The config comes from PLATFORM_CONFIG_DIR or environments/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { loadConfig } from '../../model';
import { synthesizePlatform } from '../../stacks';
import { readSynthOutput } from '../diff/diff';
import { GENERATORS } from './generators';
import { administratorNotes, applyChanges, formatChanges, pendingChanges } from './update';

const ROOT = path.resolve(__dirname, '..', '..');

const HELP = `Usage: npm run update [-- --check] [-- --only <name>]

Regenerates every file derived from the configuration (environments/, or PLATFORM_CONFIG_DIR) and prints
what it changed:
${GENERATORS.map((g) => `  ${g.name.padEnd(12)} ${g.description}`).join('\n')}

  --check         change nothing; exit 1 when a derived file is stale (the PR check)
  --only <name>   only this generator (repeatable)
  --help          this text
`;

function main(): void {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const only = values.only ?? [];
  const unknown = only.filter((name) => !GENERATORS.some((g) => g.name === name));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(', ')}: no such generator (${GENERATORS.map((g) => g.name).join(', ')})`);
  const generators = only.length > 0 ? GENERATORS.filter((g) => only.includes(g.name)) : GENERATORS;

  const config = loadConfig(process.env.PLATFORM_CONFIG_DIR);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-update-'));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  process.once('exit', cleanup);
  let stacks;
  try {
    stacks = readSynthOutput(synthesizePlatform(config, path.join(tmp, 'out')).outdir);
  } finally {
    cleanup();
  }
  const changes = pendingChanges(ROOT, generators, { config, stacks });
  if (changes.length === 0) {
    process.stdout.write('Every derived file is up to date.\n');
    return;
  }
  if (values.check) {
    process.stderr.write(
      `${changes.length} derived file(s) are stale:\n${formatChanges(changes)}\nRun \`npm run update\` and commit the result.\n`,
    );
    process.exitCode = 1;
    return;
  }
  applyChanges(ROOT, changes);
  process.stdout.write(`Updated ${changes.length} derived file(s):\n${formatChanges(changes)}\nReview the diff and commit it.\n`);
  const notes = administratorNotes(changes, stacks);
  if (notes.length > 0) process.stdout.write(`\n${notes.join('\n')}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`update failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
