import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from '../core';

export interface SecureBucketLifecycle {
  /** Days a non-current (overwritten or deleted) version is kept. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which current objects expire. @default never */
  readonly currentVersionExpirationDays?: number;
  /** Days after which an incomplete multipart upload is aborted. @default 7 */
  readonly abortIncompleteUploadDays?: number;
}

export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN of the customer managed key that encrypts every object. */
  readonly kmsKeyArn: string;
  /** Expiry of old versions and incomplete uploads. */
  readonly lifecycle: SecureBucketLifecycle;
  /** Refuse `terraform destroy` of the bucket. @default true */
  readonly preventDestroy?: boolean;
  /** Statements added to the bucket policy after the TLS-only deny. @default none */
  readonly policyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /** Send the bucket's object events to EventBridge (S3-sourced pipelines start on them). @default false */
  readonly eventBridgeNotifications?: boolean;
}

/** The lifecycle rules: non-current versions and incomplete uploads expire; current objects too, when asked. */
function lifecycleRules(lifecycle: SecureBucketLifecycle): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentVersionExpirationDays }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: lifecycle.abortIncompleteUploadDays ?? 7 }],
    },
  ];
  if (lifecycle.currentVersionExpirationDays !== undefined) {
    rules.push({
      id: 'expire-current-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      expiration: [{ days: lifecycle.currentVersionExpirationDays }],
    });
  }
  return rules;
}

/** The first statement of every bucket policy: any request without TLS, to the bucket or its objects, is denied. */
function denyInsecureTransport(bucketArn: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    principals: [{ type: '*', identifiers: ['*'] }],
    actions: ['s3:*'],
    resources: [bucketArn, `${bucketArn}/*`],
    condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  };
}

/**
 * An S3 bucket that is private, versioned and encrypted with a customer key by construction: public
 * access blocked, ACLs disabled (bucket owner enforced), TLS required, old versions expired.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly policy: S3BucketPolicy;
  /** Bucket name, as a reference. */
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const preventDestroy = props.preventDestroy ?? true;
    const eventBridgeNotifications = props.eventBridgeNotifications ?? false;
    const { noncurrentVersionExpirationDays } = props.lifecycle;
    if (noncurrentVersionExpirationDays < 1) {
      throw new Error(
        `SecureBucket ${this.node.path}: lifecycle.noncurrentVersionExpirationDays must be at least 1 (got ${noncurrentVersionExpirationDays})`,
      );
    }

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy },
    });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
    });

    new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket: this.bucket.id, rule: lifecycleRules(props.lifecycle) });

    const policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [denyInsecureTransport(this.bucket.arn), ...(props.policyStatements ?? [])],
    });
    if (eventBridgeNotifications) {
      new S3BucketNotification(this, 'notifications', { bucket: this.bucket.id, eventbridge: true });
    }

    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument.json,
      // the public access block must exist first, or a policy with a principal could be briefly public
      dependsOn: [this.publicAccessBlock],
    });
  }
}
