import type { PolicyRule } from '../rule';
import { firstBlock } from './helpers';

/** Approvals a branch whose changes reach production needs. */
const MINIMUM = 2;

export const githubBranchTwoApprovals: PolicyRule = {
  id: 'PLAT-GIT-002',
  counterpart: 'CKV_GIT_5',
  level: 'error',
  description: `Branch protection requires at least ${MINIMUM} approving reviews (every protected branch here reaches production)`,
  reason: 'Four eyes are not enough for a change that is promoted to production without a rebuild',
  appliesTo: ['github_branch_protection', 'github_branch_protection_v3'],
  check(protection) {
    const reviews = firstBlock(protection.config.required_pull_request_reviews);
    if (reviews === undefined) return ['requires no pull request reviews (required_pull_request_reviews)'];
    const count = Number(reviews.required_approving_review_count ?? 1);
    return count >= MINIMUM ? [] : [`requires ${count} approving review(s); at least ${MINIMUM} are needed`];
  },
};
