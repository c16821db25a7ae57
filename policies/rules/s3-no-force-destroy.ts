import type { PolicyRule } from '../rule';
import { isTrue } from './helpers';

export const s3NoForceDestroy: PolicyRule = {
  id: 'PLAT-S3-007',
  level: 'error',
  description: 'S3 buckets never set force_destroy',
  reason: 'force_destroy lets one terraform destroy (or a replacement) delete every object and version',
  appliesTo: ['aws_s3_bucket'],
  check(bucket) {
    return isTrue(bucket.config.force_destroy) ? ['force_destroy is true'] : [];
  },
};
