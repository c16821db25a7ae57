/**
 * The GitHub Actions workflows of this repository, built from objects and written with the `yaml` serializer:
 * `npm run workflows` writes them; __tests__/workflows fails when a committed file differs from what this
 * renders (so a new environment in `promotionOrder` needs `npm run workflows`, never a hand edit).
 *
 * - pr.yml: lint and test; synth, Checkov and the synth diff; a read-only plan of each stack whose synthesized
 *   JSON changed; `plan-review`, the required check that comments the plans and fails on a failed plan or on
 *   unconfirmed danger (tools/ci/gate.ts).
 * - deploy.yml: on each merge, synth once; then per deploy job (`platform`, then `promotionOrder`) a read-only
 *   plan of its changed stacks and an apply, bound to the GitHub environment, of exactly what was reviewed
 *   (tools/ci/apply.sh). Each waits only for the apply before it; one concurrency group per environment.
 * - drift.yml: on a schedule, a read-only plan of every stack; issues for drift and for failed plans.
 *
 * The shell of each step lives in tools/ci/*.sh and tools/ci/cli.ts, tested against a fake terraform.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Document, Scalar } from 'yaml';
import { PLATFORM_REPOSITORY_CHECKS } from '../../modules/core/checks';
import { DEPLOY_VARIABLES } from '../../modules/core/github-variables';
import { PLATFORM_ENVIRONMENT } from '../../model/names';
import { DANGER_LABEL } from '../diff/danger';
import type { PlatformConfig } from '../../model';
import { COMMENT_SCRIPT, CONFIRMATION_SCRIPT, DRIFT_SCRIPT } from './workflow-scripts';
import { PLAN_GITHUB_TOKEN, managedRepositories, planAppCheckStep, planTokenStep } from './plan-token';

/** Actions, pinned to a full commit SHA (the version is the comment). */
export const ACTIONS = {
  checkout: { repo: 'actions/checkout', sha: '11bd71901bbe5b1630ceea73d27597364c9af683', version: 'v4.2.2' },
  setupNode: { repo: 'actions/setup-node', sha: '49933ea5288caeca8642d1e84afbd3f7d6820020', version: 'v4.4.0' },
  setupGo: { repo: 'actions/setup-go', sha: 'd35c59abb061a4a6fb18e82ac0862c26744d6ab5', version: 'v5.5.0' },
  upload: { repo: 'actions/upload-artifact', sha: 'ea165f8d65b6e75b540449e92b4886f43607fa02', version: 'v4.6.2' },
  download: { repo: 'actions/download-artifact', sha: 'd3f86a106a0bac45b974a628896c90dbdf5c8093', version: 'v4.3.0' },
  setupTerraform: { repo: 'hashicorp/setup-terraform', sha: 'b9cd54a3c349d3f38e8881555d616ced269862dd', version: 'v3.1.2' },
  awsCredentials: { repo: 'aws-actions/configure-aws-credentials', sha: 'b47578312673ae6fa5b5096b330d9fbac3d116df', version: 'v4.2.1' },
  githubScript: { repo: 'actions/github-script', sha: '60a0d83039c74a4aee543508d2ffcb1c3799cdea', version: 'v7.0.1' },
  appToken: { repo: 'actions/create-github-app-token', sha: 'bcd2ba49218906704ab6c1aa796996da409d3eb1', version: 'v3.2.0' },
} as const;

/** The Node.js line the workflows run on: a maintained LTS (the repository's own `engines` stay as they are). */
export const NODE_VERSION = '24';

/**
 * Where pr.yml's lint-test job runs `npm test`: Debian 12 (bookworm-20251229, 12.12), the release whose Maven
 * packages .ci/install pins, by its linux/amd64 manifest digest (docker-library/repo-info). As root, privileged:
 * the flow runs each build in a private mount namespace (`unshare --mount`, tmpfs mounts), which needs CAP_SYS_ADMIN.
 */
export const TEST_CONTAINER = {
  image: 'debian:bookworm-20251229@sha256:4216e8fe27fdd803d2822d08ed9de39825a41a47e34c32b71a23ac074f91eaf4',
  options: '--privileged',
} as const;

/** Go for building actionlint from its module (tools/workflow-lint.ts): Debian 12's own is too old. */
export const GO_VERSION = '1.24.11';

/** What the lint-test container needs before the checkout: Git, Python (venvs for Checkov and zizmor), certificates. */
const TEST_BASE_PACKAGES = 'ca-certificates git python3 python3-venv';

/** The job ids of pr.yml that branch protection requires: the check names of modules/core/checks.ts. */
const [LINT_TEST, SYNTH, PLAN_REVIEW] = PLATFORM_REPOSITORY_CHECKS;

const uses = (action: keyof typeof ACTIONS) => {
  const a = ACTIONS[action];
  const node = new Scalar(`${a.repo}@${a.sha}`);
  node.comment = ` ${a.version}`;
  return node;
};

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

const CLI = 'node -r sucrase/register tools/ci/cli.ts';
const checkout = (extra: Record<string, unknown> = {}): Step => ({
  uses: uses('checkout'),
  with: { ...extra, 'persist-credentials': false },
});
const node = (): Step[] => [
  { uses: uses('setupNode'), with: { 'node-version': NODE_VERSION, cache: 'npm' } },
  { run: 'npm ci --no-audit --no-fund' },
];
const download = (name: string, into: string): Step => ({ uses: uses('download'), with: { name, path: into } });
const upload = (name: string, files: string, extra: Record<string, unknown> = {}): Step => ({
  uses: uses('upload'),
  ...extra,
  with: { name, path: files, 'retention-days': 7 },
});
const terraform = (): Step => ({
  uses: uses('setupTerraform'),
  with: { terraform_version: '${{ needs.synth.outputs.terraform-version }}', terraform_wrapper: false },
});
const awsLogin = (role: string, session: string, region: string): Step => ({
  uses: uses('awsCredentials'),
  with: { 'role-to-assume': role, 'role-session-name': session, 'aws-region': region },
});
const expr = (e: string) => `\${{ ${e} }}`;
/** A literal property of a JSON output: `fromJSON(needs.synth.outputs.x)['key']`. */
const lookup = (output: string, key: string) => `fromJSON(needs.synth.outputs.${output})['${key}']`;

/** Permissions of a job that plans: read the repository, log in to AWS by OIDC (as the plan role). */
const PLAN_PERMISSIONS = { contents: 'read', 'id-token': 'write' };

/**
 * The steps of every plan job before `terraform plan`: check the plan environment names the App, then mint
 * its read-only token (tools/ci/plan-token.ts). The write token (`PLATFORM_GITHUB_TOKEN`) is an environment
 * secret of the environment-protected apply jobs alone.
 */
const planTokenSteps = (repositories: readonly string[]): Step[] => [planAppCheckStep(), planTokenStep(uses('appToken'), repositories)];

/** The synth job of every workflow: synthesize once, hand the output and the settings to the other jobs. */
function synthJob(options: { diffBase?: string; ref?: string; outputs: Record<string, string>; scan?: boolean }): Job {
  const settings = Object.entries(options.outputs).map(([k, command]) => `echo "${k}=$(${command})" >> "$GITHUB_OUTPUT"`);
  return {
    'runs-on': 'ubuntu-latest',
    permissions: { contents: 'read' },
    outputs: Object.fromEntries(Object.keys(options.outputs).map((k) => [k, expr(`steps.settings.outputs.${k}`)])),
    steps: [
      checkout({ ...(options.ref ? { ref: options.ref } : {}), ...(options.diffBase ? { 'fetch-depth': 0 } : {}) }),
      ...node(),
      { run: 'npm run synth' },
      ...(options.scan
        ? [{ name: 'Checkov over every stack (pinned; skips with reasons in policies/checkov-skips.yaml)', run: 'npm run scan' }]
        : []),
      ...(options.diffBase
        ? [{ name: 'synth diff against the base', env: { BASE_SHA: options.diffBase }, run: 'tools/ci/synth-diff.sh "$BASE_SHA"' }]
        : []),
      { id: 'settings', run: `${settings.join('\n')}\n` },
      upload('cdktf-out', 'cdktf.out'),
      ...(options.diffBase ? [upload('synth-diff', 'synth-diff')] : []),
    ],
  };
}

const workflowBase = (name: string, on: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  on,
  permissions: { contents: 'read' },
  ...extra,
  // Terraform and cdktf never call home from CI
  env: { CHECKPOINT_DISABLE: '1' },
});

const TF_VERSION = "tr -d '[:space:]' < .terraform-version";
const REGION = `${CLI} region`;
const PLAN_ROLES = `${CLI} plan-roles cdktf.out`;

/**
 * Which plan environment of the plan-roles entry a plan job runs in: `environment` (any branch; reviewed for
 * production and the management account) for a pull request's, `mainEnvironment` (the default branch alone, no
 * reviewers) for the default branch's plans (deploy.yml, drift.yml).
 */
type PlanEnvironmentKey = 'environment' | 'mainEnvironment';

/** A matrix job that plans one stack read-only with tools/ci/plan.sh and uploads its result. */
function planMatrixJob(
  artifact: string,
  repositories: readonly string[],
  environmentKey: PlanEnvironmentKey,
  extraSteps: Step[] = [],
  extraEnv: Record<string, string> = {},
): Job {
  return {
    needs: ['synth'],
    if: expr("needs.synth.outputs.stacks != '[]'"),
    'runs-on': 'ubuntu-latest',
    // a plan environment of the stack's plan role: the only subjects that role trusts
    environment: expr(`fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].${environmentKey}`),
    permissions: PLAN_PERMISSIONS,
    strategy: { 'fail-fast': false, matrix: { stack: expr('fromJSON(needs.synth.outputs.stacks)') } },
    env: {
      STACK: expr('matrix.stack'),
      PLAN_ROLE_NAME: expr('fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].roleName'),
      PLAN_STATE_ROLE: expr('fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].stateRole'),
      ...extraEnv,
    },
    steps: [
      checkout(),
      download('cdktf-out', 'cdktf.out'),
      ...extraSteps,
      terraform(),
      awsLogin(
        expr('fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].role'),
        `${artifact}-${expr('matrix.stack')}-${expr('github.run_id')}`,
        expr('needs.synth.outputs.aws-region'),
      ),
      ...planTokenSteps(repositories),
      { name: 'terraform plan (read-only)', env: { GITHUB_TOKEN: PLAN_GITHUB_TOKEN }, run: `tools/ci/plan.sh ${artifact}s "$STACK"` },
      { ...upload(`${artifact}-${expr('matrix.stack')}`, `${artifact}s/${expr('matrix.stack')}/result.json`), if: expr('always()') },
    ],
  };
}

/** pr.yml's required check: the plans, the policy findings, the synth diff and the verdict, as one comment. */
function reviewJob(): Job {
  return {
    needs: [SYNTH, 'plan'],
    // after a failed or skipped plan too: the verdict says which plan failed; a failed synth fails this job
    if: expr('!cancelled()'),
    'runs-on': 'ubuntu-latest',
    permissions: { contents: 'read', issues: 'read', 'pull-requests': 'write' },
    steps: [
      checkout(),
      ...node(),
      download('cdktf-out', 'cdktf.out'),
      download('synth-diff', 'synth-diff'),
      { uses: uses('download'), with: { pattern: 'plan-*', path: 'plans' } },
      { name: 'who confirmed the danger', uses: uses('githubScript'), env: { DANGER_LABEL }, with: { script: CONFIRMATION_SCRIPT } },
      {
        name: 'decide and write the comment',
        id: 'review',
        'continue-on-error': true,
        env: {
          HEAD_SHA: '${{ github.event.pull_request.head.sha }}',
          RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}',
        },
        run: [
          `${CLI} review --outdir cdktf.out --plans plans --diff synth-diff/synth-diff.json`,
          '--diff-markdown synth-diff/synth-diff.md --confirmation confirmation.json --sha "$HEAD_SHA" --run-url "$RUN_URL" --out comment.md',
        ].join(' '),
      },
      {
        name: 'create or update the plan-review comment',
        if: expr("hashFiles('comment.md') != ''"),
        uses: uses('githubScript'),
        with: { script: COMMENT_SCRIPT },
      },
      { name: 'fail when the review fails (the comment says why)', if: expr("steps.review.outcome != 'success'"), run: 'exit 1' },
    ],
  };
}

/**
 * lint-test: `npm test` as .ci/run runs it: in a Debian 12 container (TEST_CONTAINER) with what .ci/install installs
 * (the flow's Maven packages, Checkov, zizmor, actionlint), since the tests require the linters under CI=true and
 * the flow needs root and those packages.
 */
function lintTestJob(): Job {
  return {
    'runs-on': 'ubuntu-latest',
    permissions: { contents: 'read' },
    container: { ...TEST_CONTAINER },
    steps: [
      {
        name: 'Git, Python and certificates (from the pinned image release)',
        run: `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${TEST_BASE_PACKAGES}`,
      },
      checkout(),
      ...node(),
      { uses: uses('setupGo'), with: { 'go-version': GO_VERSION, cache: false } },
      { name: 'the test tools .ci/run installs (pinned): flow packages, Checkov, zizmor, actionlint', run: 'bash .ci/install' },
      { run: 'npm test' },
    ],
  };
}

export function prWorkflow(repositories: readonly string[]): Record<string, unknown> {
  return {
    ...workflowBase(
      'pr',
      { pull_request: { branches: ['main'], types: ['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled'] } },
      { concurrency: { group: 'pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true } },
    ),
    jobs: {
      [LINT_TEST]: lintTestJob(),
      [SYNTH]: synthJob({
        diffBase: '${{ github.event.pull_request.base.sha }}',
        scan: true,
        outputs: {
          stacks: `${CLI} stacks cdktf.out --diff synth-diff/synth-diff.json`,
          'terraform-version': TF_VERSION,
          'aws-region': REGION,
          'plan-roles': PLAN_ROLES,
        },
      }),
      // a pull request plans in the environment any branch may enter (reviewed for production and management)
      plan: planMatrixJob('plan', repositories, 'environment', [download('synth-diff', 'synth-diff')], {
        DIFF_REPORT: 'synth-diff/synth-diff.json',
      }),
      [PLAN_REVIEW]: reviewJob(),
    },
  };
}

export function driftWorkflow(repositories: readonly string[]): Record<string, unknown> {
  return {
    ...workflowBase(
      'drift',
      { schedule: [{ cron: '23 6 * * 1-5' }], workflow_dispatch: null },
      { concurrency: { group: 'drift', 'cancel-in-progress': false } },
    ),
    jobs: {
      synth: synthJob({
        outputs: {
          stacks: `${CLI} stacks cdktf.out`,
          'terraform-version': TF_VERSION,
          'aws-region': REGION,
          'plan-roles': PLAN_ROLES,
        },
      }),
      // the default branch's plans: production's and management's `-main` environment, which needs no reviewer
      detect: planMatrixJob('drift', repositories, 'mainEnvironment'),
      report: {
        needs: ['synth', 'detect'],
        if: expr("always() && needs.synth.result == 'success'"),
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', issues: 'write' },
        steps: [
          checkout(),
          ...node(),
          { uses: uses('download'), with: { pattern: 'drift-*', path: 'drifts' } },
          {
            name: 'which issues to open, update or close',
            env: { RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}' },
            run: `${CLI} drift-issues --results drifts --run-url "$RUN_URL" > issues.json`,
          },
          {
            name: 'open, update or close one issue per stack',
            uses: uses('githubScript'),
            env: { RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}' },
            with: { script: DRIFT_SCRIPT },
          },
        ],
      },
    },
  };
}

/** Job ids of deploy.yml for one deploy job (`platform` or an environment). */
export const deployJobIds = (name: string) => ({ plan: `plan-${name}`, apply: `apply-${name}` });

/** The concurrency group of a deploy job's plan and apply: one per environment, never cancelled. */
const deployConcurrency = (name: string) => ({ group: `deploy-${name}`, 'cancel-in-progress': false });
/** The stacks a deploy job plans and applies (the synth job's `deploy` output). */
const deployStacksOf = (name: string) => expr(`toJSON(${lookup('deploy', name)})`);

/**
 * deploy.yml's read-only plan of `name`'s changed stacks, after the apply `before` it, in its plan role's plan
 * environment of the default branch (`mainEnvironment`: no reviewer; only the apply waits for one).
 */
function deployPlanJob(name: string, before: readonly string[], repositories: readonly string[]): Job {
  return {
    needs: ['synth', ...before],
    // !failure(): no job before it (transitively) failed; a skipped one (nothing changed there) is fine
    if: expr(`!cancelled() && !failure() && ${lookup('deploy', name)}[0] != null`),
    'runs-on': 'ubuntu-latest',
    environment: expr(`${lookup('plan-roles', name)}.mainEnvironment`),
    concurrency: deployConcurrency(name),
    permissions: PLAN_PERMISSIONS,
    outputs: { changed: expr('steps.plan.outputs.changed') },
    env: {
      STACKS_JSON: deployStacksOf(name),
      PLAN_ROLE_NAME: expr(`${lookup('plan-roles', name)}.roleName`),
      PLAN_STATE_ROLE: expr(`${lookup('plan-roles', name)}.stateRole`),
      DIFF_REPORT: 'synth-diff/synth-diff.json',
    },
    steps: [
      checkout({ ref: '${{ github.sha }}' }),
      download('cdktf-out', 'cdktf.out'),
      download('synth-diff', 'synth-diff'),
      terraform(),
      awsLogin(expr(`${lookup('plan-roles', name)}.role`), `plan-${name}-${expr('github.run_id')}`, expr('needs.synth.outputs.aws-region')),
      ...planTokenSteps(repositories),
      {
        name: 'terraform plan (read-only; the job summary shows it)',
        id: 'plan',
        env: { GITHUB_TOKEN: PLAN_GITHUB_TOKEN },
        run: 'tools/ci/plan.sh plans',
      },
      upload(`plan-${name}`, 'plans'),
    ],
  };
}

/** deploy.yml's apply of `name`: in its GitHub environment (reviewers, branch policy), of exactly the plan it needs. */
function deployApplyJob(name: string): Job {
  const { plan } = deployJobIds(name);
  return {
    needs: ['synth', plan],
    if: expr(`!cancelled() && !failure() && needs.${plan}.outputs.changed == 'true'`),
    'runs-on': 'ubuntu-latest',
    environment: name,
    concurrency: deployConcurrency(name),
    permissions: { contents: 'read', 'id-token': 'write' },
    env: {
      STACKS_JSON: deployStacksOf(name),
      // the GitHub provider's write token: an environment secret, only here
      GITHUB_TOKEN: '${{ secrets.PLATFORM_GITHUB_TOKEN }}',
    },
    steps: [
      checkout({ ref: '${{ github.sha }}' }),
      download('cdktf-out', 'cdktf.out'),
      download(`plan-${name}`, 'plans'),
      terraform(),
      awsLogin(
        `\${{ vars.${DEPLOY_VARIABLES.deployRoleArn} }}`,
        `deploy-${name}-${expr('github.run_id')}`,
        `\${{ vars.${DEPLOY_VARIABLES.region} }}`,
      ),
      { name: 'terraform apply of the reviewed plan (fails, applying nothing, when it is stale)', run: 'tools/ci/apply.sh plans' },
    ],
  };
}

/**
 * deploy.yml: `platform`, then each environment of `promotionOrder`. Each gets a plan job (read-only, in the
 * plan environment of its plan role) and an apply job in its GitHub environment, which needs that plan job
 * and applies what it planned. A deploy job runs only when one of its stacks changed, and after the apply
 * before it succeeded or had nothing to do; so dev goes first without any human gate when platform is unchanged.
 */
export function deployWorkflow(promotionOrder: readonly string[], repositories: readonly string[]): Record<string, unknown> {
  const jobs: Record<string, Job> = {
    synth: synthJob({
      ref: '${{ github.sha }}',
      diffBase: '${{ github.event.before }}',
      outputs: {
        deploy: `${CLI} deploy-stacks cdktf.out --diff synth-diff/synth-diff.json`,
        'terraform-version': TF_VERSION,
        'aws-region': REGION,
        'plan-roles': PLAN_ROLES,
      },
    }),
  };
  const order = [PLATFORM_ENVIRONMENT, ...promotionOrder];
  order.forEach((name, i) => {
    const { plan, apply } = deployJobIds(name);
    const before = i === 0 ? [] : [deployJobIds(order[i - 1]).apply];
    jobs[plan] = deployPlanJob(name, before, repositories);
    jobs[apply] = deployApplyJob(name);
  });
  return {
    ...workflowBase('deploy', { push: { branches: ['main'] } }),
    jobs,
  };
}

const HEADER = (what: string) =>
  ` ${what}\n Generated by \`npm run workflows\` from tools/ci/workflows.ts: edit that, not this file.\n docs/workflows.md explains the flow.`;

/** What the workflows are generated from: the promotion order and the repositories the plans read. */
export interface WorkflowSettings {
  readonly promotionOrder: readonly string[];
  /** The repositories the platform manages (tools/ci/plan-token.ts managedRepositories): the plan token's scope. */
  readonly repositories: readonly string[];
}

/** The settings of a validated config. */
export const workflowSettings = (config: PlatformConfig): WorkflowSettings => ({
  promotionOrder: config.organisation.promotionOrder,
  repositories: managedRepositories(config),
});

/** The text of each workflow file, by file name. */
export function renderWorkflows({ promotionOrder, repositories }: WorkflowSettings): Record<string, string> {
  const files: Record<string, [string, Record<string, unknown>]> = {
    'deploy.yml': [
      'Deploy on merge: plan each environment read-only, apply the reviewed plan in its GitHub environment.',
      deployWorkflow(promotionOrder, repositories),
    ],
    'drift.yml': [
      'Drift detection: plan every stack read-only on a schedule; issues for drift and for failed plans.',
      driftWorkflow(repositories),
    ],
    'pr.yml': [
      'Pull request review: lint and test, synth, plan the changed stacks read-only, one comment, one verdict.',
      prWorkflow(repositories),
    ],
  };
  return Object.fromEntries(
    Object.entries(files).map(([file, [what, workflow]]) => {
      const doc = new Document(workflow, { aliasDuplicateObjects: false });
      doc.commentBefore = HEADER(what);
      return [file, doc.toString({ lineWidth: 0, singleQuote: true })];
    }),
  );
}

export const WORKFLOWS_DIR = path.resolve(__dirname, '..', '..', '.github', 'workflows');

/** Write every workflow file; returns the names of those that changed. */
export function writeWorkflows(settings: WorkflowSettings, dir: string = WORKFLOWS_DIR): string[] {
  const changed: string[] = [];
  for (const [file, text] of Object.entries(renderWorkflows(settings))) {
    const target = path.join(dir, file);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text) continue;
    fs.writeFileSync(target, text);
    changed.push(file);
  }
  return changed;
}

if (require.main === module) {
  // `npm run workflows`: the promotion order of the live config
  import('../../model')
    .then(({ loadConfig }) => {
      const changed = writeWorkflows(workflowSettings(loadConfig(process.env.PLATFORM_CONFIG_DIR)));
      console.log(changed.length > 0 ? `Wrote ${changed.map((f) => `.github/workflows/${f}`).join(', ')}` : 'Workflows are up to date');
    })
    .catch((error: Error) => {
      console.error(`workflows: ${error.message}`);
      process.exitCode = 1;
    });
}
