import type { PolicyRule } from '../rule';
import { OTHER_BLOCK_TYPES } from '../stack-view';
import { findSecretsInValue } from './secrets';

export const secNoLiteralSecrets: PolicyRule = {
  id: 'PLAT-SEC-001',
  counterpart: 'CKV_AWS_41, CKV_SECRET_*',
  level: 'error',
  description:
    'No synthesized value holds a literal secret (access key, token, private key, password): resources, data sources, providers, the backend, variables, outputs, locals',
  reason: 'Synthesized JSON, plans and state are read by many; secrets live in Secrets Manager and are referenced',
  // every block of the stack: a token in config reaches a provider's default_tags as easily as a resource
  appliesTo: ['*', ...OTHER_BLOCK_TYPES],
  check(resource) {
    return findSecretsInValue(resource.config).map((s) => `holds a secret-like value (${s.kind}: ${s.excerpt})`);
  },
};
