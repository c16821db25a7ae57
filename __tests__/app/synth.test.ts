import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizePlatform } from '../../stacks';
import { EXAMPLE_STACKS_SORTED, exampleConfig, rawExample } from '../support/config';
import { writeConfigDir } from '../support/config-dir';
import { ERROR_LEVEL } from '../support/keep-findings';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cicd-synth-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function runCli(env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(root, 'tools/synth.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe('the whole app', () => {
  const first = path.join(tmp, 'first');
  const second = path.join(tmp, 'second');
  synthesizePlatform(exampleConfig(), first);
  synthesizePlatform(exampleConfig(), second);

  test('writes one directory per stack, a manifest and the policy report', () => {
    expect(fs.readdirSync(path.join(first, 'stacks')).sort()).toEqual(EXAMPLE_STACKS_SORTED);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(first, 'manifest.json'), 'utf8')).stacks).sort()).toEqual(
      EXAMPLE_STACKS_SORTED,
    );
    const report = JSON.parse(fs.readFileSync(path.join(first, 'policy-report.json'), 'utf8'));
    expect(report.summaries.map((s: any) => s.stack).sort()).toEqual(EXAMPLE_STACKS_SORTED);
    expect(report.summaries.every((s: any) => s.errors === 0)).toBe(true);
  });

  test('two synths of the same config are byte-identical', () => {
    const a = readTree(first);
    const b = readTree(second);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const file of Object.keys(a)) expect(`${file}:${b[file]}`).toBe(`${file}:${a[file]}`);
  });

  test('the manifest records no error annotation and no stack trace', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(first, 'manifest.json'), 'utf8'));
    for (const stack of Object.values<any>(manifest.stacks)) {
      expect(stack.annotations.filter((a: any) => a.level === ERROR_LEVEL)).toEqual([]);
      expect(stack.annotations.filter((a: any) => a.stacktrace !== undefined)).toEqual([]);
    }
  });

  test('a failing synth leaves the previous output untouched and no staging directory behind', () => {
    const before = readTree(first);
    const broken = exampleConfig();
    // a module-level error (lifecycle days < 1) surfaces while the stacks are built
    (broken.environments[0] as { artifactRetentionDays: number }).artifactRetentionDays = 0;
    expect(() => synthesizePlatform(broken, first)).toThrow(/noncurrentVersionExpirationDays must be at least 1/);
    expect(readTree(first)).toEqual(before);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('staging'))).toEqual([]);
  });
});

describe('the CLI (npm run synth)', () => {
  test('an invalid value exits non-zero with one message naming file, environment and field, no stack trace and no output', () => {
    const raw = rawExample();
    raw.environments.prod.account.id = '5555';
    const dir = writeConfigDir(path.join(tmp, 'config-invalid'), raw);
    const outdir = path.join(tmp, 'cli-out-invalid');
    const result = runCli({ PLATFORM_CONFIG_DIR: dir, CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Synth failed: environments/prod.ts (environment "prod"): account.id: must be a 12-digit AWS account id, as a string (got "5555")',
    );
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a valid config synthesizes every stack and prints a short summary: a row per stack, one line of suppressions', () => {
    const outdir = path.join(tmp, 'cli-out-valid');
    const result = runCli({ PLATFORM_CONFIG_DIR: writeConfigDir(path.join(tmp, 'config-valid'), rawExample()), CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^Synthesized ${EXAMPLE_STACKS_SORTED.length} stacks into .*: [\\d,]+ resources, [\\d,]+ data sources$`),
    );
    expect(lines.slice(2, 2 + EXAMPLE_STACKS_SORTED.length).map((l) => l.trim().split(' ')[0])).toEqual(EXAMPLE_STACKS_SORTED);
    expect(lines.filter((l) => /^\s*\[PLAT-/.test(l))).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(EXAMPLE_STACKS_SORTED.length + 4);
    expect(fs.existsSync(path.join(outdir, 'stacks/prod/cdk.tf.json'))).toBe(true);
  });
});
