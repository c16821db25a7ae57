import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

export const codebuildPrivilegedMode: PolicyRule = {
  id: 'PLAT-CB-002',
  counterpart: 'CKV_AWS_316',
  level: 'error',
  description: 'CodeBuild projects do not run in privileged mode',
  reason: 'Privileged mode gives build code root on the build host (the Docker daemon); only image builds need it',
  appliesTo: ['aws_codebuild_project'],
  check(project) {
    return isTrue(firstBlock(project.config.environment)?.privileged_mode) ? ['privileged mode is on (environment.privileged_mode)'] : [];
  },
};
