import type { PolicyRule } from '../rule';
import { isSet } from './helpers';

export const secretsManagerCustomerKey: PolicyRule = {
  id: 'PLAT-SM-101',
  counterpart: 'CKV_AWS_149',
  level: 'error',
  description: 'Secrets Manager secrets are encrypted with a customer managed KMS key',
  reason: 'With the AWS managed key, anyone allowed GetSecretValue can read; a customer key adds a second, audited gate',
  appliesTo: ['aws_secretsmanager_secret'],
  check(secret) {
    return isSet(secret.config.kms_key_id) ? [] : ['has no customer managed key (kms_key_id)'];
  },
};
