import type { PolicyRule } from '../rule';

export const secretsManagerRotation: PolicyRule = {
  id: 'PLAT-SM-102',
  counterpart: 'CKV2_AWS_57',
  level: 'warning',
  description: 'Secrets Manager secrets rotate automatically (aws_secretsmanager_secret_rotation)',
  reason: 'A rotated secret that leaks stops working; a warning, since third-party tokens (e.g. a GitHub App key) cannot always rotate',
  appliesTo: ['aws_secretsmanager_secret'],
  check(secret, stack) {
    return stack.referencing('aws_secretsmanager_secret_rotation', secret).length > 0 ? [] : ['has no automatic rotation'];
  },
};
