import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DANGER_EXIT_CODE, DANGER_LABEL } from '../../tools/diff';
import { exampleConfig } from '../support/config';
import { baseRef, USAGE } from '../../tools/diff/cli';
import { once, synthInto, tempDir } from './support/synth-pair';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = tempDir('diff-cli-test-');
afterAll(() => tmp.cleanup());

const run = (args: string[]) =>
  execFileSync(process.execPath, ['-r', 'sucrase/register', 'tools/diff/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });

const runWithStatus = (args: string[]) =>
  spawnSync(process.execPath, ['-r', 'sucrase/register', 'tools/diff/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

const base = once(() => synthInto(exampleConfig(), `${tmp.dir}/base`));

describe('a diff that turns a protection off', () => {
  const head = () =>
    synthInto(
      exampleConfig((raw) => (raw.environments.dev.protectStatefulResources = false)),
      `${tmp.dir}/head`,
    );
  let result: ReturnType<typeof runWithStatus>;
  beforeAll(() => {
    result = runWithStatus([
      '--base-out',
      base(),
      '--head-out',
      head(),
      '--markdown',
      `${tmp.dir}/diff.md`,
      '--json',
      `${tmp.dir}/diff.json`,
    ]);
  });

  test('prints and writes the Markdown', () => {
    expect(result.stdout.split('\n')[0]).toMatch(
      /^Synth diff: 1 of \d+ stacks change; [1-9]\d* must-not-miss finding\(s\), 0 IAM widening\(s\)\.$/,
    );
    expect(fs.readFileSync(`${tmp.dir}/diff.md`, 'utf8')).toContain(
      '- 🛑 **dev** · protection: dev/artifact-store/bucket: lifecycle.prevent\\_destroy turned off',
    );
  });

  test('exits with the danger code and says how a reviewer confirms', () => {
    expect(result.status).toBe(DANGER_EXIT_CODE);
    expect(result.stderr).toContain(`a reviewer other than the author confirms them with the label "${DANGER_LABEL}"`);
  });

  test('writes the changed stacks and the danger as JSON', () => {
    const report = JSON.parse(fs.readFileSync(`${tmp.dir}/diff.json`, 'utf8'));
    expect(report.changed).toEqual(['dev']);
    expect(report.unchanged).toContain('prod');
    expect(report.danger).toContainEqual(
      expect.objectContaining({ stack: 'dev', category: 'protection', address: expect.stringContaining('aws_s3_bucket') }),
    );
  });
});

test('a diff without danger exits 0', () => {
  expect(runWithStatus(['--base-out', base(), '--head-out', base()]).status).toBe(0);
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
