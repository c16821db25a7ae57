import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

export const codedeployAlarms: PolicyRule = {
  id: 'PLAT-CD-002',
  level: 'error',
  description: 'CodeDeploy deployment groups watch at least one CloudWatch alarm, and alarm poll failures stop the deployment',
  reason: 'Rollback on alarm needs an alarm; a deployment that ignores a failed alarm poll deploys blind',
  appliesTo: ['aws_codedeploy_deployment_group'],
  check(group) {
    const alarms = firstBlock(group.config.alarm_configuration);
    if (alarms === undefined || !isTrue(alarms.enabled)) return ['no alarm configuration is enabled (alarm_configuration)'];
    const problems: string[] = [];
    if (!Array.isArray(alarms.alarms) || alarms.alarms.length === 0) problems.push('the alarm configuration names no alarm');
    if (isTrue(alarms.ignore_poll_alarm_failure))
      problems.push('the deployment continues when alarms cannot be read (ignore_poll_alarm_failure)');
    return problems;
  },
};
