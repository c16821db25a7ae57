import { buildStackView, type PolicyRule } from '../../policies';
import { codedeployAlarms, codedeployAutoRollback, codedeployNotifications, iamNoAwsManagedPolicies } from '../../policies/rules';

/** The findings of `rule` on the single resource of a one-resource stack. */
function check(rule: PolicyRule, type: string, config: Record<string, unknown>): readonly string[] {
  const view = buildStackView('test', { resource: { [type]: { subject: config } } });
  return rule.check(view.ofType(type)[0], view);
}

const GROUP = 'aws_codedeploy_deployment_group';
const compliantGroup = {
  app_name: 'acme-prod-svc',
  deployment_group_name: 'acme-prod-svc',
  auto_rollback_configuration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
  alarm_configuration: { enabled: true, alarms: ['${aws_cloudwatch_metric_alarm.a.alarm_name}'], ignore_poll_alarm_failure: false },
  trigger_configuration: [
    { trigger_name: 'events', trigger_target_arn: 'arn', trigger_events: ['DeploymentFailure', 'DeploymentRollback'] },
  ],
};

describe('PLAT-CD-001 deployment groups roll back on failure and on alarm', () => {
  test('compliant: both events', () => {
    expect(check(codedeployAutoRollback, GROUP, compliantGroup)).toEqual([]);
  });
  test.each<[string, Record<string, unknown>, string]>([
    ['no rollback configuration', { auto_rollback_configuration: undefined }, 'automatic rollback is off (auto_rollback_configuration)'],
    [
      'rollback disabled',
      { auto_rollback_configuration: { enabled: false, events: [] } },
      'automatic rollback is off (auto_rollback_configuration)',
    ],
    [
      'rollback on failure only',
      { auto_rollback_configuration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } },
      'automatic rollback does not cover DEPLOYMENT_STOP_ON_ALARM',
    ],
  ])('non-compliant: %s', (_name, change, message) => {
    expect(check(codedeployAutoRollback, GROUP, { ...compliantGroup, ...change })).toEqual([message]);
  });
});

describe('PLAT-CD-002 deployment groups watch alarms', () => {
  test('compliant: an enabled alarm configuration with an alarm', () => {
    expect(check(codedeployAlarms, GROUP, compliantGroup)).toEqual([]);
  });
  test.each<[string, Record<string, unknown>, string]>([
    ['no alarm configuration', { alarm_configuration: undefined }, 'no alarm configuration is enabled (alarm_configuration)'],
    ['no alarm named', { alarm_configuration: { enabled: true, alarms: [] } }, 'the alarm configuration names no alarm'],
    [
      'alarm poll failures ignored',
      { alarm_configuration: { enabled: true, alarms: ['a'], ignore_poll_alarm_failure: true } },
      'the deployment continues when alarms cannot be read (ignore_poll_alarm_failure)',
    ],
  ])('non-compliant: %s', (_name, change, message) => {
    expect(check(codedeployAlarms, GROUP, { ...compliantGroup, ...change })).toEqual([message]);
  });
});

describe('PLAT-CD-003 deployment groups publish failures and rollbacks', () => {
  test('compliant: a trigger with both events', () => {
    expect(check(codedeployNotifications, GROUP, compliantGroup)).toEqual([]);
  });
  test('non-compliant: no trigger', () => {
    expect(check(codedeployNotifications, GROUP, { ...compliantGroup, trigger_configuration: undefined })).toEqual([
      'no trigger publishes DeploymentFailure, DeploymentRollback (trigger_configuration)',
    ]);
  });
  test('non-compliant: successes only', () => {
    const trigger = [{ trigger_name: 'x', trigger_target_arn: 'arn', trigger_events: ['DeploymentSuccess', 'DeploymentFailure'] }];
    expect(check(codedeployNotifications, GROUP, { ...compliantGroup, trigger_configuration: trigger })).toEqual([
      'no trigger publishes DeploymentRollback (trigger_configuration)',
    ]);
  });
  test('is a warning', () => {
    expect(codedeployNotifications.level).toBe('warning');
  });
});

describe('PLAT-IAM-101 no AWS managed policies', () => {
  test.each<[string, string, Record<string, unknown>]>([
    [
      'a customer managed policy attachment',
      'aws_iam_role_policy_attachment',
      { role: 'r', policy_arn: 'arn:aws:iam::555555555555:policy/deploy' },
    ],
    ['a role without managed policies', 'aws_iam_role', { name: 'r', assume_role_policy: '{}' }],
  ])('compliant: %s', (_name, type, config) => {
    expect(check(iamNoAwsManagedPolicies, type, config)).toEqual([]);
  });
  test.each<[string, string, Record<string, unknown>, string]>([
    [
      'an AWS managed policy attachment',
      'aws_iam_role_policy_attachment',
      { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole' },
      'attaches the AWS managed policy service-role/AWSCodeDeployRole',
    ],
    [
      'managed_policy_arns on a role (GovCloud partition)',
      'aws_iam_role',
      { name: 'r', managed_policy_arns: ['arn:aws-us-gov:iam::aws:policy/AdministratorAccess'] },
      'attaches the AWS managed policy AdministratorAccess',
    ],
    [
      'an exclusive attachment list',
      'aws_iam_role_policy_attachments_exclusive',
      { role_name: 'r', policy_arns: ['arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS'] },
      'attaches the AWS managed policy AWSCodeDeployRoleForECS',
    ],
  ])('non-compliant: %s', (_name, type, config, message) => {
    expect(check(iamNoAwsManagedPolicies, type, config)).toEqual([message]);
  });
});
