import { buildStackView } from '../../policies';
import {
  iamRolePermissionsBoundary,
  iamRoleWithinBoundary,
  secretsManagerCustomerKey,
  secretsManagerNoValue,
  secretsManagerRotation,
} from '../../policies/rules';
import type { PolicyRule } from '../../policies';

/** Run `rule` on every resource of its types in a hand-written stack. */
function check(
  rule: PolicyRule,
  resource: Record<string, Record<string, Record<string, unknown>>>,
  data: Record<string, Record<string, Record<string, unknown>>> = {},
): string[] {
  const view = buildStackView('test', { resource, data });
  return rule.appliesTo.flatMap((type) => view.ofType(type).flatMap((r) => rule.check(r, view)));
}

const SECRET = { s: { name: 'acme/dev/svc/token', kms_key_id: '${aws_kms_key.k.arn}' } };

describe('PLAT-SM-001 secrets use a customer managed key', () => {
  test('compliant: a customer key', () => {
    expect(check(secretsManagerCustomerKey, { aws_secretsmanager_secret: SECRET })).toEqual([]);
  });
  test.each([
    ['no key', { name: 'x' }, 'no customer managed key named (kms_key_id)'],
    [
      'the AWS managed key',
      { name: 'x', kms_key_id: 'alias/aws/secretsmanager' },
      'kms_key_id alias/aws/secretsmanager is an AWS managed key; name a customer managed key',
    ],
  ])('non-compliant: %s', (_label, secret, message) => {
    expect(check(secretsManagerCustomerKey, { aws_secretsmanager_secret: { s: secret } })).toEqual([message]);
  });
});

describe('PLAT-SM-002 secrets rotate', () => {
  test('compliant: a rotation every 30 days', () => {
    expect(
      check(secretsManagerRotation, {
        aws_secretsmanager_secret: SECRET,
        aws_secretsmanager_secret_rotation: {
          r: {
            secret_id: '${aws_secretsmanager_secret.s.id}',
            rotation_lambda_arn: 'arn',
            rotation_rules: { automatically_after_days: 30 },
          },
        },
      }),
    ).toEqual([]);
  });
  test('non-compliant: no rotation', () => {
    expect(check(secretsManagerRotation, { aws_secretsmanager_secret: SECRET })).toEqual([
      'has no rotation (aws_secretsmanager_secret_rotation); rotate it or suppress with the reason',
    ]);
  });
  test('non-compliant: a rotation of another secret does not count', () => {
    expect(
      check(secretsManagerRotation, {
        aws_secretsmanager_secret: SECRET,
        aws_secretsmanager_secret_rotation: {
          r: { secret_id: '${aws_secretsmanager_secret.other.id}', rotation_rules: { automatically_after_days: 30 } },
        },
      }),
    ).toHaveLength(1);
  });
  test('non-compliant: a rotation without a schedule', () => {
    expect(
      check(secretsManagerRotation, {
        aws_secretsmanager_secret: SECRET,
        aws_secretsmanager_secret_rotation: { r: { secret_id: '${aws_secretsmanager_secret.s.id}', rotation_rules: {} } },
      }),
    ).toEqual(['its rotation has no schedule (rotation_rules.automatically_after_days or schedule_expression)']);
  });
});

describe('PLAT-SM-003 no secret value in code', () => {
  test('compliant: a version without a value (none is the norm: no version at all)', () => {
    expect(check(secretsManagerNoValue, { aws_secretsmanager_secret_version: { v: { secret_id: 'x' } } })).toEqual([]);
  });
  test.each(['secret_string', 'secret_binary', 'secret_string_wo'])('non-compliant: %s', (field) => {
    expect(check(secretsManagerNoValue, { aws_secretsmanager_secret_version: { v: { secret_id: 'x', [field]: 'hunter2' } } })).toEqual([
      `sets ${field}: store the value in Secrets Manager outside Terraform, never in code`,
    ]);
  });
});

describe('PLAT-BND-001 every role has a permissions boundary', () => {
  test('compliant: a boundary', () => {
    expect(
      check(iamRolePermissionsBoundary, { aws_iam_role: { r: { name: 'x', permissions_boundary: '${aws_iam_policy.b.arn}' } } }),
    ).toEqual([]);
  });
  test('non-compliant: none', () => {
    expect(check(iamRolePermissionsBoundary, { aws_iam_role: { r: { name: 'x' } } })).toEqual([
      'has no permissions boundary (permissions_boundary)',
    ]);
  });
});

describe('PLAT-BND-002 role policies stay within the boundary', () => {
  const boundaryDocument = {
    statement: [
      { effect: 'Allow', actions: ['s3:GetObject'] },
      { effect: 'Allow', actions: ['iam:PassRole'] },
    ],
  };
  const stack = (actions: string[], attach: 'inline' | 'managed' = 'inline') =>
    check(
      iamRoleWithinBoundary,
      {
        aws_iam_policy: {
          b: { name: 'boundary', policy: '${data.aws_iam_policy_document.bd.json}' },
          m: { name: 'work', policy: '${data.aws_iam_policy_document.pd.json}' },
        },
        aws_iam_role: { r: { name: 'x', permissions_boundary: '${aws_iam_policy.b.arn}' } },
        ...(attach === 'inline'
          ? { aws_iam_role_policy: { p: { role: '${aws_iam_role.r.id}', policy: '${data.aws_iam_policy_document.pd.json}' } } }
          : { aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: '${aws_iam_policy.m.arn}' } } }),
      },
      {
        aws_iam_policy_document: {
          bd: boundaryDocument,
          pd: {
            statement: [
              { effect: 'Allow', actions },
              { effect: 'Deny', actions: ['ec2:TerminateInstances'] },
            ],
          },
        },
      },
    );

  test.each(['inline', 'managed'] as const)('compliant: %s policy within the boundary (Deny statements do not count)', (attach) => {
    expect(stack(['s3:GetObject', 'iam:PassRole'], attach)).toEqual([]);
  });
  test.each(['inline', 'managed'] as const)('non-compliant: %s policy allows more', (attach) => {
    expect(stack(['s3:GetObject', 'ec2:RunInstances', 'sns:Publish'], attach)).toEqual([
      'allows ec2:RunInstances, sns:Publish, which the permissions boundary does not: add them to modules/core/boundary-catalogue.ts (or organisation.permissionsBoundary.additionalActions), or drop them',
    ]);
  });
  test('not applicable: a boundary from another stack cannot be read', () => {
    expect(
      check(
        iamRoleWithinBoundary,
        {
          aws_iam_role: { r: { name: 'x', permissions_boundary: 'arn:aws:iam::111111111111:policy/acme-cicd-permissions-boundary' } },
          aws_iam_role_policy: { p: { role: '${aws_iam_role.r.id}', policy: '${data.aws_iam_policy_document.pd.json}' } },
        },
        { aws_iam_policy_document: { pd: { statement: [{ effect: 'Allow', actions: ['ec2:RunInstances'] }] } } },
      ),
    ).toEqual([]);
  });
});
