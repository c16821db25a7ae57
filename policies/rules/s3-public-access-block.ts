import type { PolicyRule } from '../rule';
import { companions, isTrue } from './helpers';

const SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const s3PublicAccessBlock: PolicyRule = {
  id: 'PLAT-S3-002',
  counterpart: 'CKV2_AWS_6, CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56',
  level: 'error',
  description: 'S3 buckets have a public access block with all four settings on',
  reason: 'No bucket of the platform is public; the block stops a later policy or ACL from making it so',
  appliesTo: ['aws_s3_bucket'],
  check(bucket, stack) {
    const blocks = companions(stack, 'aws_s3_bucket_public_access_block', bucket);
    if (blocks.length === 0) return ['has no public access block'];
    const off = SETTINGS.filter((s) => !isTrue(blocks[0].config[s]));
    return off.length === 0 ? [] : [`public access block leaves ${off.join(', ')} off`];
  },
};
