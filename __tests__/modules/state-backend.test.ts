import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { StateBackend } from '../../modules/state-backend';
import { Testing, TerraformStack } from '../../modules/core';
import { dataOf, resourcesOf } from '../support/synth';

function synthBackend(overrides: Partial<ConstructorParameters<typeof StateBackend>[2]> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new StateBackend(stack, 'state-backend', {
    bucketName: 'acme-tfstate',
    lockTableName: 'acme-tflock',
    kmsKeyAlias: 'acme-tfstate',
    accountId: '111111111111',
    noncurrentVersionRetentionDays: 90,
    accessRoleName: 'state-access',
    terraformRoleArns: ['arn:aws:iam::111111111111:role/terraform'],
    ...overrides,
  });
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) };
}

const { json, tf } = synthBackend();

describe('StateBackend', () => {
  test('the KMS key rotates yearly, has a 30-day deletion window and refuses destroy', () => {
    expect(json).toHaveResourceWithProperties(AwsKmsKey, {
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(json).toHaveResourceWithProperties(KmsAlias, { name: 'alias/acme-tfstate' });
  });

  test('the key policy grants the account named actions, never kms:*', () => {
    const policies = dataOf(tf, 'aws_iam_policy_document');
    const keyPolicy = policies.find((p) => p.statement.some((s: any) => s.sid === 'AccountAdministration'));
    const [admin] = keyPolicy!.statement;
    expect(admin.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] }]);
    expect(admin.actions).toContain('kms:Decrypt');
    expect(admin.actions.every((a: string) => !a.includes('*'))).toBe(true);
  });

  test('the bucket is versioned, SSE-KMS with the key and a bucket key, and refuses destroy', () => {
    const [bucket] = resourcesOf(tf, 'aws_s3_bucket');
    expect(bucket).toMatchObject({ bucket: 'acme-tfstate', force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(resourcesOf(tf, 'aws_s3_bucket_versioning')[0].versioning_configuration).toEqual({ status: 'Enabled' });
    const [sse] = resourcesOf(tf, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.\S+\.arn\}$/),
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test('public access is blocked four ways and ACLs are disabled', () => {
    expect(resourcesOf(tf, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourcesOf(tf, 'aws_s3_bucket_ownership_controls')[0].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  test('the bucket policy denies every request without TLS', () => {
    const tls = dataOf(tf, 'aws_iam_policy_document')
      .flatMap((p) => p.statement)
      .find((s: any) => s.sid === 'DenyInsecureTransport');
    expect(tls).toMatchObject({
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(tls.resources).toHaveLength(2);
  });

  test('old state versions expire after the configured days; incomplete uploads after one day', () => {
    const [lifecycle] = resourcesOf(tf, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule).toEqual([
      {
        id: 'expire-noncurrent-versions',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      },
    ]);
  });

  test('the lock table is on demand, recoverable, KMS encrypted and protected from deletion', () => {
    const [table] = resourcesOf(tf, 'aws_dynamodb_table');
    expect(table).toMatchObject({
      name: 'acme-tflock',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\./) },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('the state role trusts only the named Terraform roles and may touch only this bucket, table and key', () => {
    const docs = dataOf(tf, 'aws_iam_policy_document');
    const trust = docs.find((p) => p.statement[0].sid === 'TerraformRoles');
    expect(trust!.statement[0].principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:role/terraform'] }]);
    const access = docs.find((p) => p.statement[0].sid === 'ListState');
    expect(access!.statement.map((s: any) => [s.sid, s.actions, s.resources])).toEqual([
      ['ListState', ['s3:ListBucket'], [expect.stringMatching(/^\$\{aws_s3_bucket\.\S+\.arn\}$/)]],
      [
        'ReadWriteState',
        ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        [expect.stringMatching(/^\$\{aws_s3_bucket\.\S+\.arn\}\/\*$/)],
      ],
      [
        'Lock',
        ['dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        [expect.stringMatching(/^\$\{aws_dynamodb_table\./)],
      ],
      [
        'EncryptState',
        ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        [expect.stringMatching(/^\$\{aws_kms_key\./)],
      ],
    ]);
  });

  test('a read-only state role needs its readers, and readers without wildcards', () => {
    expect(() => synthBackend({ readOnlyRoleName: 'state-read' })).toThrow(/readOnlyRoleName and readerRoleArns go together/);
    expect(() => synthBackend({ readerRoleArns: ['arn:aws:iam::222222222222:role/plan'] })).toThrow(/go together/);
    expect(() => synthBackend({ readOnlyRoleName: 'state-read', readerRoleArns: ['arn:aws:iam::222222222222:role/plan-*'] })).toThrow(
      /readerRoleArns must be role ARNs without wildcards/,
    );
    expect(dataOf(tf, 'aws_iam_policy_document').some((d: any) => JSON.stringify(d).includes('PlanRoles'))).toBe(false);
  });

  test('refuses a state role that no role may assume', () => {
    expect(() => synthBackend({ terraformRoleArns: [] })).toThrow(/terraformRoleArns or laterRoleArns must name at least one role/);
  });

  test('without Terraform roles that exist already, trusts only the later roles (through their account roots)', () => {
    const { tf: only } = synthBackend({ terraformRoleArns: [], laterRoleArns: ['arn:aws:iam::111111111111:role/admin'] });
    const trust = Object.entries(only.data.aws_iam_policy_document as Record<string, any>).find(([id]) => id.includes('access-trust'))![1];
    expect(trust.statement).toEqual([
      {
        sid: 'EnvironmentDeployRoles',
        effect: 'Allow',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] }],
        condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::111111111111:role/admin'] }],
      },
    ]);
  });
});

describe('StateBackend trust of roles created later', () => {
  test('pins each later role by aws:PrincipalArn through its account root, never the bare root', () => {
    const { tf: later } = synthBackend({
      laterRoleArns: ['arn:aws:iam::333333333333:role/deploy', 'arn:aws:iam::222222222222:role/deploy'],
    });
    const trust = dataOf(later, 'aws_iam_policy_document').find((p) => p.statement[0].sid === 'TerraformRoles');
    expect(trust!.statement[1]).toEqual({
      sid: 'EnvironmentDeployRoles',
      effect: 'Allow',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::333333333333:root'] }],
      condition: [
        {
          test: 'ArnEquals',
          variable: 'aws:PrincipalArn',
          values: ['arn:aws:iam::222222222222:role/deploy', 'arn:aws:iam::333333333333:role/deploy'],
        },
      ],
    });
  });

  test('adds no statement when no role comes later', () => {
    const trust = dataOf(tf, 'aws_iam_policy_document').find((p) => p.statement[0].sid === 'TerraformRoles');
    expect(trust!.statement).toHaveLength(1);
  });
});
