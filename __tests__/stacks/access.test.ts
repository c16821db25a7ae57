import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { Testing } from '../../modules/core';
import { PlanRole, TerraformRole } from '../../modules/account-access';
import { planLogins } from '../../tools/ci/plan-roles';
import { configErrorOf, exampleConfig } from '../support/config';
import { examplePolicyReport, exampleTerraform } from '../support/example';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

const config = exampleConfig();
const stacks = buildExample(config);
const tf = Object.fromEntries(stacks.all.map((s) => [s.node.id, exampleTerraform(s.node.id)]));
const ACCOUNTS: Record<string, string> = { dev: '222222222222', test: '333333333333', staging: '444444444444', prod: '555555555555' };
const ENVS = Object.keys(ACCOUNTS);
const PRODUCTION = 'prod';

/** The policy document a role policy (or role trust) of `stack` refers to, by construct path prefix. */
function document(stack: string, prefix: string): Record<string, any> {
  const docs: Record<string, any> = tf[stack].data.aws_iam_policy_document;
  const ids = Object.keys(docs).filter((id) => id.startsWith(`${prefix}_`));
  expect(ids).toHaveLength(1);
  return docs[ids[0]];
}
const statementsOf = (stack: string, prefix: string): Record<string, any>[] => document(stack, prefix).statement;
/** Every statement of the Terraform role: its inline policy and its managed one. */
const terraformStatements = (stack: string): Record<string, any>[] => [
  ...statementsOf(stack, 'terraform-role_permissions'),
  ...statementsOf(stack, 'terraform-role_managed-baseline-document'),
];
const terraformActions = (stack: string): string[] => terraformStatements(stack).flatMap((s) => s.actions);

/** Verbs of actions that change something: a plan role holds none of them. */
// prettier-ignore
const WRITE_VERBS = [
  'Add', 'Associate', 'Attach', 'Cancel', 'Create', 'Delete', 'Deregister', 'Detach', 'Disable', 'Disassociate', 'Enable',
  'Execute', 'Import', 'Invoke', 'Modify', 'Pass', 'Publish', 'Put', 'Register', 'Remove', 'Replace', 'Reset', 'Restore',
  'Revoke', 'Rotate', 'Run', 'Schedule', 'Send', 'Set', 'Start', 'Stop', 'Subscribe', 'Tag', 'Unsubscribe', 'Untag',
  'Update', 'Upload', 'Validate',
];

const throughRoot = (sid: string, account: string, roles: string[]) => ({
  sid,
  effect: 'Allow',
  actions: ['sts:AssumeRole'],
  principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${account}:root`] }],
  condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: roles }],
});

describe('access stacks', () => {
  test('one per environment account, named <env>-access, applied by no workflow (no manifest dependency)', () => {
    expect(stacks.accessStacks.map((s) => s.node.id)).toEqual(['dev-access', 'test-access', 'staging-access', 'prod-access']);
    for (const stack of stacks.accessStacks) expect(stack.dependencies).toEqual([]);
  });

  test.each(ENVS)(
    '%s-access: the OIDC provider, the permissions boundary, the Terraform role with its boundary, the plan role and (where pipelines stop for approval) the approver role',
    (env) => {
      const resources = tf[`${env}-access`].resource;
      // the example's test environment has no approval action: no approver role (__tests__/security/approvals.test.ts)
      const approver = env === 'test' ? 0 : 1;
      expect(Object.fromEntries(Object.entries(resources).map(([type, r]) => [type, Object.keys(r as object).length]))).toEqual({
        aws_iam_openid_connect_provider: 1,
        // the platform's boundary, the Terraform role's own boundary and its managed policy (what the inline one cannot hold)
        aws_iam_policy: 3,
        aws_iam_role: 3 + approver,
        aws_iam_role_policy: 3 + approver,
        aws_iam_role_policy_attachment: 1,
      });
      expect(resourcesOf(tf[`${env}-access`], 'aws_iam_openid_connect_provider')).toEqual([
        expect.objectContaining({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] }),
      ]);
      const roles = resourcesOf(tf[`${env}-access`], 'aws_iam_role').map((r) => [r.name, r.max_session_duration, r.permissions_boundary]);
      expect(roles.sort()).toEqual([
        ...(approver === 0 ? [] : [[`acme-${env}-approver`, 3600, undefined]]),
        ['cicd-platform-github-deploy', 3600, expect.stringMatching(/^\$\{aws_iam_policy\.permissions-boundary_policy_/)],
        ['cicd-platform-plan', 3600, undefined],
        ['cicd-platform-terraform', 3600, expect.stringMatching(/^\$\{aws_iam_policy\.terraform-role_boundary_policy_/)],
      ]);
    },
  );

  test.each(ENVS)('%s-access: ambient credentials pinned to the account, its own state key', (env) => {
    const stack = tf[`${env}-access`];
    expect(stack.provider.aws).toEqual([expect.objectContaining({ allowed_account_ids: [ACCOUNTS[env]], region: 'eu-west-1' })]);
    expect(stack.provider.aws[0].assume_role).toBeUndefined();
    expect(stack.terraform.backend.s3.key).toBe(`${env}-access/terraform.tfstate`);
  });
});

describe('the Terraform role', () => {
  test('prod: trusted by the GitHub deploy role of prod alone, through the account root', () => {
    expect(statementsOf('prod-access', 'terraform-role_trust')).toEqual([
      throughRoot('GitHubDeployRole', '555555555555', ['arn:aws:iam::555555555555:role/cicd-platform-github-deploy']),
    ]);
  });

  test('dev: also by the configured administrator; never by a service infrastructure build', () => {
    expect(statementsOf('dev-access', 'terraform-role_trust')).toEqual([
      throughRoot('GitHubDeployRole', '222222222222', ['arn:aws:iam::222222222222:role/cicd-platform-github-deploy']),
      throughRoot('Administrators', '222222222222', [
        'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef',
      ]),
    ]);
  });

  test('an infrastructure build configured with another role is not trusted', () => {
    const changed = exampleConfig((raw) => {
      // the service whose pipeline applies its own infrastructure with the roles the platform makes for it
      const svc = raw.services.find((s) => s.pipeline?.infrastructure !== undefined)!;
      svc.pipeline.infrastructure.applyRoleName = 'inventory-terraform';
      svc.pipeline.infrastructure.planRoleName = 'inventory-terraform';
    });
    const dev = synthObject(buildExample(changed).accessStacks[0]);
    const docs: Record<string, any> = dev.data.aws_iam_policy_document;
    const trust = Object.entries(docs).find(([id]) => id.startsWith('terraform-role_trust_'))![1];
    expect(trust.statement.map((s: any) => s.sid)).toEqual(['GitHubDeployRole', 'Administrators']);
  });

  const statements = terraformStatements('prod-access');
  const bySid = (sid: string): Record<string, any> => statements.find((s) => s.sid === sid)!;

  test('no wildcard action; "*" resources only in the statements of actions AWS does not scope', () => {
    expect(terraformActions('prod-access').filter((a) => a.includes('*'))).toEqual([]);
    expect(statements.filter((s) => s.effect === 'Allow' && s.resources.includes('*')).map((s) => [s.sid, s.actions])).toEqual([
      ['KmsCreateKey', ['kms:CreateKey']],
      ['KmsUnscoped', ['kms:ListAliases']],
      ['LogsUnscoped', ['logs:DeleteResourcePolicy', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy']],
      ['GuardDutyUnscoped', ['guardduty:CreateDetector', 'guardduty:ListDetectors']],
      ['AuditTrailUnscoped', ['cloudtrail:DescribeTrails']],
    ]);
    // one Deny: approvals are the approver role's alone (modules/pipeline-approver-role)
    expect(statements.filter((s) => s.effect !== 'Allow').map((s) => s.sid)).toEqual(['DenyPipelineApprovals']);
  });

  test('creates and changes roles named <prefix>-* (not the GitHub deploy role, its access stack owns it) only with the permissions boundary', () => {
    const roles = ['arn:aws:iam::555555555555:role/acme-*'];
    expect(bySid('WriteRolesWithBoundary')).toEqual({
      sid: 'WriteRolesWithBoundary',
      effect: 'Allow',
      actions: [
        'iam:AttachRolePolicy',
        'iam:CreateRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
      ],
      resources: roles,
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:PermissionsBoundary',
          values: ['arn:aws:iam::555555555555:policy/acme-cicd-permissions-boundary'],
        },
      ],
    });
    expect(bySid('PassRolesToPlatformServices')).toEqual({
      sid: 'PassRolesToPlatformServices',
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: roles,
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:PassedToService',
          values: [
            'cloudtrail.amazonaws.com',
            'codebuild.amazonaws.com',
            'codedeploy.amazonaws.com',
            'codepipeline.amazonaws.com',
            'events.amazonaws.com',
          ],
        },
      ],
    });
    // every IAM action that can grant a permission is behind the boundary condition
    const unconditioned = statements.filter((s) => s.condition === undefined).flatMap((s) => s.actions);
    for (const action of ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary']) {
      expect(unconditioned).not.toContain(action);
    }
    expect(terraformActions('prod-access')).not.toContain('iam:DeleteRolePermissionsBoundary');
  });

  test('does not manage the boundary policy (the access stack owns it); creates the security baseline service-linked roles, nothing wider', () => {
    expect(statements.map((s) => s.sid)).not.toContain('BoundaryPolicy');
    expect(bySid('SecurityBaselineServiceLinkedRoles')).toEqual({
      sid: 'SecurityBaselineServiceLinkedRoles',
      effect: 'Allow',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['arn:aws:iam::555555555555:role/aws-service-role/*'],
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:AWSServiceName',
          values: ['access-analyzer.amazonaws.com', 'guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com'],
        },
      ],
    });
  });

  test('covers every service the environment stacks create, each scoped to the platform names', () => {
    const services = new Set(terraformActions('prod-access').map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual([
      'access-analyzer',
      'cloudtrail',
      'cloudwatch',
      'codebuild',
      'codedeploy',
      'codepipeline',
      'codestar-connections',
      'ecr',
      'events',
      'guardduty',
      'iam',
      'kms',
      'lambda',
      'logs',
      's3',
      'secretsmanager',
      'sns',
    ]);
    expect(bySid('S3Buckets').resources).toEqual(['arn:aws:s3:::acme-*']);
    expect(bySid('Secrets').resources).toEqual(['arn:aws:secretsmanager:eu-west-1:555555555555:secret:acme/*']);
    expect(bySid('LogGroups').resources).toEqual(['arn:aws:logs:eu-west-1:555555555555:log-group:/acme/*']);
    expect(bySid('CodeBuild').actions).toContain('codebuild:CreateProject');
  });
});

describe('the plan role', () => {
  test.each(ENVS)("%s: trusted by the platform repository's jobs in its own plan environment (OIDC), and by itself", (env) => {
    const oidc = resourcesOf(tf[`${env}-access`], 'aws_iam_openid_connect_provider');
    expect(oidc).toHaveLength(1);
    expect(statementsOf(`${env}-access`, 'plan-role_trust')).toEqual([
      {
        sid: 'GitHubPlanEnvironment',
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [
          {
            type: 'Federated',
            identifiers: [expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.github-oidc_provider_[A-Z0-9]+\.arn\}$/)],
          },
        ],
        condition: [
          { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
          {
            test: 'StringEquals',
            variable: 'token.actions.githubusercontent.com:sub',
            // production's also the default branch's plan-prod-main (deploy.yml, drift.yml)
            values: [
              `repo:acme-platform/cicd-platform:environment:plan-${env}`,
              ...(env === PRODUCTION ? [`repo:acme-platform/cicd-platform:environment:plan-${env}-main`] : []),
            ],
          },
        ],
      },
      throughRoot('ItselfForTheProvider', ACCOUNTS[env], [`arn:aws:iam::${ACCOUNTS[env]}:role/cicd-platform-plan`]),
    ]);
  });

  // what it is allowed (its one Deny keeps it from approving pipelines, modules/pipeline-approver-role)
  const actions = statementsOf('prod-access', 'plan-role_permissions')
    .filter((s) => s.effect === 'Allow')
    .flatMap((s) => s.actions);

  test('denies pipeline approvals', () => {
    expect(statementsOf('prod-access', 'plan-role_permissions').filter((s) => s.effect === 'Deny')).toEqual([
      { sid: 'DenyPipelineApprovals', effect: 'Deny', actions: ['codepipeline:PutApprovalResult'], resources: ['*'] },
    ]);
  });

  test('holds no write action (by verb), no wildcard action, and never reads a secret value', () => {
    expect(actions.filter((a) => WRITE_VERBS.some((verb) => a.split(':')[1].startsWith(verb)))).toEqual([]);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
    expect(actions.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe|BatchGet)/.test(a))).toEqual(['sts:AssumeRole']);
  });

  test("reads the services the Terraform role writes, and assumes only itself and its environment's read-only state role", () => {
    const written = new Set(terraformActions('prod-access').map((a) => a.split(':')[0]));
    const read = new Set(actions.map((a) => a.split(':')[0]));
    expect([...written].filter((s) => !read.has(s))).toEqual([]);
    expect(statementsOf('prod-access', 'plan-role_permissions').find((s) => s.sid === 'AssumeItselfAndTheStateRole')!.resources).toEqual([
      'arn:aws:iam::555555555555:role/cicd-platform-plan',
      'arn:aws:iam::111111111111:role/cicd-platform-state-read-prod',
    ]);
  });

  const bootstrapDocs: Record<string, any> = tf.bootstrap.data.aws_iam_policy_document;
  const bootstrapDoc = (prefix: string) => Object.entries(bootstrapDocs).find(([id]) => id.startsWith(prefix))![1];

  const pinnedPlanRole = (account: string) => [
    {
      sid: 'StateReaders',
      effect: 'Allow',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${account}:root`] }],
      condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${account}:role/cicd-platform-plan`] }],
    },
  ];
  test('each read-only state role admits exactly the plan role of its account, pinned by aws:PrincipalArn; no read-write one a plan role', () => {
    expect(bootstrapDoc('state-backend_read-role-trust_').statement).toEqual(pinnedPlanRole('111111111111'));
    for (const env of ENVS) expect(bootstrapDoc(`state-backend_read-role-${env}-trust_`).statement).toEqual(pinnedPlanRole(ACCOUNTS[env]));
    const readWrite = Object.entries(bootstrapDocs).filter(([id]) => /^state-backend_(access-role|write-role-.*)-trust_/.test(id));
    expect(readWrite).toHaveLength(1 + 1 + ENVS.length * 2);
    expect(JSON.stringify(readWrite)).not.toContain('cicd-platform-plan');
  });

  test("the read-only state roles read their own stacks' state, its digests and its key; they write nothing and take no lock", () => {
    for (const id of ['read-role', ...ENVS.map((env) => `read-role-${env}`)]) {
      const statements = bootstrapDoc(`state-backend_${id}-permissions_`).statement;
      expect([id, statements.map((s: any) => [s.sid, s.actions])]).toEqual([
        id,
        [
          ['ListState', ['s3:ListBucket']],
          ['ReadOwnState', ['s3:GetObject']],
          ['DescribeLocks', ['dynamodb:DescribeTable']],
          ['ReadOwnDigests', ['dynamodb:GetItem']],
          ['DecryptState', ['kms:Decrypt', 'kms:DescribeKey']],
        ],
      ]);
    }
    for (const name of ['cicd-platform-state-read', ...ENVS.map((env) => `cicd-platform-state-read-${env}`)]) {
      expect(resourcesOf(tf.bootstrap, 'aws_iam_role').find((r) => r.name === name)).toMatchObject({
        permissions_boundary: expect.stringMatching(/^\$\{aws_iam_policy\.permissions-boundary_policy_/),
      });
    }
  });

  const DEV_ADMIN = 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef';
  const MANAGEMENT_ADMIN =
    'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_fedcba9876543210';
  test.each(ENVS)(
    "%s: its state role admits its GitHub deploy role and its administrators; its access stack's, administrators only",
    (env) => {
      const admins = env === 'dev' ? [DEV_ADMIN] : [];
      const admitted = (scope: string) => bootstrapDoc(`state-backend_write-role-${scope}-trust_`).statement[0].condition[0].values;
      expect(admitted(env)).toEqual([`arn:aws:iam::${ACCOUNTS[env]}:role/cicd-platform-github-deploy`, ...admins].sort());
      expect(admitted(`${env}-access`)).toEqual([...admins, MANAGEMENT_ADMIN].sort());
    },
  );

  test('the constructor refuses a write action or a wildcard subject', () => {
    const props = {
      partition: 'aws',
      accountId: '555555555555',
      region: 'eu-west-1',
      prefix: 'acme',
      stackTags: ['prod'],
      roleName: 'plan',
      oidcProviderArn: 'arn:aws:iam::555555555555:oidc-provider/token.actions.githubusercontent.com',
      audience: 'sts.amazonaws.com',
      stateRoleArn: 'arn:aws:iam::111111111111:role/state',
      boundaryArn: 'arn:aws:iam::555555555555:policy/b',
    };
    const build = (subjects: string[]) => () => Testing.synthScope((scope) => void new PlanRole(scope, 'p', { ...props, subjects }));
    expect(build(['repo:o/r:*'])).toThrow('subjects must be exact');
    expect(build([])).toThrow('at least one OIDC subject');
    expect(build(['repo:o/r:pull_request'])).not.toThrow();
  });
});

describe('the policy pack', () => {
  test("finds no error in the access stacks; the plan role's boundary and the Terraform boundary's service ceiling are suppressed with reasons; the OIDC subjects need none", () => {
    const findings = examplePolicyReport().findings.filter((f) => f.stack.endsWith('-access'));
    expect(findings.filter((f) => f.suppressedBecause === undefined)).toEqual([]);
    expect([...new Set(findings.map((f) => f.ruleId))].sort()).toEqual(['PLAT-BND-001', 'PLAT-IAM-001']);
  });
});

describe('plans run as the plan role', () => {
  test('every stack but bootstrap and the access stacks takes its role from var.aws_role_name (default: the Terraform role)', () => {
    for (const [name, stack] of Object.entries(tf)) {
      if (name.endsWith('-access') || name === 'bootstrap') continue;
      expect({ name, default: stack.variable.aws_role_name.default }).toEqual({ name, default: 'cicd-platform-terraform' });
    }
  });

  test("the plan-roles CLI maps each stack to its account's plan role, the management account's too", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-roles-'));
    try {
      const stacksJson: Record<string, unknown> = {};
      for (const [name, stack] of Object.entries(tf)) {
        fs.mkdirSync(path.join(outdir, 'stacks', name), { recursive: true });
        fs.writeFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
        stacksJson[name] = { workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
      }
      fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks: stacksJson }));
      const logins = planLogins(outdir, config);
      const management = 'arn:aws:iam::111111111111:role/cicd-platform-plan';
      // each plan reads the state through the read-only state role of its account's stacks
      const stateRole = 'arn:aws:iam::111111111111:role/cicd-platform-state-read';
      // pull requests plan in plan-management (reviewed), the default branch in plan-management-main
      const planEnvironments = { environment: 'plan-management', mainEnvironment: 'plan-management-main' };
      expect(logins.platform).toEqual({ role: management, roleName: 'cicd-platform-plan', stateRole, ...planEnvironments });
      expect(logins['management-access']).toEqual({ role: management, roleName: '', stateRole, ...planEnvironments });
      expect(logins.bootstrap).toBeUndefined(); // local state until migrated: not planned by CI
      for (const env of ENVS) {
        const role = `arn:aws:iam::${ACCOUNTS[env]}:role/cicd-platform-plan`;
        const envStateRole = `arn:aws:iam::111111111111:role/cicd-platform-state-read-${env}`;
        // production's default-branch plans take plan-<production>-main; below production there is one plan environment
        const envs = { environment: `plan-${env}`, mainEnvironment: env === PRODUCTION ? `plan-${env}-main` : `plan-${env}` };
        expect(logins[env]).toEqual({ role, roleName: 'cicd-platform-plan', stateRole: envStateRole, ...envs });
        expect(logins[`${env}-access`]).toEqual({ role, roleName: '', stateRole: envStateRole, ...envs });
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test.each([
    ['pr.yml', 'plan'],
    ['drift.yml', 'detect'],
  ])('%s logs in to the plan role, in its plan environment, and sets TF_VAR_aws_role_name from the plan-roles output', (file, jobId) => {
    const wf = parse(fs.readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', file), 'utf8')) as {
      jobs: Record<string, any>;
    };
    const job = wf.jobs[jobId];
    const synthStep = wf.jobs.synth.steps.find((s: any) => String(s.run ?? '').includes('plan-roles cdktf.out'));
    expect(synthStep).toBeDefined();
    expect(wf.jobs.synth.outputs['plan-roles']).toBe(`\${{ steps.${synthStep.id}.outputs.plan-roles }}`);
    expect(job.env.PLAN_ROLE_NAME).toBe('${{ fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].roleName }}');
    // in a plan environment of the stack's plan role (one of the OIDC subjects it trusts): a pull request's, or
    // (drift.yml, which runs from the default branch) the default branch's
    const key = file === 'pr.yml' ? 'environment' : 'mainEnvironment';
    expect(job.environment).toBe(`\${{ fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].${key} }}`);
    const login = job.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@'));
    expect(login.with['role-to-assume']).toBe('${{ fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].role }}');
    expect(fs.readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', file), 'utf8')).not.toContain('AWS_PLAN_ROLE_ARN');
    // the step runs tools/ci/plan.sh (__tests__/tools/ci-scripts.test.ts runs it and sees the variable reach terraform)
    expect(job.steps.some((s: any) => String(s.run ?? '').startsWith('tools/ci/plan.sh '))).toBe(true);
    const lines = fs.readFileSync(path.join(__dirname, '..', '..', 'tools', 'ci', 'plan.sh'), 'utf8').split('\n');
    const exportLine = lines.findIndex((l) => l.includes('export TF_VAR_aws_role_name="$PLAN_ROLE_NAME"'));
    expect(exportLine).toBeGreaterThanOrEqual(0);
    expect(exportLine).toBeLessThan(lines.findIndex((l) => l.trim().startsWith('terraform init')));
  });
});

describe('bad config', () => {
  test.each([
    [
      'a plan role that is the Terraform role',
      (raw: any) => (raw.environments.test.account.planRoleName = 'cicd-platform-terraform'),
      'environments/test.ts (environment "test"): account.planRoleName: must differ from account.deployRoleName',
    ],
    [
      'a plan role that is the GitHub deploy role',
      (raw: any) => (raw.environments.staging.account.planRoleName = 'cicd-platform-github-deploy'),
      'environments/staging.ts (environment "staging"): account.planRoleName and account.deployRoleName: must differ from organisation.sourceControl.deployRoleName',
    ],
    [
      'a stack group named "access"',
      (raw: any) => (raw.environments.prod.stackGroups = [{ name: 'access', teams: ['payments'] }]),
      'environments/prod.ts (environment "prod"): stackGroups: "access" is taken by the stack prod-access',
    ],
    [
      'an administrator ARN with a wildcard',
      (raw: any) => (raw.environments.dev.account.administratorRoleArns = ['arn:aws:iam::222222222222:role/admin-*']),
      'environments/dev.ts (environment "dev"): account.administratorRoleArns[0]: must be the ARN of an IAM role',
    ],
    [
      'a plan role name IAM refuses',
      (raw: any) => (raw.environments.dev.account.planRoleName = 'plan role'),
      'environments/dev.ts (environment "dev"): account.planRoleName: must be an IAM role name',
    ],
    [
      "a state role name whose scope's role would be the read-only state role",
      (raw: any) => (raw.organisation.stateBackend.readRoleName = 'cicd-platform-state-prod'),
      'environments/organisation.ts: stateBackend.roleName: the state role of scope "prod" would be "cicd-platform-state-prod", which another state role uses',
    ],
    [
      "a state role name that is an environment's read-only state role",
      (raw: any) => (raw.organisation.stateBackend.roleName = 'cicd-platform-state-read-dev'),
      'environments/organisation.ts: stateBackend.roleName: the state role of scope "management" would be "cicd-platform-state-read-dev", which another state role uses',
    ],
    [
      'a read-only state role name too long for the environments',
      (raw: any) => (raw.organisation.stateBackend.readRoleName = 'r'.repeat(60)),
      `environments/organisation.ts: stateBackend.readRoleName: the state role of scope "staging (read)" would be "${'r'.repeat(60)}-staging" (68 characters, IAM allows 64); shorten stateBackend.readRoleName`,
    ],
    [
      'a state role name too long for its scopes',
      (raw: any) => (raw.organisation.stateBackend.roleName = 'x'.repeat(60)),
      `environments/organisation.ts: stateBackend.roleName: the state role of scope "platform" would be "${'x'.repeat(60)}-platform" (69 characters, IAM allows 64); shorten stateBackend.roleName`,
    ],
  ])('%s', (_label, mutate, message) => {
    expect(configErrorOf(mutate).message).toContain(message);
  });
});

describe('the platform deployment environment', () => {
  const platform = tf.platform;
  // (the release environments of publishing services: __tests__/stacks/package-release.test.ts)
  const platformEnvironments = (out: Record<string, any>) =>
    resourcesOf(out, 'github_repository_environment').filter((e) => e.environment === 'platform');
  const [environment] = platformEnvironments(platform);

  test('in the platform repository, reviewed by the configured team, deployable from main only', () => {
    expect(platformEnvironments(platform)).toHaveLength(1);
    expect(environment).toMatchObject({
      repository: 'cicd-platform',
      environment: 'platform',
      can_admins_bypass: false,
      prevent_self_review: true,
      wait_timer: 0,
      deployment_branch_policy: { custom_branch_policies: true, protected_branches: false },
      reviewers: [
        { teams: [expect.stringMatching(/^\$\{github_team\.source-control_team-platform-leads_[A-Za-z0-9_]+\.id\}$/)], users: [] },
      ],
    });
    // the policies of this environment (the plan environments of the default branch have their own)
    const environments: Record<string, { environment: string }> = platform.resource.github_repository_environment;
    const id = Object.keys(environments).find((k) => environments[k].environment === 'platform');
    const branchPolicies = resourcesOf(platform, 'github_repository_environment_deployment_policy').filter(
      (p) => p.branch_pattern !== undefined && p.environment === `\${github_repository_environment.${id}.environment}`,
    );
    expect(branchPolicies.map((p) => [p.repository, p.branch_pattern])).toEqual([['cicd-platform', 'main']]);
  });

  test('carries the management region and the deploy role of management-access as variables', () => {
    expect(
      resourcesOf(platform, 'github_actions_environment_variable')
        .map((v) => [v.variable_name, v.value])
        .sort(),
    ).toEqual([
      ['AWS_DEPLOY_ROLE_ARN', 'arn:aws:iam::111111111111:role/cicd-platform-github-deploy'],
      ['AWS_REGION', 'eu-west-1'],
    ]);
  });

  test('defaults: the platform team reviews; the role variable is still the deploy role of management-access', () => {
    const changed = buildExample(exampleConfig((raw) => (raw.organisation.platformEnvironment = {}))).platform;
    const out = synthObject(changed);
    expect(platformEnvironments(out)[0].reviewers[0].teams).toEqual([
      expect.stringMatching(/^\$\{github_team\.source-control_team-platform-team_[A-Za-z0-9_]+\.id\}$/),
    ]);
    expect(
      resourcesOf(out, 'github_actions_environment_variable')
        .map((v) => [v.variable_name, v.value])
        .sort(),
    ).toEqual([
      ['AWS_DEPLOY_ROLE_ARN', 'arn:aws:iam::111111111111:role/cicd-platform-github-deploy'],
      ['AWS_REGION', 'eu-west-1'],
    ]);
  });

  test('a platform stack without reviewers is a config error: they also review the management plan environment', () => {
    const message = configErrorOf((raw) => {
      raw.organisation.platformEnvironment = {};
      delete raw.organisation.sourceControl.platformTeam;
    }).message;
    expect(message).toContain('environments/organisation.ts: platformEnvironment: needs a reviewer');
    expect(message).toContain('(the plan-management environment)');
  });

  test('an undeclared reviewer team is a config error naming the field', () => {
    expect(configErrorOf((raw) => (raw.organisation.platformEnvironment.reviewerTeams = ['ghosts'])).message).toContain(
      'environments/organisation.ts: platformEnvironment.reviewerTeams: "ghosts" not declared in sourceControl.teams',
    );
  });
});

describe('policy size', () => {
  /** The document as IAM stores it (what the data source renders), whitespace excluded. */
  function iamSize(doc: Record<string, any>): number {
    const one = (values: string[]) => (values.length === 1 ? values[0] : values);
    const statements = doc.statement.map((s: any) => ({
      Sid: s.sid,
      Effect: s.effect,
      Action: one(s.actions),
      ...(s.resources === undefined ? {} : { Resource: one(s.resources) }),
      ...(s.condition === undefined
        ? {}
        : {
            Condition: Object.fromEntries(
              s.condition.map((c: any) => [
                c.test,
                Object.fromEntries(s.condition.filter((d: any) => d.test === c.test).map((d: any) => [d.variable, one(d.values)])),
              ]),
            ),
          }),
    }));
    return JSON.stringify({ Version: '2012-10-17', Statement: statements }).length;
  }

  test("each role's inline policy fits the 10,240 characters IAM allows, with the longest prefix, names and region", () => {
    const scope = {
      partition: 'aws-us-gov',
      accountId: '555555555555',
      region: 'ap-southeast-2',
      prefix: 'abcdefghij',
      stackTags: ['e'.repeat(20)],
    };
    const boundaryArn = 'arn:aws-us-gov:iam::555555555555:policy/abcdefghij-cicd-permissions-boundary';
    const tfJson = JSON.parse(
      Testing.synthScope((root) => {
        new TerraformRole(root, 'terraform-role', {
          ...scope,
          roleName: 'x'.repeat(64),
          ownBoundaryName: 'abcdefghij-cicd-terraform-boundary',
          deployRoleArn: `arn:aws-us-gov:iam::555555555555:role/${'d'.repeat(64)}`,
          boundaryArn,
          extraRoleNames: ['d'.repeat(64)],
        });
        new PlanRole(root, 'plan-role', {
          ...scope,
          roleName: 'p'.repeat(64),
          oidcProviderArn: 'arn:aws-us-gov:iam::555555555555:oidc-provider/token.actions.githubusercontent.com',
          audience: 'sts.amazonaws.com',
          subjects: ['repo:o/r:pull_request'],
          stateRoleArn: `arn:aws-us-gov:iam::111111111111:role/${'s'.repeat(64)}`,
          boundaryArn,
          extraRoleNames: ['d'.repeat(64), 'x'.repeat(64)],
        });
      }),
    );
    const docs: Record<string, any> = tfJson.data.aws_iam_policy_document;
    const size = (prefix: string) => iamSize(Object.entries(docs).find(([id]) => id.startsWith(`${prefix}_`))![1]);
    expect(size('terraform-role_permissions')).toBeLessThan(10240);
    expect(size('plan-role_permissions')).toBeLessThan(10240);
    // what the inline policy has no room for goes to managed policies, each under IAM's 6,144 characters
    expect(size('terraform-role_managed-baseline-document')).toBeLessThan(6144);
  });
});
