import type { PolicyRule } from '../rule';
import { BRANCH_PROTECTION_TYPES, branchRulesOf } from './helpers';

/** Approvals a pull request needs before it merges into a protected branch. */
export const REQUIRED_APPROVALS = 2;

export const githubRequiredApprovals: PolicyRule = {
  id: 'PLAT-GH-103',
  counterpart: 'CKV_GIT_5',
  level: 'error',
  description: `Protected branches require pull requests with at least ${REQUIRED_APPROVALS} approvals`,
  reason: 'What merges is what deploys: no one person can put a change on its way to production',
  appliesTo: [...BRANCH_PROTECTION_TYPES],
  check(protection) {
    const { approvals } = branchRulesOf(protection);
    if (approvals === undefined) return ['does not require pull request reviews'];
    return approvals >= REQUIRED_APPROVALS ? [] : [`requires ${approvals} approval(s); at least ${REQUIRED_APPROVALS} are required`];
  },
};
