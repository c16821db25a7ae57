import { BranchProtection } from '@cdktf/provider-github/lib/branch-protection';
import { Construct, type TerraformResource } from '../core';

/** The most approving reviews GitHub accepts. */
const MAX_REVIEWS = 6;

export interface DefaultBranchProtectionProps {
  /** Name or node id of the repository. */
  readonly repository: string;
  /** Branch name (or pattern) to protect. @default 'main' */
  readonly branch?: string;
  /** Approving reviews a pull request needs (1-6). */
  readonly requiredApprovingReviewCount: number;
  /** Status checks that must pass, exactly as the builds report them (see `modules/core/checks.ts`). */
  readonly requiredStatusChecks: readonly string[];
  /** Resources that must exist before the branch is protected (e.g. files committed to it). @default none */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * Classic branch protection of a repository's default branch, with every safeguard on: pull requests with
 * approving reviews (code owners among them, stale approvals dismissed, the last push approved by someone
 * else), required status checks on an up-to-date branch, signed commits, linear history, resolved
 * conversations, admins included, no force push and no deletion. Nothing is optional by design; only the
 * review count and the check names vary.
 */
export class DefaultBranchProtection extends Construct {
  readonly protection: BranchProtection;

  constructor(scope: Construct, id: string, props: DefaultBranchProtectionProps) {
    super(scope, id);
    const branch = props.branch ?? 'main';
    const count = props.requiredApprovingReviewCount;
    if (!Number.isInteger(count) || count < 1 || count > MAX_REVIEWS) {
      throw new Error(
        `DefaultBranchProtection ${this.node.path}: requiredApprovingReviewCount must be an integer from 1 to ${MAX_REVIEWS} (got ${count})`,
      );
    }
    if (props.requiredStatusChecks.length === 0) {
      throw new Error(`DefaultBranchProtection ${this.node.path}: requiredStatusChecks must name at least one check`);
    }
    const repeated = props.requiredStatusChecks.find((c, i) => props.requiredStatusChecks.indexOf(c) !== i);
    if (repeated !== undefined) {
      throw new Error(`DefaultBranchProtection ${this.node.path}: requiredStatusChecks names "${repeated}" twice`);
    }

    this.protection = new BranchProtection(this, 'protection', {
      repositoryId: props.repository,
      pattern: branch,
      enforceAdmins: true,
      requireSignedCommits: true,
      requiredLinearHistory: true,
      requireConversationResolution: true,
      allowsForcePushes: false,
      allowsDeletions: false,
      requiredPullRequestReviews: [
        {
          requiredApprovingReviewCount: count,
          requireCodeOwnerReviews: true,
          dismissStaleReviews: true,
          requireLastPushApproval: true,
          restrictDismissals: true,
        },
      ],
      requiredStatusChecks: [{ strict: true, contexts: [...props.requiredStatusChecks] }],
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
