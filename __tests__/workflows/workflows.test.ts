/**
 * The workflows as GitHub would run them: generated from tools/ci/workflows.ts (never edited by hand), linted by
 * actionlint and zizmor (pinned, tools/workflow-lint.ts), and their job graph resolved: what runs after what,
 * in which environment, with which credentials, and which plan each apply applies.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { PLATFORM_REPOSITORY_CHECKS } from '../../modules/core/checks';
import { DEPLOY_VARIABLES, PLAN_APP } from '../../modules/core/github-variables';
import { GITHUB_READ_PERMISSIONS, PLAN_GITHUB_TOKEN, dataKey, managedRepositories } from '../../tools/ci/plan-token';
import { deployWorkflow, NODE_VERSION, renderWorkflows, workflowSettings } from '../../tools/ci/workflows';
import {
  actionlintVersion,
  ACTIONLINT,
  ACTIONLINT_VERSION,
  blocking,
  runActionlint,
  runZizmor,
  ZIZMOR_VERSION,
} from '../../tools/workflow-lint';
import { liveStackNames, liveTerraform } from '../support/example';
import { loadConfig } from '../../model';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, '.github', 'workflows');
const files = fs
  .readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');
type Workflow = {
  on: any;
  env?: Record<string, string>;
  concurrency?: unknown;
  permissions?: unknown;
  jobs: Record<string, Record<string, any>>;
};
const workflow = (file: string) => parse(text(file)) as Workflow;
/**
 * The plan environment a plan job runs in: the `environment` (pull request) or `mainEnvironment` (default branch)
 * the plan-roles output gives its stack (a matrix job) or its deploy job (deploy.yml), a plan environment of the
 * plan role it logs in to. Undefined for other jobs.
 */
const PLAN_ENVIRONMENT_OF =
  /^\$\{\{ fromJSON\(needs\.synth\.outputs\.plan-roles\)(\[matrix\.stack\]|\['[a-z0-9-]+'\])\.(environment|mainEnvironment) \}\}$/;
/**
 * Which plan environment of the plan-roles entry each workflow's plans take: a pull request's (any branch; reviewed
 * for production and management), or the default branch's (`plan-<scope>-main` there: no reviewer, the default
 * branch alone), which only workflows that run from the default branch may use.
 */
const PLAN_ENVIRONMENT_KEY: Record<string, string> = {
  'pr.yml': 'environment',
  'deploy.yml': 'mainEnvironment',
  'drift.yml': 'mainEnvironment',
};
const isPlanJob = (job: Record<string, any>): boolean => PLAN_ENVIRONMENT_OF.test(String(job.environment ?? ''));
const needsOf = (job: Record<string, any>): string[] => (job.needs === undefined ? [] : [job.needs].flat());
const stepsUsing = (job: Record<string, any>, action: string) =>
  (job.steps ?? []).filter((s: any) => String(s.uses ?? '').startsWith(`${action}@`));

test('the workflows are what `npm run workflows` generates from the promotion order (run it after changing either)', () => {
  const rendered = renderWorkflows(workflowSettings(loadConfig()));
  expect(files).toEqual(Object.keys(rendered).sort());
  for (const file of files) expect([file, text(file)]).toEqual([file, rendered[file]]);
});

/**
 * The pinned linters: CI installs both (.ci/run: `node tools/lint-workflows.js --install`), so there they must
 * be present; a developer machine without them skips, and `npm run lint:workflows` installs and runs them.
 */
const lintersRequired = process.env.CI === 'true';
const haveActionlint = actionlintVersion() === ACTIONLINT_VERSION;
const zizmorBinary = path.join(ROOT, '.venv', 'bin', 'zizmor');
const haveZizmor = fs.existsSync(zizmorBinary);

describe('actionlint', () => {
  test('is installed in its pinned version wherever CI runs', () => {
    if (lintersRequired) expect(actionlintVersion()).toBe(ACTIONLINT_VERSION);
  });

  (haveActionlint ? test : test.skip)(`${ACTIONLINT_VERSION} reports nothing on the workflows`, () => {
    expect(runActionlint().map((f) => `${f.file}:${f.line}: ${f.message} [${f.rule}]`)).toEqual([]);
  });

  (haveActionlint ? test : test.skip)('is live: it finds an undefined property, and knows configuration variables', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlint-'));
    try {
      const file = path.join(dir, 'x.yml');
      fs.writeFileSync(
        file,
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ matrix.nope }} ${{ vars.X }}"\n',
      );
      expect(runActionlint([file], ACTIONLINT).map((f) => f.message)).toEqual(['property "nope" is not defined in object type {}']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('zizmor', () => {
  test('is installed in its pinned version wherever CI runs', () => {
    if (lintersRequired) expect(haveZizmor).toBe(true);
  });

  (haveZizmor ? test : test.skip)(`${ZIZMOR_VERSION} (auditor persona) reports no medium or high finding`, () => {
    expect(blocking(runZizmor(DIR, zizmorBinary)).map((f) => `${f.file}:${f.line}: ${f.message} [${f.rule}, ${f.severity}]`)).toEqual([]);
  });

  (haveZizmor ? test : test.skip)('is live: a repository secret outside an environment is a medium finding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zizmor-'));
    try {
      const file = path.join(dir, 'x.yml');
      fs.writeFileSync(
        file,
        'on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: echo hi\n        env:\n          T: ${{ secrets.PLATFORM_GITHUB_TOKEN }}\n',
      );
      expect(blocking(runZizmor(file, zizmorBinary)).map((f) => f.rule)).toContain('secrets-outside-env');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(files)('%s', (file) => {
  const wf = workflow(file);

  test("a job that logs in to a plan role runs in that role's plan environment for this workflow: both from the same plan-roles entry", () => {
    const planJobs = Object.entries(wf.jobs).flatMap(([id, job]) => {
      const role = String(stepsUsing(job, 'aws-actions/configure-aws-credentials')[0]?.with['role-to-assume'] ?? '');
      const entry = /^\$\{\{ (fromJSON\(needs\.synth\.outputs\.plan-roles\)\[[^\]]+\])\.role \}\}$/.exec(role)?.[1];
      return entry === undefined ? [] : [[id, job.environment, `\${{ ${entry}.${PLAN_ENVIRONMENT_KEY[file]} }}`]];
    });
    // every workflow plans (pr.yml the changed stacks, drift.yml all, deploy.yml each deploy job's)
    expect(planJobs.length).toBeGreaterThan(0);
    for (const [id, environment, expected] of planJobs) expect([id, environment]).toEqual([id, expected]);
  });

  test('every job sets its own permissions; the workflow baseline is at most contents: read', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    for (const [id, job] of Object.entries(wf.jobs)) expect([id, Object.keys(job.permissions ?? {}).length > 0]).toEqual([id, true]);
  });

  test('every action is pinned to a full commit SHA with a version comment', () => {
    const uses = text(file)
      .split('\n')
      .filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  test('Terraform and cdktf never call home (CHECKPOINT_DISABLE for every job)', () => {
    expect(wf.env).toEqual({ CHECKPOINT_DISABLE: '1' });
  });

  test('Node.js is a maintained LTS line wherever it is set up', () => {
    expect(['22', '24']).toContain(NODE_VERSION);
    for (const job of Object.values(wf.jobs)) {
      for (const step of stepsUsing(job, 'actions/setup-node')) expect(step.with['node-version']).toBe(NODE_VERSION);
    }
  });

  test('AWS is reached by OIDC only: no access keys; id-token only where a role is assumed', () => {
    expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
    for (const [id, job] of Object.entries(wf.jobs)) {
      const assumes = stepsUsing(job, 'aws-actions/configure-aws-credentials').length > 0;
      expect([id, job.permissions['id-token'] === 'write']).toEqual([id, assumes]);
    }
  });

  test('secrets are read only in GitHub environments; plans read GitHub with the read-only App token, in the plan environment', () => {
    for (const [id, job] of Object.entries(wf.jobs)) {
      const secrets = JSON.stringify(job).match(/secrets\.[A-Z_]+/g) ?? [];
      if (job.environment === undefined) expect([id, secrets]).toEqual([id, []]);
      if (stepsUsing(job, 'hashicorp/setup-terraform').length === 0 || !isPlanJob(job)) continue;
      // a plan job: the plan environment's key only, no write token anywhere in the job
      expect([id, [...new Set(secrets)]]).toEqual([id, [`secrets.${PLAN_APP.privateKeySecret}`]]);
      expect([id, job.env.GITHUB_TOKEN, job.permissions]).toEqual([id, undefined, { contents: 'read', 'id-token': 'write' }]);
      const [token] = stepsUsing(job, 'actions/create-github-app-token');
      const permissions = Object.entries(token.with).filter(([input]) => input.startsWith('permission-'));
      expect([id, permissions.length > 0, permissions.every(([, level]) => level === 'read')]).toEqual([id, true, true]);
      expect([id, token.with.repositories]).toEqual([id, managedRepositories(loadConfig()).join(',')]);
      const plan = job.steps.find((step: any) => String(step.run ?? '').startsWith('tools/ci/plan.sh'));
      expect([id, plan.env.GITHUB_TOKEN]).toEqual([id, PLAN_GITHUB_TOKEN]);
      expect([id, job.steps.indexOf(token) < job.steps.indexOf(plan)]).toEqual([id, true]);
    }
  });

  test('Terraform comes in the version of .terraform-version, read by the synth job', () => {
    for (const [id, job] of Object.entries(wf.jobs)) {
      for (const step of stepsUsing(job, 'hashicorp/setup-terraform')) {
        expect([id, step.with.terraform_version]).toEqual([id, '${{ needs.synth.outputs.terraform-version }}']);
        expect([id, needsOf(job)]).toEqual([id, expect.arrayContaining(['synth'])]);
      }
    }
    expect(JSON.stringify(wf.jobs.synth.steps)).toContain('< .terraform-version');
  });

  test('every terraform run is a tools/ci script (tested against a fake terraform)', () => {
    for (const [id, job] of Object.entries(wf.jobs)) {
      for (const step of job.steps ?? []) {
        if (typeof step.run !== 'string' || !/\bterraform (init|plan|apply|show|import|state)\b/.test(step.run)) continue;
        expect([id, step.run]).toEqual([id, expect.stringMatching(/^tools\/ci\/(plan|apply)\.sh /)]);
      }
    }
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
  test("never names the default branch's plan environment (plan-<scope>-main): a pull request plans in the reviewed one", () => {
    const wf = workflow('pr.yml');
    expect(text('pr.yml')).not.toMatch(/mainEnvironment|-main\b/);
    expect(wf.jobs.plan.environment).toBe('${{ fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].environment }}');
  });

  const wf = workflow('pr.yml');

  test('the required checks are job ids of pr.yml, as the platform stack protects the platform repository', () => {
    const protection = Object.values(liveTerraform('platform').resource.github_branch_protection as Record<string, any>).find(
      (bp) => bp.repository_id === loadConfig().organisation.github.platformRepository,
    );
    const contexts = protection.required_status_checks[0].contexts as string[];
    expect(contexts).toEqual([...PLATFORM_REPOSITORY_CHECKS]);
    for (const check of contexts) {
      expect([check, wf.jobs[check] !== undefined]).toEqual([check, true]);
      // a check run is named after its job id as long as the job sets no `name` and has no matrix
      expect([check, wf.jobs[check].name, wf.jobs[check].strategy]).toEqual([check, undefined, undefined]);
    }
  });

  test('the plan is a required check: plan-review follows every plan, even a failed one', () => {
    expect(needsOf(wf.jobs['plan-review'])).toEqual(['synth', 'plan']);
    expect(wf.jobs['plan-review'].if).toBe('${{ !cancelled() }}');
    expect(wf.jobs['plan-review'].steps.at(-1)).toEqual({
      name: 'fail when the review fails (the comment says why)',
      if: "${{ steps.review.outcome != 'success' }}",
      run: 'exit 1',
    });
  });

  test('plans only the stacks whose synthesized JSON changed, one job each', () => {
    expect(wf.jobs.synth.steps.find((s: any) => s.id === 'settings').run).toContain(
      'stacks=$(node -r sucrase/register tools/ci/cli.ts stacks cdktf.out --diff synth-diff/synth-diff.json)',
    );
    expect(wf.jobs.plan.strategy).toEqual({ 'fail-fast': false, matrix: { stack: '${{ fromJSON(needs.synth.outputs.stacks) }}' } });
    expect(wf.jobs.plan.if).toBe("${{ needs.synth.outputs.stacks != '[]' }}");
  });

  test('lint-test runs npm test where it can pass: root in a digest-pinned Debian 12, with what .ci/run installs', () => {
    const job = wf.jobs['lint-test'];
    expect(job.container.image).toMatch(/^debian:bookworm-\d{8}@sha256:[0-9a-f]{64}$/);
    // the flow's builds mount (unshare --mount, tmpfs): CAP_SYS_ADMIN
    expect(job.container.options).toBe('--privileged');
    const runs = job.steps.map((s: any) => s.run).filter(Boolean);
    expect(runs.slice(-2)).toEqual(['bash .ci/install', 'npm test']);
    // Go for actionlint's module build, before the install that builds it
    const go = job.steps.findIndex((s: any) => String(s.uses).startsWith('actions/setup-go@'));
    expect(go).toBeGreaterThan(0);
    expect(go).toBeLessThan(job.steps.findIndex((s: any) => s.run === 'bash .ci/install'));
    // one list of pinned packages and tools: .ci/run installs through the same script
    const ciRun = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ciRun.indexOf('bash .ci/install')).toBeGreaterThan(0);
    expect(ciRun.indexOf('bash .ci/install')).toBeLessThan(ciRun.indexOf('npm test'));
    expect(ciRun).not.toMatch(/apt-get|lint-workflows\.js --install|scan\.js --install/);
    const install = fs.readFileSync(path.join(ROOT, '.ci', 'install'), 'utf8');
    for (const pinned of install.match(/\b[a-z0-9.+-]+=[0-9][^\s)]*/g) ?? []) expect(pinned).toMatch(/^[a-z0-9.+-]+=\d[\w.:~+-]*$/);
    expect(install).toContain('maven=');
  });

  test('runs again when a label changes (the confirmation of danger)', () => {
    expect(wf.on.pull_request.types).toEqual(expect.arrayContaining(['labeled', 'unlabeled', 'synchronize']));
  });
});

/** The apply jobs of deploy.yml in an order GitHub can run them (Kahn's algorithm over `needs`). */
function applyOrder(wf: Workflow): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  const ids = Object.keys(wf.jobs);
  while (done.size < ids.length) {
    const ready = ids.filter((id) => !done.has(id) && needsOf(wf.jobs[id]).every((n) => done.has(n)));
    if (ready.length === 0) throw new Error(`deploy.yml: the job graph has a cycle among ${ids.filter((id) => !done.has(id)).join(', ')}`);
    for (const id of ready) done.add(id);
    order.push(...ready.filter((id) => wf.jobs[id].environment !== undefined && !isPlanJob(wf.jobs[id])));
  }
  return order;
}

describe('deploy.yml', () => {
  const wf = workflow('deploy.yml');
  const order = ['platform', ...loadConfig().organisation.promotionOrder];

  test('applies platform, then the environments in promotion order, one at a time', () => {
    expect(applyOrder(wf)).toEqual(order.map((e) => `apply-${e}`));
  });

  test.each(order.map((e, i) => [e, i === 0 ? undefined : order[i - 1]]))(
    '%s waits only for the apply before it (%s), never for a later approval',
    (env, before) => {
      expect(needsOf(wf.jobs[`plan-${env}`])).toEqual(before === undefined ? ['synth'] : ['synth', `apply-${before}`]);
      // skipped (nothing changed there) is fine; a failure anywhere before it stops it
      expect(wf.jobs[`plan-${env}`].if).toBe(
        `\${{ !cancelled() && !failure() && fromJSON(needs.synth.outputs.deploy)['${env}'][0] != null }}`,
      );
    },
  );

  test.each(order)('apply-%s runs in its GitHub environment, with the deploy role and the write token', (env) => {
    const job = wf.jobs[`apply-${env}`];
    expect(job.environment).toBe(env);
    expect(stepsUsing(job, 'aws-actions/configure-aws-credentials')[0].with['role-to-assume']).toBe(
      `\${{ vars.${DEPLOY_VARIABLES.deployRoleArn} }}`,
    );
    expect(job.env.GITHUB_TOKEN).toBe('${{ secrets.PLATFORM_GITHUB_TOKEN }}');
  });

  test.each(order)('apply-%s applies the plan file of the plan job it needs, and only when it changes something', (env) => {
    const plan = wf.jobs[`plan-${env}`];
    const apply = wf.jobs[`apply-${env}`];
    expect(needsOf(apply)).toEqual(['synth', `plan-${env}`]);
    expect(apply.if).toBe(`\${{ !cancelled() && !failure() && needs.plan-${env}.outputs.changed == 'true' }}`);
    const uploaded = stepsUsing(plan, 'actions/upload-artifact').map((s: any) => s.with);
    const downloaded = stepsUsing(apply, 'actions/download-artifact').map((s: any) => s.with);
    expect(uploaded).toEqual([{ name: `plan-${env}`, path: 'plans', 'retention-days': 7 }]);
    expect(downloaded).toContainEqual({ name: `plan-${env}`, path: 'plans' });
    expect(plan.steps.find((s: any) => s.id === 'plan').run).toBe('tools/ci/plan.sh plans');
    expect(apply.steps.at(-1).run).toBe('tools/ci/apply.sh plans');
    expect(plan.env.STACKS_JSON).toBe(apply.env.STACKS_JSON);
  });

  test.each(order)(
    "plan-%s plans read-only, in the default branch's plan environment of the plan role it logs in to (the plan-roles output's)",
    (env) => {
      const job = wf.jobs[`plan-${env}`];
      // plan-<scope>-main for production and management (no reviewer: only the apply waits for one)
      expect(job.environment).toBe(`\${{ fromJSON(needs.synth.outputs.plan-roles)['${env}'].mainEnvironment }}`);
      expect(stepsUsing(job, 'aws-actions/configure-aws-credentials')[0].with['role-to-assume']).toBe(
        `\${{ fromJSON(needs.synth.outputs.plan-roles)['${env}'].role }}`,
      );
      expect(job.env.PLAN_STATE_ROLE).toBe(`\${{ fromJSON(needs.synth.outputs.plan-roles)['${env}'].stateRole }}`);
    },
  );

  test.each(order)('%s has its own concurrency group: a later merge queues behind the same environment only', (env) => {
    for (const id of [`plan-${env}`, `apply-${env}`])
      expect(wf.jobs[id].concurrency).toEqual({ group: `deploy-${env}`, 'cancel-in-progress': false });
    expect(wf.concurrency).toBeUndefined();
  });

  test('synthesizes the pushed commit once and diffs it against the commit before the push', () => {
    expect(wf.on).toEqual({ push: { branches: ['main'] } });
    expect(wf.jobs.synth.steps[0].with).toEqual({ ref: '${{ github.sha }}', 'fetch-depth': 0, 'persist-credentials': false });
    expect(wf.jobs.synth.steps.find((s: any) => s.env?.BASE_SHA).env.BASE_SHA).toBe('${{ github.event.before }}');
  });

  test('a new environment in promotionOrder is a new pair of jobs in its place, without a hand edit', () => {
    const generated = deployWorkflow(['dev', 'qa', 'prod'], ['platform-repo']) as unknown as Workflow;
    expect(applyOrder(generated)).toEqual(['apply-platform', 'apply-dev', 'apply-qa', 'apply-prod']);
    expect(needsOf(generated.jobs['plan-prod'])).toEqual(['synth', 'apply-qa']);
    expect(generated.jobs['apply-qa'].environment).toBe('qa');
  });
});

describe('drift.yml', () => {
  const wf = workflow('drift.yml');

  test('runs on a schedule and plans every stack with remote state, read-only', () => {
    expect(wf.on.schedule).toHaveLength(1);
    expect(wf.jobs.synth.steps.find((s: any) => s.id === 'settings').run).toContain(
      'stacks=$(node -r sucrase/register tools/ci/cli.ts stacks cdktf.out)',
    );
    expect(wf.jobs.detect.steps.find((s: any) => String(s.run).startsWith('tools/ci/plan.sh')).run).toBe(
      'tools/ci/plan.sh drifts "$STACK"',
    );
  });

  test("runs only from the default branch (schedule, dispatch), so its plans may take the default branch's plan environment", () => {
    // a dispatch on another ref is refused by plan-<scope>-main's branch policy, which is the point
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(wf.jobs.detect.environment).toBe('${{ fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].mainEnvironment }}');
  });

  test('reports after every plan, failed ones too, through issues (drift, or error for a failed plan)', () => {
    expect(wf.jobs.report.if).toBe("${{ always() && needs.synth.result == 'success' }}");
    expect(wf.jobs.report.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(JSON.stringify(wf.jobs.report.steps)).toContain('tools/ci/cli.ts drift-issues --results drifts');
  });
});

test('the plan token reads every GitHub type the output manages or looks up (tools/ci/plan-token.ts lists each)', () => {
  const types = new Set<string>();
  for (const stack of liveStackNames()) {
    const tf = liveTerraform(stack) as { resource?: Record<string, unknown>; data?: Record<string, unknown> };
    for (const type of Object.keys(tf.resource ?? {})) if (type.startsWith('github_')) types.add(type);
    for (const type of Object.keys(tf.data ?? {})) if (type.startsWith('github_')) types.add(dataKey(type));
  }
  expect(types.size).toBeGreaterThan(0);
  expect([...types].filter((type) => GITHUB_READ_PERMISSIONS[type] === undefined)).toEqual([]);
});
