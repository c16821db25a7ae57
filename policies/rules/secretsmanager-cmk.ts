import type { PolicyRule } from '../rule';

export const secretsManagerCustomerKey: PolicyRule = {
  id: 'PLAT-SM-001',
  counterpart: 'CKV_AWS_149',
  level: 'error',
  description: 'Secrets Manager secrets are encrypted with a customer managed KMS key',
  reason: 'The default aws/secretsmanager key cannot be restricted by a key policy, audited per use, or revoked by us',
  appliesTo: ['aws_secretsmanager_secret'],
  check(secret) {
    const key = secret.config.kms_key_id;
    if (typeof key !== 'string' || key.length === 0) return ['no customer managed key named (kms_key_id)'];
    return /alias\/aws\//.test(key) ? [`kms_key_id ${key} is an AWS managed key; name a customer managed key`] : [];
  },
};
