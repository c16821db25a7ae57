import type { PolicyRule } from '../rule';
import { isSet } from './helpers';

export const codeartifactCustomerKey: PolicyRule = {
  id: 'PLAT-CA-101',
  counterpart: 'CKV_AWS_221',
  level: 'error',
  description: 'CodeArtifact domains are encrypted with a customer managed KMS key',
  reason: 'Every package the platform builds and consumes sits in the domain; its key policy decides who can read them',
  appliesTo: ['aws_codeartifact_domain'],
  check(domain) {
    return isSet(domain.config.encryption_key) ? [] : ['has no customer managed key (encryption_key)'];
  },
};
