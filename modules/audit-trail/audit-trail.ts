import {
  Cloudtrail,
  type CloudtrailAdvancedEventSelector,
  type CloudtrailAdvancedEventSelectorFieldSelector,
} from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct, cloudTrailArn, s3Arn } from '../core';
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
  /**
   * Buckets of the trail's account whose object-level API calls (S3 data events, reads and writes) the trail
   * records: the object access audit of the buckets that keep no S3 server access log. The trail records the
   * reads and deletes of its own bucket besides (not its own deliveries: see `ownBucketSelector`). @default none
   */
  readonly dataEventBucketNames?: readonly string[];
  /** Refuse `terraform destroy` of the bucket. @default true */
  readonly preventDestroy?: boolean;
  /**
   * CloudWatch Logs delivery, so metric filters and alarms can watch API activity as it happens. The log
   * group is encrypted with `kmsKeyArn` (whose policy must let CloudWatch Logs use it for this name).
   */
  readonly logs: {
    /** Log group name. */
    readonly logGroupName: string;
    /** Days events are kept in the log group. */
    readonly retentionDays: number;
    /** Name of the role CloudTrail assumes to write to the log group. */
    readonly roleName: string;
  };
}

/** Object data events (`AWS::S3::Object`) of the objects whose ARNs start with one of `prefixes`. */
function objectEvents(name: string, prefixes: readonly string[], extra: CloudtrailAdvancedEventSelectorFieldSelector[] = []) {
  return {
    name,
    fieldSelector: [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      { field: 'resources.ARN', startsWith: [...prefixes] },
      ...extra,
    ],
  };
}

/**
 * The trail's advanced event selectors: every management event; every object read and write of
 * `dataEventBuckets`; the reads and deletes of the trail's own bucket. Its writes there are CloudTrail's own
 * log deliveries (each delivery would be logged by the next one), whose integrity log file validation proves.
 */
export function auditEventSelectors(
  partition: string,
  ownBucket: string,
  dataEventBuckets: readonly string[],
): CloudtrailAdvancedEventSelector[] {
  const objectsOf = (bucket: string) => s3Arn(partition, bucket, '');
  return [
    { name: 'Management events', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ...(dataEventBuckets.length === 0
      ? []
      : [objectEvents('Object reads and writes of the platform buckets', [...new Set(dataEventBuckets)].sort().map(objectsOf))]),
    objectEvents(
      'Object reads and deletes of the audit bucket',
      [objectsOf(ownBucket)],
      [{ field: 'eventName', notEquals: ['PutObject'] }],
    ),
  ];
}

/**
 * A multi-region CloudTrail trail with log file validation, KMS-encrypted log files, and its own
 * protected bucket (private, versioned, TLS-only) that only this trail may write to.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: SecureBucket;
  readonly logGroup: CloudwatchLogGroup;
  /** The trail's ARN, known before it exists. */
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { partition, region, accountId, preventDestroy = true } = props;
    this.trailArn = cloudTrailArn({ partition, region, accountId }, props.trailName);
    const bucketArn = s3Arn(partition, props.bucketName);
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
          resources: [s3Arn(partition, props.bucketName, `AWSLogs/${accountId}/*`)],
          condition: [...fromThisTrail, { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }],
        },
      ],
    });

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logs.logGroupName,
      retentionInDays: props.logs.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const trust = new DataAwsIamPolicyDocument(this, 'logs-trust', {
      statement: [
        {
          sid: 'CloudTrailOfThisTrail',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
          condition: fromThisTrail,
        },
      ],
    });
    const logsRole = new IamRole(this, 'logs-role', {
      name: props.logs.roleName,
      description: `CloudTrail ${props.trailName} delivers events to ${props.logs.logGroupName}; nothing else`,
      assumeRolePolicy: trust.json,
    });
    const delivery = new DataAwsIamPolicyDocument(this, 'logs-policy', {
      statement: [
        {
          sid: 'DeliverToOwnLogGroup',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${this.logGroup.arn}:log-stream:*`],
        },
      ],
    });
    new IamRolePolicy(this, 'logs-role-policy', { name: 'cloudtrail-delivery', role: logsRole.id, policy: delivery.json });

    this.trail = new Cloudtrail(this, 'trail', {
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: logsRole.arn,
      name: props.trailName,
      s3BucketName: this.bucket.name,
      kmsKeyId: props.kmsKeyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogging: true,
      advancedEventSelector: auditEventSelectors(partition, props.bucketName, props.dataEventBucketNames ?? []),
      // CloudTrail checks it may write when the trail is created
      dependsOn: [this.bucket.policy],
    });
  }
}
