import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { exampleConfig } from '../support/config';
import { baseRef, USAGE } from '../../tools/diff/cli';
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

test('--help prints the usage, with the default base and every option, and exits 0', () => {
  const text = run(['--help']);
  expect(text).toBe(USAGE);
  for (const option of ['--base <ref>', '--base-out <dir>', '--head-out <dir>', '--markdown <file>', '-h, --help'])
    expect(text).toContain(option);
  expect(text).toContain('default: origin/main, else main');
});

describe('the base without --base', () => {
  test.each([
    ['origin/main and main exist', ['origin/main', 'main'], 'origin/main'],
    ['only main exists (a clone without a remote)', ['main'], 'main'],
  ])('%s: %j -> compares with the first that exists', (_name, refs, expected) => {
    expect(baseRef(undefined, (ref) => refs.includes(ref))).toBe(expected);
  });

  test('a given --base wins', () => {
    expect(baseRef('HEAD~1', () => true)).toBe('HEAD~1');
  });

  test('neither exists: the error says to name one', () => {
    expect(() => baseRef(undefined, () => false)).toThrow(
      'neither origin/main nor main exists here; name the base: --base <git ref> (--help)',
    );
  });
});
