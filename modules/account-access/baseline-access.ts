import { cloudTrailArn, eventRuleArn, formatArn, lambdaFunctionArn, logGroupArn, regionalArn } from '../core';
import { BASELINE_POLICY, type AccountScope, type ServiceAccess } from './service-access';

/**
 * The account's monitoring, audit and security baseline, as the environment stacks create it: notifications,
 * alarms and dashboards, event rules, log groups, secrets and their rotation, GuardDuty, Access Analyzer and the
 * audit trail. All of it in the Terraform role's managed policy BASELINE_POLICY (its inline policy has no room).
 */
// eslint-disable-next-line max-lines-per-function -- data table: the actions and resources of each baseline service
export function baselineAccess(scope: AccountScope): ServiceAccess[] {
  const { prefix } = scope;
  return [
    {
      sid: 'Notifications',
      managedPolicy: BASELINE_POLICY,
      read: ['sns:GetSubscriptionAttributes', 'sns:GetTopicAttributes', 'sns:ListTagsForResource'],
      write: [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:SetSubscriptionAttributes',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:TagResource',
        'sns:Unsubscribe',
        'sns:UntagResource',
      ],
      resources: [regionalArn(scope, 'sns', `${prefix}-*`)],
    },
    {
      sid: 'Alarms',
      managedPolicy: BASELINE_POLICY,
      read: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetDashboard', 'cloudwatch:ListTagsForResource'],
      write: [
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DeleteDashboards',
        'cloudwatch:PutDashboard',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
      ],
      resources: [
        regionalArn(scope, 'cloudwatch', `alarm:${prefix}-*`),
        formatArn({ partition: scope.partition, service: 'cloudwatch', account: scope.accountId, resource: `dashboard/${prefix}-*` }),
      ],
    },
    {
      sid: 'EventRules',
      managedPolicy: BASELINE_POLICY,
      read: ['events:DescribeRule', 'events:ListTagsForResource', 'events:ListTargetsByRule'],
      write: [
        'events:DeleteRule',
        'events:PutRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:TagResource',
        'events:UntagResource',
      ],
      resources: [eventRuleArn(scope, `${prefix}-*`)],
    },
    {
      sid: 'LogGroups',
      managedPolicy: BASELINE_POLICY,
      read: ['logs:DescribeMetricFilters', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      write: [
        'logs:AssociateKmsKey',
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:DeleteMetricFilter',
        'logs:DisassociateKmsKey',
        'logs:PutMetricFilter',
        'logs:PutRetentionPolicy',
        'logs:TagLogGroup',
        'logs:TagResource',
        'logs:UntagLogGroup',
        'logs:UntagResource',
      ],
      resources: [logGroupArn(scope, `/${prefix}/*`)],
    },
    {
      sid: 'LogsUnscoped',
      managedPolicy: BASELINE_POLICY,
      read: ['logs:DescribeLogGroups', 'logs:DescribeResourcePolicies'],
      write: ['logs:DeleteResourcePolicy', 'logs:PutResourcePolicy'],
      resources: ['*'],
      why: 'log resource policies and the log group listing are account-wide: the API takes no resource',
    },
    {
      sid: 'Secrets',
      managedPolicy: BASELINE_POLICY,
      read: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
      write: [
        'secretsmanager:CancelRotateSecret',
        'secretsmanager:CreateSecret',
        'secretsmanager:DeleteResourcePolicy',
        'secretsmanager:DeleteSecret',
        'secretsmanager:PutResourcePolicy',
        'secretsmanager:RotateSecret',
        'secretsmanager:TagResource',
        'secretsmanager:UntagResource',
        'secretsmanager:UpdateSecret',
        'secretsmanager:ValidateResourcePolicy',
      ],
      resources: [regionalArn(scope, 'secretsmanager', `secret:${prefix}/*`)],
    },
    {
      sid: 'RotationFunctionPermissions',
      managedPolicy: BASELINE_POLICY,
      read: ['lambda:GetPolicy'],
      write: ['lambda:AddPermission', 'lambda:RemovePermission'],
      resources: [lambdaFunctionArn(scope, `${prefix}-*`)],
    },
    {
      sid: 'GuardDuty',
      managedPolicy: BASELINE_POLICY,
      read: ['guardduty:GetDetector', 'guardduty:ListTagsForResource'],
      write: ['guardduty:DeleteDetector', 'guardduty:TagResource', 'guardduty:UntagResource', 'guardduty:UpdateDetector'],
      resources: [regionalArn(scope, 'guardduty', 'detector/*')],
      why: 'a detector ARN ends in a generated id; there is one detector per account and region',
    },
    {
      sid: 'GuardDutyUnscoped',
      managedPolicy: BASELINE_POLICY,
      read: ['guardduty:ListDetectors'],
      write: ['guardduty:CreateDetector'],
      resources: ['*'],
      why: 'CreateDetector and ListDetectors take no resource (the detector does not exist yet)',
    },
    {
      sid: 'AccessAnalyzer',
      managedPolicy: BASELINE_POLICY,
      read: ['access-analyzer:GetAnalyzer', 'access-analyzer:ListTagsForResource'],
      write: [
        'access-analyzer:CreateAnalyzer',
        'access-analyzer:DeleteAnalyzer',
        'access-analyzer:TagResource',
        'access-analyzer:UntagResource',
        'access-analyzer:UpdateAnalyzer',
      ],
      resources: [regionalArn(scope, 'access-analyzer', `analyzer/${prefix}-*`)],
    },
    {
      sid: 'AuditTrail',
      managedPolicy: BASELINE_POLICY,
      read: [
        'cloudtrail:GetEventSelectors',
        'cloudtrail:GetInsightSelectors',
        'cloudtrail:GetTrail',
        'cloudtrail:GetTrailStatus',
        'cloudtrail:ListTags',
      ],
      write: [
        'cloudtrail:AddTags',
        'cloudtrail:CreateTrail',
        'cloudtrail:DeleteTrail',
        'cloudtrail:PutEventSelectors',
        'cloudtrail:PutInsightSelectors',
        'cloudtrail:RemoveTags',
        'cloudtrail:StartLogging',
        'cloudtrail:StopLogging',
        'cloudtrail:UpdateTrail',
      ],
      resources: [cloudTrailArn(scope, `${prefix}-*`)],
    },
    {
      sid: 'AuditTrailUnscoped',
      managedPolicy: BASELINE_POLICY,
      read: ['cloudtrail:DescribeTrails'],
      write: [],
      resources: ['*'],
      why: 'DescribeTrails lists the trails of the account: the API takes no resource',
    },
  ];
}
