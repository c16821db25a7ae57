import type { PolicyRule } from '../rule';
import { isTrue } from './helpers';

export const cloudtrailLogValidation: PolicyRule = {
  id: 'PLAT-TRAIL-001',
  counterpart: 'CKV_AWS_36',
  level: 'error',
  description: 'CloudTrail trails validate their log files',
  reason: 'Digest files prove that no audit log was changed or deleted after CloudTrail delivered it',
  appliesTo: ['aws_cloudtrail'],
  check(trail) {
    return isTrue(trail.config.enable_log_file_validation) ? [] : ['log file validation is off (enable_log_file_validation)'];
  },
};
