/**
 * The shell of every plan, apply and drift step (tools/ci/*.sh and the CLI the workflows call), run as the
 * workflows run it, against a fake `terraform` on PATH (support/fake-terraform.ts) and small synthesized
 * outputs written here.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DANGER_EXIT_CODE, DANGER_LABEL } from '../../tools/diff';
import { fakeTerraform, type FakeTerraform } from './support/fake-terraform';
import { tempDir } from './support/synth-pair';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = tempDir('ci-scripts-test-');
afterAll(() => tmp.cleanup());

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A synthesized output (manifest, one cdk.tf.json per stack on the S3 backend, an empty policy report). */
function writeOutput(dir: string, stacks: Record<string, Resources>): string {
  const manifest: Record<string, unknown> = {};
  for (const [name, resource] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    const tf = { terraform: { backend: { s3: { bucket: 'state', key: `${name}.tfstate` } } }, resource };
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(tf));
    manifest[name] = { workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, dependencies: [] };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: manifest }));
  fs.writeFileSync(path.join(dir, 'policy-report.json'), JSON.stringify({ summaries: [], findings: [] }));
  return dir;
}

const bucket = { aws_s3_bucket: { data: { bucket: 'acme-dev-data' } } };
const topic = { aws_sns_topic: { alerts: { name: 'alerts' } } };
const BASE: Record<string, Resources> = { dev: { ...bucket }, test: { ...topic } };

const run = (command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT) =>
  spawnSync(command, args, { cwd, env, encoding: 'utf8' });
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  run(process.execPath, ['-r', 'sucrase/register', path.join(ROOT, 'tools/ci/cli.ts'), ...args], env);
const diff = (base: string, head: string, json: string) =>
  run(
    process.execPath,
    ['-r', 'sucrase/register', 'tools/diff/cli.ts', '--base-out', base, '--head-out', head, '--json', json],
    process.env,
  );

/** A pull request's run: synth diff, the stacks to plan, plan.sh over them (then `review`). */
function pullRequest(name: string, head: Record<string, Resources>) {
  const dir = path.join(tmp.dir, name);
  const tf = fakeTerraform(path.join(dir, 'tf'));
  const base = writeOutput(path.join(dir, 'base'), BASE);
  const out = writeOutput(path.join(dir, 'head'), head);
  const report = path.join(dir, 'synth-diff.json');
  const diffRun = diff(base, out, report);
  const stacks = JSON.parse(cli(['stacks', out, '--diff', report]).stdout) as string[];
  for (const s of stacks) tf.plan(s, [{ address: 'aws_sns_topic.new', actions: ['create'] }]);
  const plan = run('bash', ['tools/ci/plan.sh', path.join(dir, 'plans'), ...stacks], tf.env({ CDKTF_OUT: out }));
  return { dir, out, report, tf, diffRun, stacks, plan };
}

/** The plan-review check of a pull request's run, with who confirmed its danger. */
const HEAD = '0123456789abcdef';
function review(pr: ReturnType<typeof pullRequest>, confirmation: { author: string; labelledBy?: string; labellerApproved?: string }) {
  const file = path.join(pr.dir, `confirmation-${confirmation.labelledBy ?? 'none'}-${confirmation.labellerApproved ?? 'none'}.json`);
  fs.writeFileSync(file, JSON.stringify(confirmation));
  const comment = path.join(pr.dir, 'comment.md');
  const result = cli([
    'review',
    ...['--outdir', pr.out, '--plans', path.join(pr.dir, 'plans'), '--diff', pr.report, '--diff-markdown', path.join(pr.dir, 'none.md')],
    ...['--confirmation', file, '--sha', HEAD, '--out', comment],
  ]);
  return { ...result, comment: fs.readFileSync(comment, 'utf8') };
}

describe('a pull request that touches one stack', () => {
  let result: ReturnType<typeof pullRequest>;
  let checked: ReturnType<typeof review>;
  beforeAll(() => {
    result = pullRequest('one-stack', { dev: { ...bucket, ...topic }, test: { ...topic } });
    checked = review(result, { author: 'alice' });
  });

  test('plans only that stack', () => {
    expect(result.stacks).toEqual(['dev']);
    expect(result.plan.status).toBe(0);
    expect([...new Set(result.tf.calls().map((c) => c.stack))]).toEqual(['dev']);
  });

  test('the comment lists the other stack as unchanged, and the check passes', () => {
    expect(checked.status).toBe(0);
    expect(checked.comment).toContain('| test | ⏭️ unchanged (not planned) | | | |');
    expect(checked.comment).toContain('| dev | 📝 changes | 1 | 0 | 0 |');
    expect(checked.comment).toContain('### ✅ plan-review passes');
  });
});

describe('a pull request that destroys a stateful resource', () => {
  let pr: ReturnType<typeof pullRequest>;
  beforeAll(() => (pr = pullRequest('danger', { dev: { ...topic }, test: { ...topic } })));

  test('npm run diff exits with the danger code', () => {
    expect(pr.diffRun.status).toBe(DANGER_EXIT_CODE);
  });

  test('without confirmation: the check fails and shows the reason', () => {
    const checked = review(pr, { author: 'alice' });
    expect(checked.status).toBe(1);
    expect(checked.comment).toContain('### ❌ plan-review fails');
    expect(checked.comment).toContain('S3 bucket dev/data is REMOVED: Terraform destroys it and its data');
    expect(checked.stderr).toContain(
      `a reviewer other than the author (@alice) approves the head commit \`${HEAD.slice(0, 12)}\`, then adds the label \`${DANGER_LABEL}\``,
    );
  });

  test('confirmed by the author only: the check still fails', () => {
    const checked = review(pr, { author: 'alice', labelledBy: 'alice' });
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain('was added by the author (@alice)');
  });

  test('labelled by another reviewer who has not approved: the check fails', () => {
    const checked = review(pr, { author: 'alice', labelledBy: 'bob' });
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain(`@bob added \`${DANGER_LABEL}\` but has no approving review`);
  });

  test('labelled by a reviewer whose approval is of an earlier commit (the author pushed since): the check fails', () => {
    const checked = review(pr, { author: 'alice', labelledBy: 'bob', labellerApproved: 'fedcba9876543210' });
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain('approved `fedcba987654`, not the head commit `0123456789ab`');
  });

  test('confirmed by another reviewer who approved the head commit: the check passes and says who confirmed', () => {
    const checked = review(pr, { author: 'alice', labelledBy: 'bob', labellerApproved: HEAD });
    expect(checked.status).toBe(0);
    expect(checked.comment).toContain(`**Needs a second look** (confirmed by @bob with \`${DANGER_LABEL}\`)`);
    expect(checked.comment).toContain('S3 bucket dev/data is REMOVED');
  });
});

describe('plan with read-only credentials, apply the reviewed plan', () => {
  let tf: FakeTerraform;
  let out: string;
  const plans = () => path.join(tmp.dir, 'deploy', 'plans');
  beforeAll(() => {
    tf = fakeTerraform(path.join(tmp.dir, 'deploy', 'tf'));
    out = writeOutput(path.join(tmp.dir, 'deploy', 'out'), BASE);
  });
  const change = [{ address: 'aws_sns_topic.alerts', actions: ['update'], after: { name: 'alerts-2' } }];

  test('the plan reads through the read-only roles and saves the plan file with its digest', () => {
    tf.plan('dev', change);
    const env = tf.env({ CDKTF_OUT: out, PLAN_ROLE_NAME: 'acme-plan', PLAN_STATE_ROLE: 'arn:aws:iam::111111111111:role/state-read' });
    expect(run('bash', ['tools/ci/plan.sh', plans(), 'dev'], env).status).toBe(0);
    const [init, plan] = tf.calls();
    expect(init.args[0]).toBe('init');
    expect(init.args.find((a) => a.startsWith('-backend-config='))).toBeDefined();
    expect(JSON.parse(fs.readFileSync(path.join(tf.plans, 'dev.backend.json'), 'utf8'))).toEqual({
      assume_role: { role_arn: 'arn:aws:iam::111111111111:role/state-read', session_name: 'plan-dev' },
    });
    expect(plan.args).toEqual(expect.arrayContaining(['plan', '-lock=false', '-detailed-exitcode']));
    expect(plan.args.some((a) => a.startsWith('-lock-timeout'))).toBe(false);
    expect(plan.roleVar).toBe('acme-plan');
    expect(fs.existsSync(path.join(plans(), 'dev', 'tfplan'))).toBe(true);
    const result = JSON.parse(fs.readFileSync(path.join(plans(), 'dev', 'result.json'), 'utf8'));
    expect(result).toEqual({
      stack: 'dev',
      outcome: 'planned',
      changed: true,
      changes: [{ address: 'aws_sns_topic.alerts', actions: ['update'] }],
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  test('apply plans again with its own credentials and applies only a plan equal to the reviewed one', () => {
    const before = tf.calls().length;
    const applied = run('bash', ['tools/ci/apply.sh', plans(), 'dev'], tf.env({ CDKTF_OUT: out }));
    expect(applied.status).toBe(0);
    const calls = tf.calls().slice(before);
    expect(calls.map((c) => c.args[0])).toEqual(['init', 'show', 'plan', 'show', 'apply']);
    expect(calls[1].args).toEqual(['show', '-json', path.join(plans(), 'dev', 'tfplan')]);
    expect(calls.every((c) => c.roleVar === '')).toBe(true);
    expect(calls[0].args.some((a) => a.startsWith('-backend-config'))).toBe(false);
    // it applies the plan it just compared, never a fresh one
    const planned = calls[2].args.find((a) => a.startsWith('-out='))!.slice('-out='.length);
    expect(calls[4].args.at(-1)).toBe(planned);
  });

  test('a stale plan (the state moved since the review) applies nothing and asks for a new plan', () => {
    tf.plan('dev', [{ address: 'aws_sns_topic.alerts', actions: ['update'], after: { name: 'alerts-3' } }]);
    const before = tf.calls().length;
    const applied = run('bash', ['tools/ci/apply.sh', plans(), 'dev'], tf.env({ CDKTF_OUT: out }));
    expect(applied.status).toBe(3);
    expect(applied.stderr).toContain(
      'dev: the reviewed plan is stale (the plan now differs from the reviewed one). Nothing was applied to dev. Re-run this workflow to plan again',
    );
    expect(
      tf
        .calls()
        .slice(before)
        .map((c) => c.args[0]),
    ).not.toContain('apply');
  });

  test('a stack without a reviewed plan is not applied', () => {
    const applied = run('bash', ['tools/ci/apply.sh', plans(), 'test'], tf.env({ CDKTF_OUT: out }));
    expect(applied.status).toBe(1);
    expect(applied.stderr).toContain('test: no reviewed plan at');
  });
});

describe('a drift run whose plan fails', () => {
  let result: ReturnType<typeof run>;
  let issues: any[];
  beforeAll(() => {
    const dir = path.join(tmp.dir, 'drift');
    const tf = fakeTerraform(path.join(dir, 'tf'));
    const out = writeOutput(path.join(dir, 'out'), BASE);
    tf.fail('dev');
    tf.plan('test', [{ address: 'aws_sns_topic.alerts', actions: ['update'] }]);
    result = run('bash', ['tools/ci/plan.sh', path.join(dir, 'results'), 'dev', 'test'], tf.env({ CDKTF_OUT: out }));
    issues = JSON.parse(cli(['drift-issues', '--results', path.join(dir, 'results'), '--run-url', 'https://ci/run/1']).stdout);
  });

  test('fails the job, and still plans the other stacks', () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dev: terraform init or plan failed (exit 1)');
    expect(issues.map((i) => i.stack)).toEqual(['dev', 'test']);
  });

  test('opens an issue labelled as an error, not as drift', () => {
    expect(issues[0].upsert).toEqual({
      title: 'Drift check failed for stack dev',
      labels: ['error', 'stack:dev'],
      body: expect.stringContaining('Latest run: https://ci/run/1'),
    });
    expect(issues[0].close).toEqual([]);
  });

  test('a drifted stack gets a drift issue and its error issue closed', () => {
    expect(issues[1].upsert).toEqual(expect.objectContaining({ title: 'Drift detected in stack test', labels: ['drift', 'stack:test'] }));
    expect(issues[1].close).toEqual(['Drift check failed for stack test']);
  });
});

describe('the synth diff step', () => {
  /** synth-diff.sh with a fake `npm` whose `run diff` writes both files and exits with `code`. */
  function synthDiff(code: number) {
    const dir = path.join(tmp.dir, `synth-diff-${code}`);
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    const fakeNpm = [
      '#!/usr/bin/env bash',
      'while [ "$#" -gt 0 ]; do case "$1" in --markdown|--json) echo x > "$2"; shift ;; esac; shift; done',
      `exit ${code}`,
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'bin', 'npm'), fakeNpm, { mode: 0o755 });
    const result = run(
      'bash',
      [path.join(ROOT, 'tools/ci/synth-diff.sh'), 'base-sha'],
      { ...process.env, PATH: `${dir}/bin:${process.env.PATH}` },
      dir,
    );
    return { result, files: fs.readdirSync(path.join(dir, 'synth-diff')).sort() };
  }

  test.each([0, DANGER_EXIT_CODE])('keeps the report and passes when the diff exits %i (danger is for plan-review to decide)', (code) => {
    const { result, files } = synthDiff(code);
    expect(result.status).toBe(0);
    expect(files).toEqual(['exit-code', 'synth-diff.json', 'synth-diff.md']);
  });

  test('a failed diff leaves no report (so every stack is planned) and does not block the fix', () => {
    const { result, files } = synthDiff(1);
    expect(result.status).toBe(0);
    expect(files).toEqual(['exit-code']);
    expect(result.stdout).toContain('::warning::the synth diff failed (exit 1)');
  });
});
