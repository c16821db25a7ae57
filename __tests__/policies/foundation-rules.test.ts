import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { KmsKey } from '../../modules/kms-key';
import { SecureBucket } from '../../modules/secure-bucket';
import {
  dynamodbCustomerKey,
  dynamodbPitr,
  iamNoWildcardActions,
  kmsRotation,
  s3BucketEncryption,
  s3Lifecycle,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
} from '../../policies/rules';
import type { Construct } from '../../modules/core';
import { openFindings } from '../support/policy';

const secureBucket = (stack: Construct) =>
  new SecureBucket(stack, 'good', {
    bucketName: 'good-bucket',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/abc',
    lifecycle: { noncurrentVersionExpirationDays: 30 },
  });
const bareBucket = (stack: Construct) => new S3Bucket(stack, 'bare', { bucket: 'bare-bucket' });

describe.each([
  [s3BucketEncryption, 'has no server-side encryption configuration'],
  [s3PublicAccessBlock, 'has no public access block'],
  [s3Versioning, 'versioning is not enabled'],
  [s3Lifecycle, 'has no lifecycle configuration'],
  [s3TlsOnly, 'no bucket policy denies requests without TLS'],
])('$id', (rule, expected) => {
  test('a SecureBucket complies', () => {
    expect(openFindings(rule, secureBucket)).toEqual([]);
  });
  test('a bare bucket does not', () => {
    expect(openFindings(rule, bareBucket)).toEqual([expect.stringContaining(expected)]);
  });
});

test('PLAT-S3-001 rejects SSE-KMS with the AWS managed key', () => {
  const findings = openFindings(s3BucketEncryption, (stack) => {
    const bucket = new S3Bucket(stack, 'b', { bucket: 'b' });
    new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }],
    });
  });
  expect(findings).toEqual([expect.stringContaining('AWS managed key')]);
});

describe('PLAT-KMS-001', () => {
  test('the KmsKey module complies', () => {
    expect(openFindings(kmsRotation, (s) => new KmsKey(s, 'k', { alias: 'k', description: 'k', accountId: '111111111111' }))).toEqual([]);
  });
  test('a key without rotation does not', () => {
    expect(openFindings(kmsRotation, (s) => new AwsKmsKey(s, 'k', { description: 'k' }))).toEqual([
      expect.stringContaining('rotation is off'),
    ]);
  });
});

describe('PLAT-DDB-001 and PLAT-DDB-002', () => {
  const good = (s: Construct) =>
    new DynamodbTable(s, 't', {
      name: 't',
      hashKey: 'id',
      attribute: [{ name: 'id', type: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/abc' },
    });
  const bad = (s: Construct) => new DynamodbTable(s, 't', { name: 't', hashKey: 'id', attribute: [{ name: 'id', type: 'S' }] });
  test('a recoverable table with a customer key complies', () => {
    expect(openFindings(dynamodbPitr, good)).toEqual([]);
    expect(openFindings(dynamodbCustomerKey, good)).toEqual([]);
  });
  test('a table with defaults does not', () => {
    expect(openFindings(dynamodbPitr, bad)).toEqual([expect.stringContaining('point-in-time recovery is off')]);
    expect(openFindings(dynamodbCustomerKey, bad)).toEqual([expect.stringContaining('customer key is off')]);
  });
});

describe('PLAT-IAM-001', () => {
  const doc =
    (actions: string[], effect = 'Allow') =>
    (s: Construct) =>
      new DataAwsIamPolicyDocument(s, 'd', { statement: [{ sid: 'S', effect, actions, resources: ['arn:aws:s3:::b'] }] });
  test('named actions comply', () => {
    expect(openFindings(iamNoWildcardActions, doc(['s3:GetObject']))).toEqual([]);
  });
  test('a Deny may use a wildcard (it only narrows)', () => {
    expect(openFindings(iamNoWildcardActions, doc(['s3:*'], 'Deny'))).toEqual([]);
  });
  test.each([['*'], ['s3:*'], ['s3:Get*']])('allowing %s does not', (action) => {
    expect(openFindings(iamNoWildcardActions, doc([action]))).toEqual([expect.stringContaining(`allows wildcard actions: ${action}`)]);
  });
});
