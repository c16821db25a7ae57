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
    writeRoles: [
      {
        id: 'access-role',
        roleName: 'state-access',
        stateKeys: ['bootstrap/terraform.tfstate'],
        writerRoleArns: ['arn:aws:iam::111111111111:role/admin'],
      },
      {
        id: 'write-role-dev',
        roleName: 'state-dev',
        stateKeys: ['dev/terraform.tfstate', 'dev-team/terraform.tfstate'],
        writerRoleArns: ['arn:aws:iam::333333333333:role/deploy', 'arn:aws:iam::222222222222:role/deploy'],
      },
    ],
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

  test('each write role may write only its own state keys and lock entries, on this bucket, table and key', () => {
    const docs = dataOf(tf, 'aws_iam_policy_document');
    const access = docs.filter((p) => p.statement[0].sid === 'ListState' && p.statement[1].sid === 'ReadWriteOwnState');
    expect(access).toHaveLength(2);
    const dev = access.find((p) => JSON.stringify(p).includes('dev-team'))!;
    expect(dev.statement.map((s: any) => [s.sid, s.actions, s.resources, s.condition])).toEqual([
      ['ListState', ['s3:ListBucket'], [expect.stringMatching(/^\$\{aws_s3_bucket\.\S+\.arn\}$/)], undefined],
      [
        'ReadWriteOwnState',
        ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        [
          '/dev-team/terraform.tfstate',
          '/dev-team/terraform.tfstate.tflock',
          '/dev/terraform.tfstate',
          '/dev/terraform.tfstate.tflock',
        ].map((k) => expect.stringMatching(new RegExp(`^\\$\\{aws_s3_bucket\\.\\S+\\.arn\\}${k.replace(/\./g, '\\.')}$`))),
        undefined,
      ],
      ['DescribeLocks', ['dynamodb:DescribeTable'], [expect.stringMatching(/^\$\{aws_dynamodb_table\./)], undefined],
      [
        'LockOwnState',
        ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        [expect.stringMatching(/^\$\{aws_dynamodb_table\./)],
        [
          {
            test: 'ForAllValues:StringEquals',
            variable: 'dynamodb:LeadingKeys',
            values: [
              'acme-tfstate/dev-team/terraform.tfstate',
              'acme-tfstate/dev-team/terraform.tfstate-md5',
              'acme-tfstate/dev/terraform.tfstate',
              'acme-tfstate/dev/terraform.tfstate-md5',
            ],
          },
        ],
      ],
      [
        'EncryptState',
        ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        [expect.stringMatching(/^\$\{aws_kms_key\./)],
        undefined,
      ],
    ]);
    // no statement of any write role reaches the whole bucket
    for (const doc of access) expect(doc.statement.flatMap((s: any) => s.resources).some((r: string) => r.endsWith('/*'))).toBe(false);
  });

  test('each read role reads only its own state keys and their digests, and writes nothing', () => {
    const { tf: withReaders } = synthBackend({
      readRoles: [
        {
          id: 'read-role-dev',
          roleName: 'state-read-dev',
          stateKeys: ['dev/terraform.tfstate', 'dev-access/terraform.tfstate'],
          readerRoleArns: ['arn:aws:iam::222222222222:role/plan'],
        },
      ],
    });
    const doc = Object.entries(withReaders.data.aws_iam_policy_document as Record<string, any>).find(([id]) =>
      id.includes('read-role-dev-permissions'),
    )![1];
    const bucket = /^\$\{aws_s3_bucket\.\S+\.arn\}/;
    expect(
      doc.statement.map((s: any) => [s.sid, s.actions, s.resources.map((r: string) => r.replace(bucket, 'BUCKET')), s.condition]),
    ).toEqual([
      ['ListState', ['s3:ListBucket'], ['BUCKET'], undefined],
      ['ReadOwnState', ['s3:GetObject'], ['BUCKET/dev-access/terraform.tfstate', 'BUCKET/dev/terraform.tfstate'], undefined],
      ['DescribeLocks', ['dynamodb:DescribeTable'], [expect.stringMatching(/^\$\{aws_dynamodb_table\./)], undefined],
      [
        'ReadOwnDigests',
        ['dynamodb:GetItem'],
        [expect.stringMatching(/^\$\{aws_dynamodb_table\./)],
        [
          {
            test: 'ForAllValues:StringEquals',
            variable: 'dynamodb:LeadingKeys',
            values: ['acme-tfstate/dev-access/terraform.tfstate-md5', 'acme-tfstate/dev/terraform.tfstate-md5'],
          },
        ],
      ],
      ['DecryptState', ['kms:Decrypt', 'kms:DescribeKey'], [expect.stringMatching(/^\$\{aws_kms_key\./)], undefined],
    ]);
    const trust = Object.entries(withReaders.data.aws_iam_policy_document as Record<string, any>).find(([id]) =>
      id.includes('read-role-dev-trust'),
    )![1];
    expect(trust.statement[0].condition).toEqual([
      { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::222222222222:role/plan'] },
    ]);
  });

  test('refuses a read role without readers or keys, with a wildcard reader, or a wildcard key', () => {
    const role = { id: 'r', roleName: 'r', stateKeys: ['a/terraform.tfstate'], readerRoleArns: ['arn:aws:iam::222222222222:role/plan'] };
    expect(() => synthBackend({ readRoles: [{ ...role, readerRoleArns: [] }] })).toThrow(
      /\(r\): readerRoleArns must name at least one role/,
    );
    expect(() => synthBackend({ readRoles: [{ ...role, stateKeys: [] }] })).toThrow(/\(r\): stateKeys must name at least one/);
    expect(() => synthBackend({ readRoles: [{ ...role, readerRoleArns: ['arn:aws:iam::222222222222:role/plan-*'] }] })).toThrow(
      /\(r\): the roles that may assume it must be role ARNs without wildcards \(got "arn:aws:iam::222222222222:role\/plan-\*"\)/,
    );
    expect(() => synthBackend({ readRoles: [{ ...role, stateKeys: ['*'] }] })).toThrow(/exact object keys, without wildcards/);
    // without read roles, none
    expect(dataOf(tf, 'aws_iam_policy_document').some((d: any) => JSON.stringify(d).includes('StateReaders'))).toBe(false);
  });

  test('refuses no write role, a write role without writers or keys, and a wildcard key', () => {
    const role = { id: 'r', roleName: 'r', stateKeys: ['a/terraform.tfstate'], writerRoleArns: ['arn:aws:iam::111111111111:role/admin'] };
    expect(() => synthBackend({ writeRoles: [] })).toThrow(/writeRoles must name at least one/);
    expect(() => synthBackend({ writeRoles: [{ ...role, writerRoleArns: [] }] })).toThrow(/writerRoleArns must name at least one role/);
    expect(() => synthBackend({ writeRoles: [{ ...role, stateKeys: [] }] })).toThrow(/stateKeys must name at least one/);
    expect(() => synthBackend({ writeRoles: [{ ...role, stateKeys: ['*'] }] })).toThrow(/exact object keys, without wildcards/);
  });
});

describe('StateBackend trust of roles created later', () => {
  test('pins each writer by aws:PrincipalArn through its account root, never the bare root', () => {
    const trust = Object.entries(tf.data.aws_iam_policy_document as Record<string, any>).find(([id]) =>
      id.includes('write-role-dev-trust'),
    )![1];
    expect(trust.statement).toEqual([
      {
        sid: 'StateWriters',
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
      },
    ]);
  });
});
