import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { Testing } from '../../modules/core';
import { Secret, type SecretProps } from '../../modules/secret';
import { dataOf, resourcesOf } from '../support/synth';

const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/secret-key';
const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
const ROTATION = {
  lambdaArn: 'arn:aws:lambda:eu-west-1:111111111111:function:rotate',
  executionRoleArn: role('rotator'),
  days: 30,
};
const BASE: SecretProps = {
  secretName: 'probe/dev/svc-a/db-credentials',
  description: 'Database credentials of svc-a',
  kmsKeyArn: KEY,
  accountId: '111111111111',
  readerRoleArns: [role('svc-a-build'), role('svc-a-deploy')],
};

function synth(overrides: Partial<SecretProps> = {}): { json: string; tf: Record<string, any> } {
  const json = Testing.synthScope((scope) => new Secret(scope, 's', { ...BASE, ...overrides }));
  return { json, tf: JSON.parse(json) };
}

const statementsOf = (tf: Record<string, any>) =>
  Object.fromEntries(dataOf(tf, 'aws_iam_policy_document')[0].statement.map((s: any) => [s.sid, s]));

const { json, tf } = synth();

describe('Secret', () => {
  test('is encrypted with the given customer key, holds no value, and can be restored for 30 days by default', () => {
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: 'probe/dev/svc-a/db-credentials',
      kms_key_id: KEY,
      recovery_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys(tf.resource)).not.toContain('aws_secretsmanager_secret_version');
  });

  test('only the named roles read it: an allow on their principal ARN, within the account', () => {
    expect(statementsOf(tf).NamedRolesRead).toEqual({
      sid: 'NamedRolesRead',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] }],
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      resources: ['*'],
      condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [role('svc-a-build'), role('svc-a-deploy')] }],
    });
  });

  test('every other principal is denied the value', () => {
    expect(statementsOf(tf).DenyEveryoneElse).toEqual({
      sid: 'DenyEveryoneElse',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['*'],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [role('svc-a-build'), role('svc-a-deploy')] }],
    });
  });

  test('the resource policy is attached to the secret and blocks a public policy', () => {
    const [policy] = resourcesOf(tf, 'aws_secretsmanager_secret_policy');
    expect(policy).toEqual({
      secret_arn: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/),
      policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.[^.]+\.json\}$/),
      block_public_policy: true,
    });
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecretPolicy, { block_public_policy: true });
  });

  test('readers are listed once each, in a stable order', () => {
    const { tf: repeated } = synth({ readerRoleArns: [role('b'), role('a'), role('b')] });
    expect(statementsOf(repeated).NamedRolesRead.condition[0].values).toEqual([role('a'), role('b')]);
  });

  test('the account root principal follows the partition', () => {
    const { tf: china } = synth({ partition: 'aws-cn' });
    expect(statementsOf(china).NamedRolesRead.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws-cn:iam::111111111111:root'] }]);
  });

  test('without rotation: no rotation and no invoke permission', () => {
    expect(resourcesOf(tf, 'aws_secretsmanager_secret_rotation')).toEqual([]);
    expect(resourcesOf(tf, 'aws_lambda_permission')).toEqual([]);
  });

  describe('with rotation', () => {
    const rotated = synth({ rotation: ROTATION });

    test('rotates on the schedule given, first on schedule (the secret starts without a value)', () => {
      expect(rotated.json).toHaveResourceWithProperties(SecretsmanagerSecretRotation, {
        rotation_lambda_arn: ROTATION.lambdaArn,
        rotation_rules: { automatically_after_days: 30 },
        rotate_immediately: false,
      });
    });

    test('Secrets Manager may invoke the function for this secret only, before the rotation is set', () => {
      expect(rotated.json).toHaveResourceWithProperties(LambdaPermission, {
        action: 'lambda:InvokeFunction',
        function_name: ROTATION.lambdaArn,
        principal: 'secretsmanager.amazonaws.com',
        source_arn: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/),
      });
      const [rotation] = resourcesOf(rotated.tf, 'aws_secretsmanager_secret_rotation');
      expect(rotation.depends_on).toEqual([expect.stringMatching(/^aws_lambda_permission\./)]);
    });

    test('the rotation role is spared by the deny, but is not made a reader', () => {
      const statements = statementsOf(rotated.tf);
      expect(statements.DenyEveryoneElse.condition[0].values).toEqual([role('svc-a-build'), role('svc-a-deploy'), role('rotator')]);
      expect(statements.NamedRolesRead.condition[0].values).not.toContain(role('rotator'));
    });
  });

  test.each([0, 7, 30])('accepts a recovery window of %i days', (recoveryWindowInDays) => {
    expect(synth({ recoveryWindowInDays }).json).toHaveResourceWithProperties(SecretsmanagerSecret, {
      recovery_window_in_days: recoveryWindowInDays,
    });
  });

  test.each<[string, Partial<SecretProps>, RegExp]>([
    ['no reader', { readerRoleArns: [] }, /\(probe\/dev\/svc-a\/db-credentials\): readerRoleArns must name at least one role/],
    ['a recovery window of 6 days', { recoveryWindowInDays: 6 }, /recoveryWindowInDays must be 0 or 7-30 \(got 6\)/],
    ['a recovery window of 31 days', { recoveryWindowInDays: 31 }, /recoveryWindowInDays must be 0 or 7-30 \(got 31\)/],
    ['rotation every 0 days', { rotation: { ...ROTATION, days: 0 } }, /rotation\.days must be 1-1000 \(got 0\)/],
    ['rotation every 1001 days', { rotation: { ...ROTATION, days: 1001 } }, /rotation\.days must be 1-1000 \(got 1001\)/],
  ])('refuses %s, naming the field', (_case, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
