import type { PolicyRule } from '../rule';
import { allows, isBoundaryDocument, isSelfScopedResourcePolicy, statementsOf } from './helpers';

/**
 * Actions for which AWS defines no resource type, so `"*"` is the only resource a policy can name (from
 * the Service Authorization Reference). Add one here only with that justification; otherwise suppress.
 */
export const UNSCOPED_ACTIONS: ReadonlySet<string> = new Set([
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeLifecycleHooks',
  'autoscaling:DescribeScalingActivities',
  'cloudtrail:DescribeTrails',
  'cloudwatch:GetMetricData',
  'cloudwatch:GetMetricStatistics',
  'cloudwatch:ListMetrics',
  'cloudwatch:PutMetricData',
  'codebuild:ListBuilds',
  'codebuild:ListCuratedEnvironmentImages',
  'codebuild:ListProjects',
  'codedeploy:ListApplications',
  'codepipeline:ListPipelines',
  'codestar-connections:ListConnections',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'ecr:GetAuthorizationToken',
  'ecs:DeregisterTaskDefinition',
  'ecs:DescribeTaskDefinition',
  'ecs:RegisterTaskDefinition',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'guardduty:CreateDetector',
  'guardduty:ListDetectors',
  'iam:ListRoles',
  'kms:CreateKey',
  'kms:ListAliases',
  'kms:ListKeys',
  'lambda:ListFunctions',
  'logs:DeleteResourcePolicy',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:PutResourcePolicy',
  's3:ListAllMyBuckets',
  'secretsmanager:GetRandomPassword',
  'secretsmanager:ListSecrets',
  'sns:ListTopics',
  'ssm:DescribeParameters',
  'sts:GetCallerIdentity',
  'sts:GetServiceBearerToken',
  'tag:GetResources',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
]);

export const iamNoWildcardResource: PolicyRule = {
  id: 'PLAT-IAM-003',
  counterpart: 'CKV_AWS_355, CKV_AWS_356',
  level: 'error',
  description: 'IAM policy documents grant "*" as resource only for actions that have no resource type',
  reason: 'Least privilege: a permission names the bucket, key, project or pipeline it is for',
  appliesTo: ['data.aws_iam_policy_document'],
  check(document, stack) {
    // In a key or secret policy "*" means "this key" or "this secret": there is nothing narrower to name. A
    // permissions boundary is a ceiling on actions only: the identity policies under it name the resources.
    if (isSelfScopedResourcePolicy(stack, document) || isBoundaryDocument(stack, document)) return [];
    return allows(statementsOf(document))
      .filter((s) => (s.resources ?? []).includes('*'))
      .flatMap((s) => {
        const scoped = (s.actions ?? []).filter((a) => !UNSCOPED_ACTIONS.has(a));
        return scoped.length === 0
          ? []
          : [`statement ${s.sid ?? '(no sid)'} grants ${scoped.join(', ')} on "*"; name the resources (ARNs) instead`];
      });
  },
};
