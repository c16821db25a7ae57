import type { PolicyRule } from '../rule';
import { isSet } from './helpers';

export const kmsExplicitPolicy: PolicyRule = {
  id: 'PLAT-KMS-003',
  counterpart: 'AWS Security Hub KMS.1 (key policy review)',
  level: 'error',
  description: 'Customer managed KMS keys have an explicit key policy',
  reason: 'The default key policy delegates everything to IAM (kms:* for the account); ours lists who may do what',
  appliesTo: ['aws_kms_key'],
  check(key) {
    return isSet(key.config.policy) ? [] : ['has no key policy (policy), so the default policy grants kms:* to the account'];
  },
};
