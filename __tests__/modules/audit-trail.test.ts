import { AuditTrail } from '../../modules/audit-trail';
import { Testing, TerraformStack } from '../../modules/core';
import { dataOf, resourcesOf } from '../support/synth';

const app = Testing.app();
const stack = new TerraformStack(app, 'audit');
new AuditTrail(stack, 'audit', {
  trailName: 'acme-dev-audit',
  bucketName: 'acme-dev-audit-222222222222',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/abc',
  partition: 'aws',
  region: 'eu-west-1',
  accountId: '222222222222',
  retentionDays: 365,
  dataEventBucketNames: ['acme-dev-artifacts-222222222222'],
  logs: { logGroupName: '/acme/dev/cloudtrail', retentionDays: 14, roleName: 'acme-dev-cloudtrail-logs' },
});
const tf = JSON.parse(Testing.synth(stack));

describe('AuditTrail delivery to CloudWatch Logs (CKV2_AWS_10)', () => {
  test('the trail writes to its own KMS-encrypted log group through its own role', () => {
    const [trail] = resourcesOf(tf, 'aws_cloudtrail');
    expect(trail.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.\S+\.arn\}:\*$/);
    expect(trail.cloud_watch_logs_role_arn).toMatch(/^\$\{aws_iam_role\.\S+\.arn\}$/);
    expect(resourcesOf(tf, 'aws_cloudwatch_log_group')).toEqual([
      expect.objectContaining({
        name: '/acme/dev/cloudtrail',
        retention_in_days: 14,
        kms_key_id: 'arn:aws:kms:eu-west-1:222222222222:key/abc',
      }),
    ]);
  });

  test('only this trail may assume the role, and it may only write streams of that log group', () => {
    const statements = dataOf(tf, 'aws_iam_policy_document').flatMap((d) => d.statement);
    expect(statements.find((s: any) => s.sid === 'CloudTrailOfThisTrail')).toEqual({
      sid: 'CloudTrailOfThisTrail',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
      actions: ['sts:AssumeRole'],
      condition: [
        { test: 'StringEquals', variable: 'aws:SourceArn', values: ['arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-dev-audit'] },
      ],
    });
    expect(statements.find((s: any) => s.sid === 'DeliverToOwnLogGroup')).toEqual({
      sid: 'DeliverToOwnLogGroup',
      effect: 'Allow',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.\S+\.arn\}:log-stream:\*$/)],
    });
  });
});

describe('AuditTrail event selectors (the object access audit of policies/checkov-skips.yaml, CKV_AWS_18)', () => {
  const [trail] = resourcesOf(tf, 'aws_cloudtrail');
  const selectors: any[] = trail.advanced_event_selector;
  const field = (selector: any, name: string) => selector.field_selector.find((f: any) => f.field === name);

  test('records every management event (advanced selectors replace the default one)', () => {
    expect(selectors[0]).toEqual({ name: 'Management events', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] });
  });

  test('records every object read and write of the buckets it is given, and of no other', () => {
    const platform = selectors.find((s) => /platform buckets/.test(s.name));
    expect(field(platform, 'eventCategory').equals).toEqual(['Data']);
    expect(field(platform, 'resources.type').equals).toEqual(['AWS::S3::Object']);
    expect(field(platform, 'resources.ARN').starts_with).toEqual(['arn:aws:s3:::acme-dev-artifacts-222222222222/']);
    expect(field(platform, 'eventName')).toBeUndefined();
    expect(field(platform, 'readOnly')).toBeUndefined();
  });

  test('records the reads and deletes of its own bucket, not its own deliveries (PutObject)', () => {
    const own = selectors.find((s) => /audit bucket/.test(s.name));
    expect(field(own, 'resources.ARN').starts_with).toEqual(['arn:aws:s3:::acme-dev-audit-222222222222/']);
    expect(field(own, 'eventName')).toEqual({ field: 'eventName', not_equals: ['PutObject'] });
    expect(selectors).toHaveLength(3);
  });

  test('without buckets to audit, selects management events and its own bucket only', () => {
    const other = new TerraformStack(Testing.app(), 'no-buckets');
    new AuditTrail(other, 'audit', {
      trailName: 'acme-dev-audit',
      bucketName: 'acme-dev-audit-222222222222',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/abc',
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '222222222222',
      retentionDays: 365,
      logs: { logGroupName: '/acme/dev/cloudtrail', retentionDays: 14, roleName: 'acme-dev-cloudtrail-logs' },
    });
    const [bare] = resourcesOf(JSON.parse(Testing.synth(other)), 'aws_cloudtrail');
    expect(bare.advanced_event_selector.map((s: any) => s.name)).toEqual([
      'Management events',
      'Object reads and deletes of the audit bucket',
    ]);
  });
});
