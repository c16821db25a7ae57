import type { PolicyRule } from '../rule';
import { companions, firstBlock } from './helpers';

export const s3AclsDisabled: PolicyRule = {
  id: 'PLAT-S3-006',
  counterpart: 'CKV2_AWS_65',
  level: 'error',
  description: 'S3 buckets disable ACLs (object ownership BucketOwnerEnforced)',
  reason: 'With ACLs off, only the bucket policy decides access; an object ACL cannot grant a stranger access',
  appliesTo: ['aws_s3_bucket'],
  check(bucket, stack) {
    const controls = companions(stack, 'aws_s3_bucket_ownership_controls', bucket);
    const ownership = firstBlock(controls[0]?.config.rule)?.object_ownership;
    return ownership === 'BucketOwnerEnforced' ? [] : ['ACLs are not disabled (ownership controls BucketOwnerEnforced)'];
  },
};
