import type { PolicyRule } from '../rule';

export const logGroupRetention: PolicyRule = {
  id: 'PLAT-LOGS-001',
  counterpart: 'CKV_AWS_66 (CKV_AWS_338 further asks for a year; retention comes from each environment)',
  level: 'error',
  description: 'CloudWatch log groups have a retention period',
  reason: 'Logs kept forever cost without bound and hold data longer than policy allows',
  appliesTo: ['aws_cloudwatch_log_group'],
  check(group) {
    const days = group.config.retention_in_days;
    return typeof days === 'number' && days > 0 ? [] : ['no retention period (retention_in_days): logs would be kept forever'];
  },
};
