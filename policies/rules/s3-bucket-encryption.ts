import type { PolicyRule } from '../rule';
import { companions, firstBlock } from './helpers';

export const s3BucketEncryption: PolicyRule = {
  id: 'PLAT-S3-001',
  counterpart: 'CKV_AWS_145',
  level: 'error',
  description: 'S3 buckets are encrypted by default with a customer managed KMS key',
  reason: 'A customer key puts every read behind a key policy and CloudTrail-logged KMS calls',
  appliesTo: ['aws_s3_bucket'],
  check(bucket, stack) {
    const configs = companions(stack, 'aws_s3_bucket_server_side_encryption_configuration', bucket);
    if (configs.length === 0) return ['has no server-side encryption configuration'];
    const rules = (configs[0].config.rule as unknown[] | undefined) ?? [];
    const byDefault = rules.map((r) => firstBlock((r as Record<string, unknown>).apply_server_side_encryption_by_default));
    const kms = byDefault.find((d) => d?.sse_algorithm === 'aws:kms' || d?.sse_algorithm === 'aws:kms:dsse');
    if (kms === undefined) return ['default encryption is not SSE-KMS'];
    if (typeof kms.kms_master_key_id !== 'string' || kms.kms_master_key_id.length === 0) {
      return ['SSE-KMS uses the AWS managed key; name a customer managed key (kms_master_key_id)'];
    }
    return [];
  },
};
