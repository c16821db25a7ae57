import { spawnSync } from 'child_process';
import * as path from 'path';

// ESLint loads its config with a dynamic import, which jest's module system refuses: the sources are linted in
// one child process, through ESLint's own API and the repository's eslint.config.mjs.

export interface LintCase {
  /** Where the source would live (decides which config blocks apply); the file need not exist. */
  readonly filePath: string;
  readonly source: string;
}

export interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}

const ROOT = path.resolve(__dirname, '..', '..');

const LINT_SCRIPT = `
import { ESLint } from 'eslint';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const c of JSON.parse(input)) {
  const [result] = await eslint.lintText(c.source, { filePath: c.filePath });
  out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
`;

/** Lint each case with the repository's config; returns each case's messages. */
export function lint(cases: readonly LintCase[]): LintMessage[][] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintMessage[][];
}

/** The messages of one rule. */
export function ofRule(messages: readonly LintMessage[], ruleId: string): string[] {
  return messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
