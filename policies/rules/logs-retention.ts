import type { PolicyRule } from '../rule';

/** Days production logs are kept at least (CKV_AWS_338). */
export const PRODUCTION_LOG_RETENTION_DAYS = 365;

export const logsRetention: PolicyRule = {
  id: 'PLAT-LOG-002',
  counterpart: 'CKV_AWS_66, CKV_AWS_338 (production)',
  level: 'error',
  description: 'CloudWatch log groups have a retention period; in production at least one year',
  reason: 'Logs kept forever cost money and hold data longer than needed; production logs are audit evidence',
  appliesTo: ['aws_cloudwatch_log_group'],
  check(group, stack) {
    const days = Number(group.config.retention_in_days ?? 0);
    if (!Number.isFinite(days) || days <= 0) return ['has no retention period (retention_in_days), so logs are kept forever'];
    if (stack.production && days < PRODUCTION_LOG_RETENTION_DAYS) {
      return [`keeps production logs ${days} days; at least ${PRODUCTION_LOG_RETENTION_DAYS} are required`];
    }
    return [];
  },
};
