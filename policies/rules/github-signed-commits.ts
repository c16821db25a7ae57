import type { PolicyRule } from '../rule';
import { BRANCH_PROTECTION_TYPES, branchRulesOf } from './helpers';

export const githubSignedCommits: PolicyRule = {
  id: 'PLAT-GH-104',
  counterpart: 'CKV_GIT_6',
  level: 'error',
  description: 'Protected branches require signed commits',
  reason: 'A signature ties each commit to a verified identity; an unsigned commit can claim any author',
  appliesTo: [...BRANCH_PROTECTION_TYPES],
  check(protection) {
    return branchRulesOf(protection).signedCommits ? [] : ['does not require signed commits'];
  },
};
