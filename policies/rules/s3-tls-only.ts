import type { PolicyRule } from '../rule';
import { companions, statementsOf } from './helpers';

export const s3TlsOnly: PolicyRule = {
  id: 'PLAT-S3-005',
  counterpart: 'AWS Security Hub S3.5',
  level: 'error',
  description: 'S3 bucket policies deny every request that does not use TLS',
  reason: 'State and artifacts hold secrets-adjacent data; plain HTTP must be refused, not just unused',
  appliesTo: ['aws_s3_bucket'],
  check(bucket, stack) {
    const policies = companions(stack, 'aws_s3_bucket_policy', bucket);
    for (const policy of policies) {
      const document = stack.resolveReference(policy.config.policy);
      if (document === undefined) continue;
      const denies = statementsOf(document).some(
        (s) =>
          s.effect === 'Deny' &&
          (s.condition ?? []).some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false')),
      );
      if (denies) return [];
    }
    return ['no bucket policy denies requests without TLS (aws:SecureTransport = false)'];
  },
};
