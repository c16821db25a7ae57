import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { ConfigError } from '../../model';
import { Construct, Testing } from '../../modules/core';
import { BOUNDARY_ALLOWED_ACTIONS, BOUNDARY_DENIED_ESCALATION_ACTIONS } from '../../modules/permissions-boundary';
import type { PlatformStacks } from '../../stacks';
import { exampleConfig } from '../support/config';
import { exampleStackNames, exampleTerraform } from '../support/example';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

const MANAGEMENT_BOUNDARY = 'arn:aws:iam::111111111111:policy/acme-cicd-permissions-boundary';

/** A role like the ones other capabilities create, with an inline policy: nested one level down. */
function addRole(scope: Construct, actions: string[]): void {
  const holder = new Construct(scope, 'test-capability');
  const trust = new DataAwsIamPolicyDocument(holder, 'trust', {
    statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['codebuild.amazonaws.com'] }] }],
  });
  const role = new IamRole(holder, 'role', { name: 'acme-test-role', assumeRolePolicy: trust.json });
  const policy = new DataAwsIamPolicyDocument(holder, 'policy', { statement: [{ sid: 'Work', actions, resources: ['*'] }] });
  new IamRolePolicy(holder, 'role-policy', { role: role.id, policy: policy.json });
}

/** The boundary a stack's roles must carry: a reference to its own policy, or its account's by ARN. */
function expectedBoundary(tf: Record<string, any>): string {
  const own = Object.keys(tf.resource?.aws_iam_policy ?? {}).find((id) => id.startsWith('permissions-boundary_'));
  const account: string = tf.provider.aws[0].allowed_account_ids[0];
  return own === undefined ? MANAGEMENT_BOUNDARY.replace('111111111111', account) : `\${aws_iam_policy.${own}.arn}`;
}

/**
 * Every stack but the access stacks, whose two roles exist before the boundary does (__tests__/stacks/access.test.ts),
 * and management-access, whose Terraform and plan roles need what the boundary does not allow
 * (__tests__/stacks/management-access.test.ts; its deploy role carries the boundary).
 */
function everyStack(stacks: PlatformStacks) {
  const access = new Set<unknown>([...stacks.accessStacks, stacks.managementAccess]);
  return stacks.all.filter((stack) => !access.has(stack)).map((stack) => [stack.node.id, synthObject(stack)] as const);
}

/** The same, for the example as synth wrote it. */
function exampleStacks() {
  return exampleStackNames()
    .filter((name) => !name.endsWith('-access'))
    .map((name) => [name, exampleTerraform(name)] as const);
}

describe('permissions boundary', () => {
  test('every aws_iam_role of every stack carries the boundary, including roles other capabilities add', () => {
    const stacks = buildExample();
    for (const stack of stacks.all.filter((s) => !stacks.accessStacks.includes(s as never) && s !== stacks.managementAccess))
      addRole(stack, ['s3:GetObject']);
    let roles = 0;
    for (const [name, tf] of everyStack(stacks)) {
      const boundary = expectedBoundary(tf);
      for (const role of resourcesOf(tf, 'aws_iam_role')) {
        roles += 1;
        expect({ stack: name, role: role.name, boundary: role.permissions_boundary }).toEqual({ stack: name, role: role.name, boundary });
      }
    }
    expect(roles).toBeGreaterThanOrEqual(stacks.all.length + 1);
    expect(stacks.report.findings.filter((f) => f.ruleId === 'PLAT-BND-001' && !f.stack.endsWith('-access'))).toEqual([]);
  });

  test('the bootstrap stack creates the boundary, reused by the platform stack; the access stacks create those of the environment accounts', () => {
    const stacks = buildExample();
    const policies = Object.fromEntries(exampleStacks().map(([name, tf]) => [name, resourcesOf(tf, 'aws_iam_policy').map((p) => p.name)]));
    expect(policies).toEqual({
      bootstrap: ['acme-cicd-permissions-boundary'],
      platform: [],
      dev: [],
      test: [],
      staging: [],
      prod: [],
    });
    for (const env of ['dev', 'test', 'staging', 'prod']) {
      expect(resourcesOf(exampleTerraform(`${env}-access`), 'aws_iam_policy').map((p) => p.name)).toContain(
        'acme-cicd-permissions-boundary',
      );
    }
    // the platform stack's computed ARN is the bootstrap policy's: same account, same name
    expect(stacks.bootstrap.target.accountId).toBe(stacks.platform.target.accountId);
  });

  describe('the boundary document', () => {
    // the access stack owns it (an administrator applies it); the dev stack's roles carry it by ARN
    const tf = exampleTerraform('dev-access');
    const policy = resourcesOf(tf, 'aws_iam_policy').find((p) => p.name === 'acme-cicd-permissions-boundary')!;
    const docId = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy.policy)![1];
    const statements: any[] = tf.data.aws_iam_policy_document[docId].statement;
    const bySid = (sid: string) => statements.find((s) => s.sid === sid);

    test('allows the platform catalogue action by action, and no wildcard', () => {
      const allows = statements.filter((s) => s.effect === 'Allow' && s.sid !== 'PassOnlyPlatformRoles');
      expect(allows.flatMap((s) => s.actions).sort()).toEqual([...BOUNDARY_ALLOWED_ACTIONS]);
      const allowed = statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.actions);
      expect(allowed.filter((a: string) => a.includes('*'))).toEqual([]);
      expect(allowed).not.toContain('iam:CreateRole');
      expect(allowed).not.toContain('iam:AttachRolePolicy');
      expect(allowed).not.toContain('iam:PutRolePolicy');
    });

    test('names the resources of objects and secrets: buckets and secrets of the platform (and the Elastic Beanstalk bucket)', () => {
      expect(bySid('NamedS3').resources).toEqual(['arn:aws:s3:::acme-*', 'arn:aws:s3:::elasticbeanstalk-*-222222222222*']);
      expect(bySid('NamedSecretsmanager').resources).toEqual(['arn:aws:secretsmanager:*:222222222222:secret:acme/*']);
      const onStar = bySid('PlatformServices').actions as string[];
      expect(onStar.filter((a) => a.startsWith('s3:'))).toEqual([]);
      expect(onStar.filter((a) => a.startsWith('secretsmanager:'))).toEqual(['secretsmanager:GetRandomPassword']);
    });

    test('lets roles pass only the platform roles of their own account', () => {
      expect(bySid('PassOnlyPlatformRoles')).toEqual({
        sid: 'PassOnlyPlatformRoles',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: ['arn:aws:iam::222222222222:role/acme-*'],
      });
    });

    test('denies users, access keys, policy rewrites and pipeline approvals (the approver roles carry no boundary)', () => {
      expect(bySid('DenyPrivilegeEscalation')).toEqual({
        sid: 'DenyPrivilegeEscalation',
        effect: 'Deny',
        actions: [...BOUNDARY_DENIED_ESCALATION_ACTIONS, 'codepipeline:PutApprovalResult'].sort(),
        resources: ['*'],
      });
      for (const action of [
        'iam:CreateUser',
        'iam:CreateAccessKey',
        'iam:UpdateAccessKey',
        'iam:CreateLoginProfile',
        'iam:CreatePolicyVersion',
      ]) {
        expect(BOUNDARY_DENIED_ESCALATION_ACTIONS).toContain(action);
      }
    });

    test('denies removing the boundary, and setting or creating a role with any other boundary', () => {
      expect(bySid('DenyBoundaryRemoval')).toEqual({
        sid: 'DenyBoundaryRemoval',
        effect: 'Deny',
        actions: ['iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
        resources: ['*'],
      });
      expect(bySid('DenyOtherBoundaries')).toEqual({
        sid: 'DenyOtherBoundaries',
        effect: 'Deny',
        actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
        resources: ['*'],
        condition: [
          {
            test: 'StringNotEquals',
            variable: 'iam:PermissionsBoundary',
            values: ['arn:aws:iam::222222222222:policy/acme-cicd-permissions-boundary'],
          },
        ],
      });
    });

    test('fits the 6,144 characters IAM allows a managed policy (whitespace excluded)', () => {
      const document = {
        Version: '2012-10-17',
        Statement: statements.map((s) => ({
          Sid: s.sid,
          Effect: s.effect,
          Action: s.actions,
          Resource: s.resources,
          ...(s.condition ? { Condition: { [s.condition[0].test]: { [s.condition[0].variable]: s.condition[0].values } } } : {}),
        })),
      };
      expect(JSON.stringify(document).length).toBeLessThan(6144);
    });
  });

  test('every action any role policy of any stack allows lies within the boundary (else the role fails at run time)', () => {
    const outside: string[] = [];
    for (const [name, tf] of exampleStacks()) {
      const allowed = new Set<string>(BOUNDARY_ALLOWED_ACTIONS);
      allowed.add('iam:PassRole');
      const documents = [
        ...resourcesOf(tf, 'aws_iam_role_policy'),
        ...resourcesOf(tf, 'aws_iam_policy').filter((p) => p.name !== 'acme-cicd-permissions-boundary'),
      ]
        .map((p) => /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(p.policy)?.[1])
        .filter((id): id is string => id !== undefined)
        .map((id) => tf.data.aws_iam_policy_document[id]);
      for (const document of documents) {
        for (const s of document.statement ?? []) {
          if ((s.effect ?? 'Allow') !== 'Allow') continue;
          for (const action of s.actions ?? []) if (!allowed.has(action)) outside.push(`${name}: ${action}`);
        }
      }
    }
    // add a missing action to modules/permissions-boundary/actions.ts (or to config: permissionsBoundary.additionalActions)
    expect(outside).toEqual([]);
  });

  test('config adds actions to the boundary', () => {
    const config = exampleConfig((raw) => {
      raw.organisation.permissionsBoundary = { additionalActions: ['xray:PutTraceSegments'] };
    });
    const stacks = buildExample(config);
    expect(stacks.accessStacks[0].access.permissionsBoundary.allowedActions).toContain('xray:PutTraceSegments');
  });

  test('config cannot add a wildcard', () => {
    const build = () =>
      exampleConfig((raw) => {
        raw.organisation.permissionsBoundary = { additionalActions: ['iam:*'] };
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow('environments/organisation.ts: permissionsBoundary.additionalActions[0]: must be one IAM action');
  });

  test('config cannot allow what the boundary denies', () => {
    const config = exampleConfig((raw) => {
      raw.organisation.permissionsBoundary = { additionalActions: ['iam:CreateAccessKey'] };
    });
    expect(() => buildExample(config)).toThrow('additionalActions may not allow what the boundary denies: iam:CreateAccessKey');
  });

  test('a role whose policy allows more than the boundary fails synth with PLAT-BND-002', () => {
    const stacks = buildExample();
    const dev = stacks.environments[0];
    addRole(dev, ['s3:GetObject', 'iam:CreateRole']);
    Testing.synth(dev, true);
    expect(stacks.report.findings.filter((f) => f.ruleId === 'PLAT-BND-002')).toEqual([
      expect.objectContaining({
        stack: 'dev',
        level: 'error',
        path: 'dev/test-capability/role-policy',
        message: expect.stringContaining('allows iam:CreateRole'),
      }),
    ]);
  });

  test('a role that names another boundary gets an error annotation (which fails synth)', () => {
    const stacks = buildExample();
    const dev = stacks.environments[0];
    const role = new IamRole(dev, 'rogue', {
      name: 'acme-rogue',
      assumeRolePolicy: '{}',
      permissionsBoundary: 'arn:aws:iam::222222222222:policy/wide-open',
    });
    Testing.synth(dev, true);
    const errors = role.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => m.data);
    expect(errors).toEqual([
      expect.stringContaining(
        'names the permissions boundary arn:aws:iam::222222222222:policy/wide-open; every role of the platform carries',
      ),
    ]);
    expect(role.permissionsBoundaryInput).toBe('arn:aws:iam::222222222222:policy/wide-open');
  });
});
