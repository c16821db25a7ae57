import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

export const codebuildNotPrivileged: PolicyRule = {
  id: 'PLAT-CB-102',
  counterpart: 'CKV_AWS_316',
  level: 'error',
  description: 'CodeBuild projects do not run in privileged mode',
  reason: 'Privileged mode gives the build root on the host (Docker daemon); suppress, with a reason, only for image builds',
  appliesTo: ['aws_codebuild_project'],
  check(project) {
    return isTrue(firstBlock(project.config.environment)?.privileged_mode) ? ['runs in privileged mode (environment.privileged_mode)'] : [];
  },
};
