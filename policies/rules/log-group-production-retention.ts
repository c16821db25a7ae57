import type { PolicyRule } from '../rule';
import { PRODUCTION_LOG_RETENTION_DAYS } from '../../vocabulary/retention';
export { PRODUCTION_LOG_RETENTION_DAYS };

export const logGroupProductionRetention: PolicyRule = {
  id: 'PLAT-LOGS-003',
  counterpart: 'CKV_AWS_338 (production)',
  level: 'error',
  description: `In production, CloudWatch log groups keep logs at least ${PRODUCTION_LOG_RETENTION_DAYS} days`,
  reason: 'Production build and deploy logs are audit evidence; other environments keep them as long as their config says',
  appliesTo: ['aws_cloudwatch_log_group'],
  check(group, stack) {
    if (!stack.production) return [];
    const days = Number(group.config.retention_in_days ?? 0);
    // no retention at all is PLAT-LOGS-001's finding; 0 means "never expire", which satisfies a minimum
    if (!Number.isFinite(days) || days <= 0) return [];
    return days >= PRODUCTION_LOG_RETENTION_DAYS
      ? []
      : [`keeps production logs ${days} days; at least ${PRODUCTION_LOG_RETENTION_DAYS} are required`];
  },
};
