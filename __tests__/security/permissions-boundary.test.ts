import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { ConfigError } from '../../model';
import { Construct, Testing } from '../../modules/core';
import {
  actionMatches,
  boundaryAllows,
  boundaryDocument,
  MANAGED_POLICY_MAX_CHARACTERS,
  policyJson as policyJsonOf,
} from '../../modules/core';
import {
  BOUNDARY_ALLOWED_ACTIONS,
  BOUNDARY_DENIED_ACTIONS,
  BOUNDARY_DENIED_ESCALATION_ACTIONS,
  UNSCOPED_BOUNDARY_ACTIONS,
  UNSCOPED_REASONS,
} from '../../modules/permissions-boundary';
import { rolePermissions } from '../support/boundary';
import type { PlatformStacks } from '../../stacks';
import { exampleConfig } from '../support/config';
import { exampleStackNames, exampleTerraform } from '../support/example';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

/** The document as IAM stores it, from the statements of the provider's data source. */
const policyJson = (statements: any[]) => policyJsonOf(statements.map((s) => ({ ...s, condition: s.condition })));

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
    const onStar = statements.filter((s) => s.effect === 'Allow' && s.resources.includes('*'));

    test('allows the platform catalogue action by action, and no wildcard', () => {
      const allows = statements.filter((s) => s.effect === 'Allow');
      expect(allows.flatMap((s) => s.actions).sort()).toEqual([...BOUNDARY_ALLOWED_ACTIONS, 'iam:PassRole'].sort());
      const allowed = statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.actions);
      expect(allowed.filter((a: string) => a.includes('*'))).toEqual([]);
      expect(allowed).not.toContain('iam:CreateRole');
      expect(allowed).not.toContain('iam:AttachRolePolicy');
      expect(allowed).not.toContain('iam:PutRolePolicy');
    });

    test('every action it allows on "*" is in the table of unscoped actions, with its reason', () => {
      const unlisted = onStar.flatMap((s) => s.actions).filter((a: string) => UNSCOPED_BOUNDARY_ACTIONS[a] === undefined);
      // an action that AWS lets be scoped belongs on the platform's names (modules/core/boundary-document.ts NAMES)
      expect(unlisted).toEqual([]);
      for (const [action, reason] of Object.entries(UNSCOPED_BOUNDARY_ACTIONS)) {
        expect([action, UNSCOPED_REASONS[reason]]).toEqual([action, expect.stringMatching(/\w{10}/)]);
        // no stale entry: each is an action of the catalogue, allowed on "*" here
        expect([action, onStar.some((s) => s.actions.includes(action))]).toEqual([action, true]);
      }
    });

    test("allows every other action on the platform's names only, in its own account (CodeArtifact: the domain's)", () => {
      expect(onStar.map((s) => s.sid)).toEqual(['OnAll']);
      expect(bySid('Named').resources).toEqual([
        'arn:aws:cloudformation:*:222222222222:stack/acme-*',
        'arn:aws:cloudwatch:*:222222222222:alarm:acme-*',
        'arn:aws:codeartifact:eu-west-1:111111111111:*/acme-packages',
        'arn:aws:codeartifact:eu-west-1:111111111111:*/acme-packages/*',
        'arn:aws:codebuild:*:222222222222:*/acme-*',
        'arn:aws:codedeploy:*:222222222222:*:acme-*',
        'arn:aws:codedeploy:*:222222222222:deploymentconfig:CodeDeployDefault.*',
        'arn:aws:codepipeline:*:222222222222:acme-*',
        'arn:aws:dynamodb:*:222222222222:table/acme-*',
        'arn:aws:ecr:*:222222222222:repository/acme-*',
        'arn:aws:iam::222222222222:role/acme-*',
        'arn:aws:logs:*:222222222222:log-group:/acme/*',
        'arn:aws:logs:*:222222222222:log-group:/aws/lambda/acme-*',
        'arn:aws:logs:*:222222222222:log-group:acme-*',
        'arn:aws:s3:::acme-*',
        'arn:aws:s3:::elasticbeanstalk-*-222222222222*',
        'arn:aws:secretsmanager:*:222222222222:secret:acme-*',
        'arn:aws:secretsmanager:*:222222222222:secret:acme/*',
        'arn:aws:sns:*:222222222222:acme-*',
      ]);
      expect(bySid('Named').actions).toEqual(
        expect.arrayContaining(['s3:GetObject', 'codebuild:StartBuild', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue']),
      );
    });

    test('lets roles pass only the platform roles of their own account', () => {
      // PassRole shares the named statement: the role pattern is its only IAM resource, and PassRole its only IAM action
      const iam = (arnOrAction: string) => /^(arn:aws:)?iam:/.test(arnOrAction);
      expect(statements.filter((s) => s.effect === 'Allow' && s.actions.some(iam)).map((s) => s.sid)).toEqual(['Named']);
      expect(bySid('Named').actions.filter(iam)).toEqual(['iam:PassRole']);
      expect(bySid('Named').resources.filter(iam)).toEqual(['arn:aws:iam::222222222222:role/acme-*']);
      expect(boundaryAllows(statements, 'iam:PassRole', 'arn:aws:iam::222222222222:role/acme-dev-any-cb')).toBe(true);
      for (const role of ['arn:aws:iam::222222222222:role/admin', 'arn:aws:iam::333333333333:role/acme-dev-any-cb'])
        expect([role, boundaryAllows(statements, 'iam:PassRole', role)]).toEqual([role, false]);
    });

    test('denies every IAM write (users, keys, policy rewrites, boundaries, roles) and pipeline approvals', () => {
      expect(bySid('Deny')).toEqual({
        sid: 'Deny',
        effect: 'Deny',
        actions: [...BOUNDARY_DENIED_ACTIONS],
        resources: ['*'],
      });
      const denied = [
        ...BOUNDARY_DENIED_ESCALATION_ACTIONS,
        'codepipeline:PutApprovalResult',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:DeleteRolePermissionsBoundary',
        'iam:DeleteUserPermissionsBoundary',
        'iam:CreateRole',
        'iam:PutRolePermissionsBoundary',
        'iam:PutUserPermissionsBoundary',
      ];
      for (const action of denied) expect([action, BOUNDARY_DENIED_ACTIONS.some((d) => actionMatches(d, action))]).toEqual([action, true]);
      expect(BOUNDARY_DENIED_ACTIONS.some((d) => actionMatches(d, 'iam:PassRole'))).toBe(false);
    });

    test('fits the 6,144 characters IAM allows a managed policy (whitespace excluded), with room to spare', () => {
      const size = policyJson(statements).length;
      expect(size).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS - 300);
    });

    test('fits with the longest prefix, CodeArtifact domain and partition config allows (without additional actions)', () => {
      const prefix = 'abcdefghij';
      const { statements: longest } = boundaryDocument({
        scope: {
          partition: 'aws-us-gov',
          accountId: '222222222222',
          prefix,
          codeArtifact: { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '111111111111', domain: 'x'.repeat(50) },
        },
        additionalActions: [],
        deniedActions: ['codepipeline:PutApprovalResult'],
      });
      expect(policyJsonOf(longest).length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);
    });
  });

  test("every (action, resource) a bounded role's policy allows, the boundary of its account allows too", () => {
    const stacks = exampleStackNames().map((name) => [name, exampleTerraform(name)] as const);
    const refused = rolePermissions(stacks).filter((p) => !boundaryAllows(p.boundary, p.action, p.resource));
    // iam:PassRole included: the roles the config names for the platform's roles to pass are `<prefix>-*` (model/boundary-checks.ts)
    expect(refused).toEqual([]);
    expect(rolePermissions(stacks).length).toBeGreaterThan(1000);
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
    // add a missing action to modules/core/boundary-catalogue.ts (or to config: permissionsBoundary.additionalActions)
    expect(outside).toEqual([]);
  });

  test('config adds actions: on the platform\'s names where the boundary can name the service, else on "*"', () => {
    const config = exampleConfig((raw) => {
      raw.organisation.permissionsBoundary = { additionalActions: ['xray:PutTraceSegments', 'sqs:CreateQueue'] };
    });
    const boundary = buildExample(config).accessStacks[0].access.permissionsBoundary;
    expect(boundary.allowedActions).toEqual(expect.arrayContaining(['xray:PutTraceSegments', 'sqs:CreateQueue']));
    expect(boundary.unscopedActions['xray:PutTraceSegments']).toBe('additionalActions');
    const named = boundary.statements.find((s) => s.sid === 'Named')!;
    expect(named.actions).toContain('sqs:CreateQueue');
    expect(named.resources).toContain('arn:aws:sqs:*:222222222222:acme-*');
  });

  test('an IAM action config adds stays on "*": it never shares PassRole\'s pattern of the platform\'s roles', () => {
    const { statements } = boundaryDocument({
      scope: {
        partition: 'aws',
        accountId: '222222222222',
        prefix: 'acme',
        codeArtifact: { partition: 'aws', region: 'eu-west-1', accountId: '111111111111', domain: 'acme-packages' },
      },
      additionalActions: ['iam:GetRole'],
      deniedActions: [],
    });
    expect(statements.filter((s) => s.actions.includes('iam:GetRole')).map((s) => [s.sid, s.resources])).toEqual([['OnAll', ['*']]]);
    expect(statements.find((s) => s.sid === 'Named')!.actions.filter((a) => a.startsWith('iam:'))).toEqual(['iam:PassRole']);
  });

  test('config cannot add so many actions that the boundary outgrows a managed policy', () => {
    const config = exampleConfig((raw) => {
      raw.organisation.permissionsBoundary = { additionalActions: Array.from({ length: 40 }, (_, i) => `xray:PutTraceSegments${i}`) };
    });
    expect(() => buildExample(config)).toThrow(
      /the boundary document has \d+ characters, more than the 6144 IAM allows a managed policy; remove actions from organisation.permissionsBoundary.additionalActions/,
    );
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
      raw.organisation.permissionsBoundary = {
        additionalActions: ['iam:CreateAccessKey', 'iam:CreateRole', 'codepipeline:PutApprovalResult'],
      };
    });
    expect(() => buildExample(config)).toThrow(
      'additionalActions may not allow what the boundary denies: iam:CreateAccessKey, iam:CreateRole, codepipeline:PutApprovalResult',
    );
  });

  test.each(['iam:PassRole', 'iam:passrole'])('config cannot add %s: on "*" it would let a bounded role pass any role', (action) => {
    const load = () =>
      exampleConfig((raw) => {
        raw.organisation.permissionsBoundary = { additionalActions: ['xray:PutTraceSegments', action] };
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      `environments/organisation.ts: permissionsBoundary.additionalActions[1]: "${action}" may not be added: the boundary allows it on the platform's roles ("acme-*") only`,
    );
    // the boundary itself refuses it too, whoever builds one
    expect(() =>
      boundaryDocument({
        scope: {
          partition: 'aws',
          accountId: '222222222222',
          prefix: 'acme',
          codeArtifact: { partition: 'aws', region: 'eu-west-1', accountId: '111111111111', domain: 'acme-packages' },
        },
        additionalActions: [action],
        deniedActions: [],
      }),
    ).toThrow("iam:PassRole is allowed on the platform's roles only");
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
