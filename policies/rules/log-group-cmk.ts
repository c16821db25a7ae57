import type { PolicyRule } from '../rule';

export const logGroupCustomerKey: PolicyRule = {
  id: 'PLAT-LOGS-002',
  counterpart: 'CKV_AWS_158',
  level: 'error',
  description: 'CloudWatch log groups are encrypted with a customer managed KMS key',
  reason: 'Build and deploy logs can carry secrets by accident; a customer key makes access auditable and revocable',
  appliesTo: ['aws_cloudwatch_log_group'],
  check(group) {
    const key = group.config.kms_key_id;
    return typeof key === 'string' && key.length > 0 ? [] : ['no customer key named (kms_key_id)'];
  },
};
