import type { PolicyRule } from '../rule';
import { companions } from './helpers';

export const s3Lifecycle: PolicyRule = {
  id: 'PLAT-S3-004',
  counterpart: 'CKV2_AWS_61',
  level: 'error',
  description: 'S3 buckets have a lifecycle configuration that expires old versions and aborts incomplete uploads',
  reason: 'Versioned buckets grow without bound otherwise: cost, and data kept longer than it should be',
  appliesTo: ['aws_s3_bucket'],
  check(bucket, stack) {
    const lifecycles = companions(stack, 'aws_s3_bucket_lifecycle_configuration', bucket);
    if (lifecycles.length === 0) return ['has no lifecycle configuration'];
    const rules = (lifecycles[0].config.rule as Record<string, unknown>[] | undefined) ?? [];
    const enabled = rules.filter((r) => r.status === 'Enabled');
    const problems: string[] = [];
    if (!enabled.some((r) => Array.isArray(r.noncurrent_version_expiration) && r.noncurrent_version_expiration.length > 0)) {
      problems.push('no enabled lifecycle rule expires non-current versions');
    }
    if (!enabled.some((r) => Array.isArray(r.abort_incomplete_multipart_upload) && r.abort_incomplete_multipart_upload.length > 0)) {
      problems.push('no enabled lifecycle rule aborts incomplete multipart uploads');
    }
    return problems;
  },
};
