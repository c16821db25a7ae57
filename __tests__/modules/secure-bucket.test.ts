import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Testing } from '../../modules/core';
import { SecureBucket, type SecureBucketProps } from '../../modules/secure-bucket';
import { dataOf, resourcesOf } from '../support/synth';

const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/bucket-key';
const BASE: SecureBucketProps = { bucketName: 'probe-artifacts', kmsKeyArn: KEY, lifecycle: { noncurrentVersionExpirationDays: 30 } };

function synth(overrides: Partial<SecureBucketProps> = {}): { json: string; tf: Record<string, any> } {
  const json = Testing.synthScope((scope) => new SecureBucket(scope, 'b', { ...BASE, ...overrides }));
  return { json, tf: JSON.parse(json) };
}

const { json, tf } = synth();
const bucketRef = (attribute: string) => new RegExp(`^\\$\\{aws_s3_bucket\\.[^.]+\\.${attribute}\\}`);

describe('SecureBucket', () => {
  test('encrypts every object with the given customer key (SSE-KMS, with a bucket key)', () => {
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY }, bucket_key_enabled: true }],
    });
  });

  test('blocks every kind of public access and disables ACLs', () => {
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  test('is versioned', () => {
    expect(json).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
  });

  test('every part configures this bucket', () => {
    const parts = Object.entries<Record<string, any>>(tf.resource).filter(([type]) => type !== 'aws_s3_bucket');
    expect(parts.length).toBeGreaterThanOrEqual(6);
    for (const [, instances] of parts) for (const part of Object.values(instances)) expect(part.bucket).toMatch(bucketRef('id'));
  });

  test('the bucket policy denies any request without TLS, to the bucket and to its objects', () => {
    const [document] = dataOf(tf, 'aws_iam_policy_document');
    expect(document.statement[0]).toEqual({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['s3:*'],
      resources: [expect.stringMatching(bucketRef('arn')), expect.stringMatching(/\.arn\}\/\*$/)],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    const [policy] = resourcesOf(tf, 'aws_s3_bucket_policy');
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[^.]+\.json\}$/);
  });

  test('the policy waits for the public access block, so it is never briefly public', () => {
    const [policy] = resourcesOf(tf, 'aws_s3_bucket_policy');
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
  });

  test('extra statements come after the TLS deny, which they cannot replace', () => {
    const extra = { sid: 'ReadersRead', effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'] };
    const [document] = dataOf(synth({ policyStatements: [extra] }).tf, 'aws_iam_policy_document');
    expect(document.statement.map((s: any) => s.sid)).toEqual(['DenyInsecureTransport', 'ReadersRead']);
  });

  test('expires non-current versions and incomplete uploads (7 days by default); current objects are kept', () => {
    expect(json).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    });
  });

  test('expires current objects and aborts uploads after the days given', () => {
    const { json: custom } = synth({
      lifecycle: { noncurrentVersionExpirationDays: 5, currentVersionExpirationDays: 90, abortIncompleteUploadDays: 2 },
    });
    expect(custom).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        expect.objectContaining({
          noncurrent_version_expiration: [{ noncurrent_days: 5 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 2 }],
        }),
        { id: 'expire-current-versions', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: 90 }] },
      ],
    });
  });

  test('refuses destroy by default, and is never force-destroyed with its objects', () => {
    expect(json).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'probe-artifacts',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(synth({ preventDestroy: false }).json).toHaveResourceWithProperties(S3Bucket, {
      force_destroy: false,
      lifecycle: { prevent_destroy: false },
    });
  });

  test('sends object events to EventBridge only when asked', () => {
    expect(resourcesOf(tf, 'aws_s3_bucket_notification')).toEqual([]);
    expect(synth({ eventBridgeNotifications: true }).json).toHaveResourceWithProperties(S3BucketNotification, { eventbridge: true });
  });

  test.each([0, -1])('refuses %i days of non-current versions, naming the field', (days) => {
    expect(() => synth({ lifecycle: { noncurrentVersionExpirationDays: days } })).toThrow(
      `lifecycle.noncurrentVersionExpirationDays must be at least 1 (got ${days})`,
    );
  });
});
