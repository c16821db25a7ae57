import type { PolicyRule } from '../rule';
import { findSecretsInValue } from './secrets';

export const secNoLiteralSecrets: PolicyRule = {
  id: 'PLAT-SEC-001',
  counterpart: 'CKV_AWS_41, CKV_SECRET_*',
  level: 'error',
  description: 'No resource or data source holds a literal secret (access key, token, private key, password)',
  reason: 'Synthesized JSON, plans and state are read by many; secrets live in Secrets Manager and are referenced',
  appliesTo: ['*'],
  check(resource) {
    return findSecretsInValue(resource.config).map((s) => `holds a secret-like value (${s.kind}: ${s.excerpt})`);
  },
};
