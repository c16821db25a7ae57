import type { PolicyRule } from '../rule';
import { isTrue } from './helpers';

export const githubSignedCommits: PolicyRule = {
  id: 'PLAT-GIT-003',
  counterpart: 'CKV_GIT_6',
  level: 'error',
  description: 'Branch protection requires signed commits',
  reason: 'A signature ties every commit that reaches a protected branch to a verified author',
  appliesTo: ['github_branch_protection', 'github_branch_protection_v3'],
  check(protection) {
    return isTrue(protection.config.require_signed_commits) ? [] : ['does not require signed commits (require_signed_commits)'];
  },
};
