import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { Construct } from '../core';
import { SecureBucket } from '../secure-bucket';

export interface AuditTrailProps {
  /** Trail name. */
  readonly trailName: string;
  /** Globally unique name of the trail's own bucket. */
  readonly bucketName: string;
  /** Customer managed key of the log files (its policy must let cloudtrail.amazonaws.com generate data keys). */
  readonly kmsKeyArn: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Days log files are kept before they expire. */
  readonly retentionDays: number;
  /** Refuse `terraform destroy` of the bucket. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * A multi-region CloudTrail trail with log file validation, KMS-encrypted log files, and its own
 * protected bucket (private, versioned, TLS-only) that only this trail may write to.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: SecureBucket;
  /** The trail's ARN, known before it exists. */
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const preventDestroy = props.preventDestroy ?? true;
    const { partition, region, accountId } = props;
    this.trailArn = `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${props.trailName}`;
    const bucketArn = `arn:${partition}:s3:::${props.bucketName}`;
    const fromThisTrail = [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [this.trailArn] }];

    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      preventDestroy,
      lifecycle: {
        currentVersionExpirationDays: props.retentionDays,
        noncurrentVersionExpirationDays: 30,
        abortIncompleteUploadDays: 1,
      },
      policyStatements: [
        {
          sid: 'CloudTrailAclCheck',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['s3:GetBucketAcl'],
          resources: [bucketArn],
          condition: fromThisTrail,
        },
        {
          sid: 'CloudTrailWrite',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/AWSLogs/${accountId}/*`],
          condition: [...fromThisTrail, { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }],
        },
      ],
    });

    this.trail = new Cloudtrail(this, 'trail', {
      name: props.trailName,
      s3BucketName: this.bucket.name,
      kmsKeyId: props.kmsKeyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogging: true,
      // CloudTrail checks it may write when the trail is created
      dependsOn: [this.bucket.policy],
    });
  }
}
