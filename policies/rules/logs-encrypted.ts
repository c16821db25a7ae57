import type { PolicyRule } from '../rule';
import { isSet } from './helpers';

export const logsEncrypted: PolicyRule = {
  id: 'PLAT-LOG-001',
  counterpart: 'CKV_AWS_158',
  level: 'error',
  description: 'CloudWatch log groups are encrypted with a customer managed KMS key',
  reason: 'Build and deployment logs carry repository names, commands and sometimes leaked values',
  appliesTo: ['aws_cloudwatch_log_group'],
  check(group) {
    return isSet(group.config.kms_key_id) ? [] : ['has no customer managed key (kms_key_id)'];
  },
};
