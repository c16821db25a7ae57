import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { exampleConfig } from '../support/config';
import { synthInto, tempDir } from './support/synth-pair';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = tempDir('diff-cli-test-');
afterAll(() => tmp.cleanup());

const run = (args: string[]) =>
  execFileSync(process.execPath, ['-r', 'sucrase/register', 'tools/diff/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });

test('npm run diff compares two synthesized outputs and writes the Markdown', () => {
  const base = synthInto(exampleConfig(), `${tmp.dir}/base`);
  const head = synthInto(
    exampleConfig((raw) => (raw.environments.dev.protectStatefulResources = false)),
    `${tmp.dir}/head`,
  );
  const markdownFile = `${tmp.dir}/diff.md`;
  const text = run(['--base-out', base, '--head-out', head, '--markdown', markdownFile]);
  expect(text.split('\n')[0]).toMatch(/^Synth diff: 1 of \d+ stacks change; [1-9]\d* must-not-miss finding\(s\), 0 IAM widening\(s\)\.$/);
  expect(fs.readFileSync(markdownFile, 'utf8')).toContain(
    '- 🛑 **dev** · protection: dev/artifact-store/bucket: lifecycle.prevent\\_destroy turned off',
  );
});

test('without a base it explains its usage and fails', () => {
  expect(() => run([])).toThrow(/usage: npm run diff -- --base <git ref>/);
});
