import type { PolicyRule } from '../rule';

export const codebuildCustomerKey: PolicyRule = {
  id: 'PLAT-CB-001',
  counterpart: 'CKV_AWS_147',
  level: 'error',
  description: 'CodeBuild projects encrypt artifacts, cache and logs with a customer managed KMS key',
  reason: 'The default aws/s3 key cannot be audited, scoped or revoked by us',
  appliesTo: ['aws_codebuild_project'],
  check(project) {
    const key = project.config.encryption_key;
    if (typeof key !== 'string' || key.length === 0) return ['no customer key named (encryption_key)'];
    return /alias\/aws\//.test(key) ? [`encryption_key is the AWS managed key ${key}; name a customer managed key`] : [];
  },
};
