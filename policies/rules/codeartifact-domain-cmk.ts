import type { PolicyRule } from '../rule';

export const codeartifactDomainCustomerKey: PolicyRule = {
  id: 'PLAT-CA-001',
  counterpart: 'CKV_AWS_221',
  level: 'error',
  description: 'CodeArtifact domains are encrypted with a customer managed KMS key',
  reason: 'Every package the organisation builds or caches lives there; the key must be ours to audit and revoke',
  appliesTo: ['aws_codeartifact_domain'],
  check(domain) {
    const key = domain.config.encryption_key;
    return typeof key === 'string' && key.length > 0 ? [] : ['no customer key named (encryption_key)'];
  },
};
