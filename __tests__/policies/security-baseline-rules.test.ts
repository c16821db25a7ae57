import { buildStackView } from '../../policies';
import { iamRolePermissionsBoundary, secretsManagerCustomerKey, secretsManagerNoValue, secretsManagerRotation } from '../../policies/rules';
import type { PolicyRule } from '../../policies';

/** Run `rule` on every resource of its types in a hand-written stack. */
function check(rule: PolicyRule, resource: Record<string, Record<string, Record<string, unknown>>>): string[] {
  const view = buildStackView('test', { resource });
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
