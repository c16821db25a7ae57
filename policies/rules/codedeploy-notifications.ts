import type { PolicyRule } from '../rule';

const REQUIRED_EVENTS = ['DeploymentFailure', 'DeploymentRollback'] as const;

export const codedeployNotifications: PolicyRule = {
  id: 'PLAT-CD-003',
  level: 'warning',
  description: 'CodeDeploy deployment groups publish failures and rollbacks to an SNS topic',
  reason: 'A rollback fixes production, but the team must learn that it happened',
  appliesTo: ['aws_codedeploy_deployment_group'],
  check(group) {
    const triggers = Array.isArray(group.config.trigger_configuration)
      ? (group.config.trigger_configuration as Record<string, unknown>[])
      : [];
    const events = triggers.flatMap((t) => (Array.isArray(t.trigger_events) ? (t.trigger_events as unknown[]) : []));
    const missing = REQUIRED_EVENTS.filter((e) => !events.includes(e));
    return missing.length === 0 ? [] : [`no trigger publishes ${missing.join(', ')} (trigger_configuration)`];
  },
};
