import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

const REQUIRED_EVENTS = ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] as const;

export const codedeployAutoRollback: PolicyRule = {
  id: 'PLAT-CD-001',
  level: 'error',
  description: 'CodeDeploy deployment groups roll back automatically on deployment failure and on alarm',
  reason: 'A failed or unhealthy release must return to the last good version without waiting for a person',
  appliesTo: ['aws_codedeploy_deployment_group'],
  check(group) {
    const rollback = firstBlock(group.config.auto_rollback_configuration);
    if (rollback === undefined || !isTrue(rollback.enabled)) return ['automatic rollback is off (auto_rollback_configuration)'];
    const events = Array.isArray(rollback.events) ? (rollback.events as unknown[]) : [];
    const missing = REQUIRED_EVENTS.filter((e) => !events.includes(e));
    return missing.length === 0 ? [] : [`automatic rollback does not cover ${missing.join(', ')}`];
  },
};
