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
