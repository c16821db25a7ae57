import type { PolicyRule } from '../rule';
import { isSet } from './helpers';

export const snsEncrypted: PolicyRule = {
  id: 'PLAT-SNS-001',
  counterpart: 'CKV_AWS_26',
  level: 'error',
  description: 'SNS topics are encrypted with a KMS key',
  reason: 'Alerts and approval requests name systems and people; they are encrypted at rest like everything else',
  appliesTo: ['aws_sns_topic'],
  check(topic) {
    return isSet(topic.config.kms_master_key_id) ? [] : ['has no KMS key (kms_master_key_id)'];
  },
};
