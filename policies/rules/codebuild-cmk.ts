import type { PolicyRule } from '../rule';
import { isSet } from './helpers';

export const codebuildCustomerKey: PolicyRule = {
  id: 'PLAT-CB-101',
  counterpart: 'CKV_AWS_147',
  level: 'error',
  description: 'CodeBuild projects encrypt their artifacts with a customer managed KMS key (encryption_key)',
  reason: 'Build outputs are what production runs; they stay behind the environment key like the artifact store',
  appliesTo: ['aws_codebuild_project'],
  check(project) {
    return isSet(project.config.encryption_key) ? [] : ['has no customer managed key (encryption_key)'];
  },
};
