import type { PolicyRule } from '../rule';

export const cloudtrailCmk: PolicyRule = {
  id: 'PLAT-TRAIL-002',
  counterpart: 'CKV_AWS_35',
  level: 'error',
  description: 'CloudTrail trails encrypt their log files with a customer managed KMS key',
  reason: 'Audit logs reveal how the accounts are run; reading them needs the key, and every use of it is logged',
  appliesTo: ['aws_cloudtrail'],
  check(trail) {
    const key = trail.config.kms_key_id;
    return typeof key === 'string' && key.length > 0 ? [] : ['log files are not encrypted with a customer key (kms_key_id)'];
  },
};
