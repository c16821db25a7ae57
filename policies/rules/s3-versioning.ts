import type { PolicyRule } from '../rule';
import { companions, firstBlock } from './helpers';

export const s3Versioning: PolicyRule = {
  id: 'PLAT-S3-003',
  counterpart: 'CKV_AWS_21',
  level: 'error',
  description: 'S3 buckets have versioning enabled',
  reason: 'State, artifacts and audit logs must survive an overwrite or a delete',
  appliesTo: ['aws_s3_bucket'],
  check(bucket, stack) {
    const versioning = companions(stack, 'aws_s3_bucket_versioning', bucket);
    const status = firstBlock(versioning[0]?.config.versioning_configuration)?.status;
    return status === 'Enabled' ? [] : ['versioning is not enabled'];
  },
};
