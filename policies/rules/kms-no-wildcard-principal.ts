import type { PolicyRule } from '../rule';
import { allows, policyStatements } from './helpers';

export const kmsNoWildcardPrincipal: PolicyRule = {
  id: 'PLAT-KMS-002',
  counterpart: 'CKV_AWS_33',
  level: 'error',
  description: 'KMS key policies allow no "*" principal',
  reason: 'A key policy is the only gate to the data it protects; "*" opens it to every AWS account',
  appliesTo: ['aws_kms_key'],
  check(key, stack) {
    const statements = policyStatements(stack, key.config.policy) ?? [];
    return allows(statements)
      .filter((s) => (s.principals ?? []).some((p) => p.type === '*' || p.identifiers.includes('*')))
      .map((s) => `key policy statement ${s.sid ?? '(no sid)'} allows the "*" principal`);
  },
};
