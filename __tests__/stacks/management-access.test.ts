import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { isWriteAction } from '../../modules/account-access';
import { configErrorOf, exampleConfig } from '../support/config';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

const config = exampleConfig();
const stacks = buildExample(config);
const tf = synthObject(stacks.managementAccess);
const platform = synthObject(stacks.platform);
const MANAGEMENT = '111111111111';
const ADMIN = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_fedcba9876543210';
const role = (name: string) => `arn:aws:iam::${MANAGEMENT}:role/${name}`;
const OIDC_REF = /^\$\{aws_iam_openid_connect_provider\.github-oidc_provider_[A-Z0-9]+\.arn\}$/;

/** The statements of the one policy document whose id starts with `prefix`. */
function statementsOf(prefix: string): Record<string, any>[] {
  const docs: Record<string, any> = tf.data.aws_iam_policy_document;
  const ids = Object.keys(docs).filter((id) => id.startsWith(`${prefix}_`));
  expect(ids).toHaveLength(1);
  return docs[ids[0]].statement;
}
// what a role is allowed (each also denies pipeline approvals: __tests__/security/approvals.test.ts)
const actionsOf = (prefix: string): string[] =>
  statementsOf(prefix)
    .filter((s) => s.effect === 'Allow')
    .flatMap((s) => s.actions);
const throughRoot = (sid: string, roles: string[]) => ({
  sid,
  effect: 'Allow',
  actions: ['sts:AssumeRole'],
  principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${MANAGEMENT}:root`] }],
  condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: roles }],
});
const workflow = (file: string) =>
  parse(fs.readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', file), 'utf8')) as { jobs: Record<string, any> };

describe('the management-access stack', () => {
  test('one stack, applied by no workflow (no manifest dependency), in the management account with ambient credentials', () => {
    expect(stacks.managementAccess.node.id).toBe('management-access');
    expect(stacks.managementAccess.dependencies).toEqual([]);
    expect(tf.provider.aws).toEqual([expect.objectContaining({ allowed_account_ids: [MANAGEMENT], region: 'eu-west-1' })]);
    expect(tf.provider.aws[0].assume_role).toBeUndefined();
    expect(tf.variable).toBeUndefined();
    expect(tf.terraform.backend.s3).toMatchObject({
      key: 'management-access/terraform.tfstate',
      assume_role: { role_arn: role('cicd-platform-state') },
    });
  });

  test('the OIDC provider, the platform deploy role, the Terraform role with its own boundary and the plan role, nothing else', () => {
    expect(Object.fromEntries(Object.entries(tf.resource).map(([type, r]) => [type, Object.keys(r as object).length]))).toEqual({
      aws_iam_openid_connect_provider: 1,
      aws_iam_policy: 1,
      aws_iam_role: 3,
      aws_iam_role_policy: 3,
    });
    expect(resourcesOf(tf, 'aws_iam_openid_connect_provider')).toEqual([
      expect.objectContaining({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] }),
    ]);
    const roles = resourcesOf(tf, 'aws_iam_role').map((r) => [r.name, r.max_session_duration, r.permissions_boundary]);
    expect(roles.sort()).toEqual([
      ['cicd-platform-github-deploy', 3600, 'arn:aws:iam::111111111111:policy/acme-cicd-permissions-boundary'],
      ['cicd-platform-plan', 3600, undefined],
      ['cicd-platform-terraform', 3600, expect.stringMatching(/^\$\{aws_iam_policy\.terraform-role_boundary_policy_/)],
    ]);
  });
});

describe('the platform deploy role', () => {
  test('trusted only by the platform environment of the platform repository (exact sub, audience)', () => {
    expect(statementsOf('platform-deploy-role_trust')).toEqual([
      {
        sid: 'GitHubActionsEnvironment',
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [expect.stringMatching(OIDC_REF)] }],
        condition: [
          { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
          {
            test: 'StringEquals',
            variable: 'token.actions.githubusercontent.com:sub',
            values: ['repo:acme-platform/cicd-platform:environment:platform'],
          },
        ],
      },
    ]);
  });

  test('may assume the management Terraform role and the state role, nothing else', () => {
    expect(statementsOf('platform-deploy-role_permissions')).toEqual([
      {
        sid: 'AssumeDeployRoles',
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        resources: [role('cicd-platform-terraform'), role('cicd-platform-state-platform')],
      },
      { sid: 'DenyPipelineApprovals', effect: 'Deny', actions: ['codepipeline:PutApprovalResult'], resources: ['*'] },
    ]);
  });
});

describe('the management Terraform role', () => {
  const statements = statementsOf('terraform-role_permissions');
  const bySid = (sid: string) => statements.find((s) => s.sid === sid)!;

  test('trusted by the platform deploy role and the configured administrators, through the account root', () => {
    expect(statementsOf('terraform-role_trust')).toEqual([
      throughRoot('GitHubDeployRole', [role('cicd-platform-github-deploy')]),
      throughRoot('Administrators', [ADMIN]),
    ]);
  });

  test('what the platform stack creates: CodeArtifact, its KMS key and its release role; no wildcard action', () => {
    expect(statements.map((s) => s.sid)).toEqual([
      'CodeArtifact',
      'KmsKeys',
      'KmsAliases',
      'KmsCreateKey',
      'KmsTagNewKeys',
      'KmsUnscoped',
      'ReleaseRole',
      'ReleaseRoleWithBoundary',
      'DenyPipelineApprovals',
    ]);
    const actions = actionsOf('terraform-role_permissions');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect([...new Set(actions.map((a) => a.split(':')[0]))].sort()).toEqual(['codeartifact', 'iam', 'kms']);
    expect(statements.filter((s) => s.effect !== 'Allow').map((s) => s.sid)).toEqual(['DenyPipelineApprovals']);
    expect(bySid('CodeArtifact').resources).toEqual([
      'arn:aws:codeartifact:eu-west-1:111111111111:domain/acme-packages',
      'arn:aws:codeartifact:eu-west-1:111111111111:repository/acme-packages/*',
    ]);
    expect(bySid('KmsAliases').resources).toEqual(['arn:aws:kms:eu-west-1:111111111111:alias/acme-codeartifact']);
  });

  test('"*" only for the actions that take no resource; keys only those the platform stack tagged', () => {
    expect(statements.filter((s) => s.effect === 'Allow' && s.resources.includes('*')).map((s) => [s.sid, s.actions, s.condition])).toEqual(
      [
        ['KmsCreateKey', ['kms:CreateKey'], [{ test: 'StringEquals', variable: 'aws:RequestTag/stack', values: ['platform'] }]],
        ['KmsUnscoped', ['kms:ListAliases'], undefined],
      ],
    );
    expect(bySid('KmsTagNewKeys')).toEqual({
      sid: 'KmsTagNewKeys',
      effect: 'Allow',
      actions: ['kms:TagResource'],
      resources: ['arn:aws:kms:eu-west-1:111111111111:key/*'],
      condition: [
        { test: 'StringEquals', variable: 'aws:RequestTag/stack', values: ['platform'] },
        { test: 'Null', variable: 'aws:ResourceTag/stack', values: ['true'] },
      ],
    });
    expect(bySid('KmsKeys')).toMatchObject({
      resources: ['arn:aws:kms:eu-west-1:111111111111:key/*'],
      condition: [{ test: 'StringEquals', variable: 'aws:ResourceTag/stack', values: ['platform'] }],
    });
    // the platform stack's default tags carry that tag
    expect(platform.provider.aws[0].default_tags[0].tags.stack).toBe('platform');
  });

  test('IAM on the release role alone; creating it or giving it a policy only with the boundary', () => {
    const iam = statements.filter((s) => s.actions.some((a: string) => a.startsWith('iam:')));
    expect(iam.map((s) => s.sid)).toEqual(['ReleaseRole', 'ReleaseRoleWithBoundary']);
    for (const s of iam) expect(s.resources).toEqual([role('package-release')]);
    expect(bySid('ReleaseRoleWithBoundary')).toEqual({
      sid: 'ReleaseRoleWithBoundary',
      effect: 'Allow',
      actions: ['iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy'],
      resources: [role('package-release')],
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:PermissionsBoundary',
          values: ['arn:aws:iam::111111111111:policy/acme-cicd-permissions-boundary'],
        },
      ],
    });
    const unconditioned = statements.filter((s) => s.condition === undefined).flatMap((s) => s.actions);
    for (const action of ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PassRole'])
      expect(unconditioned).not.toContain(action);
    // the release role carries that boundary in the platform stack
    expect(resourcesOf(platform, 'aws_iam_role').map((r) => [r.name, r.permissions_boundary])).toEqual([
      ['package-release', 'arn:aws:iam::111111111111:policy/acme-cicd-permissions-boundary'],
    ]);
  });

  test('no IAM statement when the release role lives in another account', () => {
    const changed = buildExample(exampleConfig((raw) => (raw.organisation.codeArtifact = { releaseRole: { accountId: '666666666666' } })));
    const docs: Record<string, any> = synthObject(changed.managementAccess).data.aws_iam_policy_document;
    const permissions = Object.entries(docs).find(([id]) => id.startsWith('terraform-role_permissions_'))![1];
    expect(permissions.statement.flatMap((s: any) => s.actions).filter((a: string) => a.startsWith('iam:'))).toEqual([]);
  });

  test('covers every AWS resource type of the platform stack', () => {
    const types = Object.keys(platform.resource).filter((t) => t.startsWith('aws_'));
    expect(types.sort()).toEqual([
      'aws_codeartifact_domain',
      'aws_codeartifact_domain_permissions_policy',
      'aws_codeartifact_repository',
      'aws_codeartifact_repository_permissions_policy',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_kms_alias',
      'aws_kms_key',
    ]);
    const actions = actionsOf('terraform-role_permissions');
    for (const needed of [
      'codeartifact:CreateDomain',
      'codeartifact:PutDomainPermissionsPolicy',
      'codeartifact:CreateRepository',
      'codeartifact:AssociateExternalConnection',
      'codeartifact:PutRepositoryPermissionsPolicy',
      'kms:CreateKey',
      'kms:PutKeyPolicy',
      'kms:EnableKeyRotation',
      'kms:CreateAlias',
      'iam:CreateRole',
      'iam:PutRolePolicy',
    ]) {
      expect(actions).toContain(needed);
    }
  });
});

describe('the management plan role', () => {
  const actions = actionsOf('plan-role_permissions');

  test("trusted by the platform repository's jobs in the management plan environment (OIDC), and by itself", () => {
    expect(statementsOf('plan-role_trust')).toEqual([
      {
        sid: 'GitHubPlanEnvironment',
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [expect.stringMatching(OIDC_REF)] }],
        condition: [
          { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
          {
            test: 'StringEquals',
            variable: 'token.actions.githubusercontent.com:sub',
            values: [
              'repo:acme-platform/cicd-platform:environment:plan-management',
              'repo:acme-platform/cicd-platform:environment:plan-management-main',
            ],
          },
        ],
      },
      throughRoot('ItselfForTheProvider', [role('cicd-platform-plan')]),
    ]);
  });

  test('holds no write action, no wildcard action, and never reads an object (the state goes through the state role)', () => {
    expect(actions.filter(isWriteAction)).toEqual([]);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe)/.test(a))).toEqual(['sts:AssumeRole']);
    expect(actions).not.toContain('s3:GetObject');
  });

  test('reads what platform, bootstrap and management-access hold; assumes only itself and the state role', () => {
    const services = new Set(actions.map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['cloudtrail', 'codeartifact', 'dynamodb', 'iam', 'kms', 'logs', 's3', 'sts']);
    const statements = statementsOf('plan-role_permissions');
    // bootstrap's buckets: the state bucket and the management account's audit bucket
    expect(statements.find((s) => s.sid === 'StateBucketSettings')!.resources).toEqual([
      'arn:aws:s3:::acme-cicd-platform-tfstate-111111111111',
      'arn:aws:s3:::acme-management-audit-111111111111',
    ]);
    expect(statements.find((s) => s.sid === 'AuditTrail')!.resources).toEqual(['arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-*']);
    expect(statements.find((s) => s.sid === 'LockTable')!.resources).toEqual([
      'arn:aws:dynamodb:eu-west-1:111111111111:table/acme-cicd-platform-tflock',
    ]);
    expect(statements.find((s) => s.sid === 'ReadRoles')!.resources).toEqual([
      'arn:aws:iam::111111111111:role/acme-*',
      role('cicd-platform-state'),
      role('cicd-platform-state-*'),
      role('cicd-platform-state-read'),
      role('cicd-platform-state-read-*'),
      role('cicd-platform-terraform'),
      role('cicd-platform-github-deploy'),
      role('cicd-platform-plan'),
      'arn:aws:iam::111111111111:policy/acme-cicd-permissions-boundary',
    ]);
    // the read-only state role of the management account's stacks, never a read-write one
    expect(statements.find((s) => s.sid === 'AssumeItselfAndTheStateRole')!.resources).toEqual([
      role('cicd-platform-plan'),
      role('cicd-platform-state-read'),
    ]);
  });
});

describe('wiring', () => {
  test('the platform stack assumes the management Terraform role through var.aws_role_name', () => {
    expect(platform.provider.aws[0].assume_role).toEqual([
      { role_arn: 'arn:aws:iam::111111111111:role/${var.aws_role_name}', session_name: 'cdktf-platform' },
    ]);
    expect(platform.variable.aws_role_name.default).toBe(
      resourcesOf(tf, 'aws_iam_role').find((r) => r.name === 'cicd-platform-terraform')!.name,
    );
  });

  test("the platform environment's AWS_DEPLOY_ROLE_ARN is the deploy role this stack creates; deploy.yml's platform job logs in to it", () => {
    const variable = resourcesOf(platform, 'github_actions_environment_variable').find((v) => v.variable_name === 'AWS_DEPLOY_ROLE_ARN')!;
    const deployRole = resourcesOf(tf, 'aws_iam_role').find((r) => r.description.includes('environment platform'))!;
    expect(variable.value).toBe(role(deployRole.name));
    const job = workflow('deploy.yml').jobs['apply-platform'];
    expect(job.environment).toBe('platform');
    const login = job.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@'));
    expect(login.with['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
  });

  test("the platform's state role admits the platform deploy role and administrators; bootstrap's administrators only; the management read-only one the management plan role alone", () => {
    const docs: Record<string, any> = synthObject(stacks.bootstrap).data.aws_iam_policy_document;
    const trust = (prefix: string) => Object.entries(docs).find(([id]) => id.startsWith(prefix))![1];
    expect(trust('state-backend_write-role-platform-trust_').statement).toHaveLength(1);
    expect(trust('state-backend_write-role-platform-trust_').statement[0].condition[0].values).toEqual(
      [role('cicd-platform-github-deploy'), ADMIN].sort(),
    );
    expect(trust('state-backend_access-role-trust_').statement[0].condition[0].values).toEqual([ADMIN]);
    expect(trust('state-backend_read-role-trust_').statement[0].condition[0].values).toEqual([role('cicd-platform-plan')]);
  });

  test.each([
    ['pr.yml', 'plan'],
    ['drift.yml', 'detect'],
  ])('%s: the backend reads the state through the read-only state role, and the plan takes no lock', (file, jobId) => {
    const job = workflow(file).jobs[jobId];
    expect(job.env.PLAN_STATE_ROLE).toBe('${{ fromJSON(needs.synth.outputs.plan-roles)[matrix.stack].stateRole }}');
    // tools/ci/plan.sh passes PLAN_STATE_ROLE to the backend and plans -lock=false (__tests__/tools/ci-scripts.test.ts runs it)
    expect(job.steps.some((s: any) => String(s.run ?? '').startsWith('tools/ci/plan.sh '))).toBe(true);
  });

  test('bootstrap is applied by an administrator: no role assumed, planned as the plan role itself', () => {
    const bootstrap = synthObject(stacks.bootstrap);
    expect(bootstrap.provider.aws[0].assume_role).toBeUndefined();
    expect(bootstrap.variable).toBeUndefined();
  });

  test('no workflow refers to a hand-made management role any more', () => {
    for (const file of ['pr.yml', 'drift.yml', 'deploy.yml']) {
      expect(fs.readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', file), 'utf8')).not.toContain('AWS_PLAN_ROLE_ARN');
    }
  });
});

describe('the policy pack', () => {
  test('no error; the two boundary findings are suppressed with reasons (the plan subject is an environment: no suppression), the deploy role has its boundary', () => {
    const findings = stacks.report.findings.filter((f) => f.stack === 'management-access');
    expect(findings.filter((f) => f.suppressedBecause === undefined)).toEqual([]);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['PLAT-BND-001', 'PLAT-IAM-001']);
    expect(findings.every((f) => (f.suppressedBecause ?? '').length >= 20)).toBe(true);
  });
});

describe('bad config', () => {
  test.each([
    [
      'a management plan role that is the Terraform role',
      (raw: any) => (raw.organisation.management.planRoleName = 'cicd-platform-terraform'),
      'environments/organisation.ts: management.planRoleName: must differ from management.deployRoleName ("cicd-platform-terraform")',
    ],
    [
      'a management Terraform role that is the platform deploy role',
      (raw: any) => (raw.organisation.management.deployRoleName = 'cicd-platform-github-deploy'),
      'environments/organisation.ts: sourceControl.deployRoleName: must differ from management.deployRoleName',
    ],
    [
      'a plan role that is the state role',
      (raw: any) => (raw.organisation.management.planRoleName = 'cicd-platform-state'),
      'environments/organisation.ts: stateBackend.roleName: must differ from management.planRoleName ("cicd-platform-state")',
    ],
    [
      'a release role that is the management plan role',
      (raw: any) => (raw.organisation.codeArtifact = { releaseRole: { roleName: 'cicd-platform-plan' } }),
      'environments/organisation.ts: codeArtifact.releaseRole.roleName: must differ from management.planRoleName ("cicd-platform-plan")',
    ],
    [
      'a read-only state role that is the read-write one',
      (raw: any) => (raw.organisation.stateBackend.readRoleName = 'cicd-platform-state'),
      'environments/organisation.ts: stateBackend.readRoleName: must differ from stateBackend.roleName ("cicd-platform-state")',
    ],
    [
      'an environment in the management account',
      (raw: any) => (raw.environments.test.account.id = '111111111111'),
      'environments/test.ts (environment "test"): account.id: 111111111111 is the management account',
    ],
    [
      'a hand-made platform deploy role left in platformEnvironment',
      (raw: any) => (raw.organisation.platformEnvironment.deployRoleArn = 'arn:aws:iam::111111111111:role/hand-made'),
      'environments/organisation.ts: platformEnvironment.deployRoleArn: the management-access stack creates the platform deploy role arn:aws:iam::111111111111:role/cicd-platform-github-deploy; remove the field',
    ],
    [
      'a management administrator ARN with a wildcard',
      (raw: any) => (raw.organisation.management.administratorRoleArns = ['arn:aws:iam::111111111111:role/admin-*']),
      'environments/organisation.ts: management.administratorRoleArns[0]: must be the ARN of an IAM role',
    ],
    [
      'an environment named "management" (its access stack would be management-access)',
      (raw: any) => {
        raw.environments.management = { ...raw.environments.dev, name: 'management' };
        delete raw.environments.dev;
        raw.organisation.promotionOrder[0] = 'management';
      },
      'environments/organisation.ts: promotionOrder: "management" would name its access stack management-access',
    ],
  ])('%s', (_label, mutate, message) => {
    expect(configErrorOf(mutate).message).toContain(message);
  });

  test('platformEnvironment.deployRoleArn naming exactly the created role is still accepted', () => {
    const changed = exampleConfig(
      (raw) => (raw.organisation.platformEnvironment.deployRoleArn = 'arn:aws:iam::111111111111:role/cicd-platform-github-deploy'),
    );
    expect(changed.organisation.platformEnvironment.deployRoleArn).toBe(role('cicd-platform-github-deploy'));
  });
});
