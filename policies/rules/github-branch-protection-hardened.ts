import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

/** Settings that must be on (true) at the top level of a classic branch protection. */
const ON = ['enforce_admins', 'required_linear_history', 'require_conversation_resolution'] as const;
/** Settings that must be off (false or unset) at the top level. */
const OFF = ['allows_force_pushes', 'allows_deletions'] as const;
/** Review settings that must be on. */
const REVIEWS_ON = ['require_code_owner_reviews', 'dismiss_stale_reviews', 'require_last_push_approval'] as const;

export const githubBranchProtectionHardened: PolicyRule = {
  id: 'PLAT-GIT-005',
  level: 'error',
  description:
    'Branch protection includes admins, forbids force pushes and deletion, requires linear history, resolved conversations, code-owner review, fresh approvals of the last push and named status checks on an up-to-date branch',
  reason: 'Each of these closes a way around review: an admin push, a rewritten history, a stale approval, an unchecked merge',
  appliesTo: ['github_branch_protection'],
  check(protection) {
    const config = protection.config;
    const problems: string[] = [];
    const notOn = ON.filter((s) => !isTrue(config[s]));
    if (notOn.length > 0) problems.push(`leaves ${notOn.join(', ')} off`);
    const notOff = OFF.filter((s) => isTrue(config[s]));
    if (notOff.length > 0) problems.push(`allows ${notOff.join(', ')}`);
    const reviews = firstBlock(config.required_pull_request_reviews);
    if (reviews === undefined) {
      problems.push('requires no pull request reviews');
    } else {
      const off = REVIEWS_ON.filter((s) => !isTrue(reviews[s]));
      if (off.length > 0) problems.push(`leaves ${off.join(', ')} off`);
    }
    const checks = firstBlock(config.required_status_checks);
    const contexts = Array.isArray(checks?.contexts) ? checks.contexts : [];
    if (contexts.length === 0) problems.push('requires no status checks (required_status_checks.contexts)');
    else if (!isTrue(checks?.strict)) problems.push('does not require the branch to be up to date (required_status_checks.strict)');
    return problems;
  },
};
