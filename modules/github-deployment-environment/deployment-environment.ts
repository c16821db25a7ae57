import { ActionsEnvironmentVariable } from '@cdktf/provider-github/lib/actions-environment-variable';
import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
import { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import { Construct, Token } from '../core';

/** GitHub accepts at most six reviewers on an environment. */
const MAX_REVIEWERS = 6;
/** GitHub's wait timer limit: 30 days, in minutes. */
const MAX_WAIT_MINUTES = 43200;
/** Variable names that suggest a secret: those values belong in Secrets Manager, never in a variable. */
const SECRET_LIKE = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|CREDENTIAL/i;

/** Which branches may deploy to the environment. */
export type DeploymentBranchPolicy =
  /** Only branches with branch protection rules (production). */
  | { readonly kind: 'protected-branches' }
  /** Only branches matching these name patterns. */
  | { readonly kind: 'branches'; readonly patterns: readonly string[] }
  /** Only tags matching these name patterns (e.g. release tags `v*`); no branch. */
  | { readonly kind: 'tags'; readonly patterns: readonly string[] }
  /**
   * Any branch: only for an environment whose secrets are read-only credentials (a plan environment, which a
   * pull request's own branch runs in). Its only possible gate is reviewers (who may not approve their own run):
   * no wait timer.
   */
  | { readonly kind: 'any-branch' };

export interface DeploymentEnvironmentProps {
  /** Repository name. */
  readonly repository: string;
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** Ids of the teams that may approve a deployment (numbers or tokens). @default none */
  readonly reviewerTeamIds?: readonly string[];
  /** Ids of the users that may approve a deployment (numbers or tokens). @default none */
  readonly reviewerUserIds?: readonly string[];
  /** Minutes a deployment waits before it may start (0-43200). @default 0 */
  readonly waitTimerMinutes?: number;
  /** Which branches may deploy. */
  readonly branchPolicy: DeploymentBranchPolicy;
  /** Plain (non-secret) variables of the environment, by name. @default {} */
  readonly variables?: Readonly<Record<string, string>>;
}

/**
 * A GitHub deployment environment: required reviewers (who may not approve their own deployment, and
 * whom admins cannot bypass), a deployment branch policy, an optional wait timer, and plain variables.
 * Refuses variable names that look like secrets: secret values come from Secrets Manager or the CI.
 */
export class DeploymentEnvironment extends Construct {
  readonly environment: RepositoryEnvironment;

  constructor(scope: Construct, id: string, props: DeploymentEnvironmentProps) {
    super(scope, id);
    const reviewerTeamIds = props.reviewerTeamIds ?? [];
    const reviewerUserIds = props.reviewerUserIds ?? [];
    const waitTimerMinutes = props.waitTimerMinutes ?? 0;
    const variables = props.variables ?? {};
    const where = `DeploymentEnvironment ${this.node.path} (${props.repository}, ${props.environment})`;

    if (reviewerTeamIds.length + reviewerUserIds.length > MAX_REVIEWERS) {
      throw new Error(`${where}: at most ${MAX_REVIEWERS} reviewers (teams and users together)`);
    }
    if (!Number.isInteger(waitTimerMinutes) || waitTimerMinutes < 0 || waitTimerMinutes > MAX_WAIT_MINUTES) {
      throw new Error(`${where}: waitTimerMinutes must be an integer from 0 to ${MAX_WAIT_MINUTES} (got ${waitTimerMinutes})`);
    }
    if (props.branchPolicy.kind === 'branches' && props.branchPolicy.patterns.length === 0) {
      throw new Error(`${where}: a branch policy needs at least one branch pattern`);
    }
    if (props.branchPolicy.kind === 'tags' && props.branchPolicy.patterns.length === 0) {
      throw new Error(`${where}: a tag policy needs at least one tag pattern`);
    }
    for (const name of Object.keys(variables)) {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_')) {
        throw new Error(`${where}: variable "${name}" must be upper-case letters, digits and _, not starting with GITHUB_`);
      }
      if (SECRET_LIKE.test(name)) {
        throw new Error(`${where}: variable "${name}" looks like a secret; secrets come from Secrets Manager or the CI, never a variable`);
      }
    }

    const hasReviewers = reviewerTeamIds.length + reviewerUserIds.length > 0;
    if (props.branchPolicy.kind === 'any-branch' && waitTimerMinutes > 0) {
      throw new Error(
        `${where}: an environment open to any branch cannot gate with a wait timer (any branch can wait it out): gate it with reviewers, or give it a branch policy`,
      );
    }
    const protectedBranches = props.branchPolicy.kind === 'protected-branches';
    this.environment = new RepositoryEnvironment(this, 'environment', {
      repository: props.repository,
      environment: props.environment,
      waitTimer: waitTimerMinutes,
      canAdminsBypass: false,
      preventSelfReview: hasReviewers,
      reviewers: hasReviewers
        ? [{ teams: reviewerTeamIds.map((t) => Token.asNumber(t)), users: reviewerUserIds.map((u) => Token.asNumber(u)) }]
        : undefined,
      deploymentBranchPolicy:
        props.branchPolicy.kind === 'any-branch' ? undefined : { protectedBranches, customBranchPolicies: !protectedBranches },
    });

    if (props.branchPolicy.kind === 'branches') {
      props.branchPolicy.patterns.forEach((pattern, index) => {
        // the id is the position: reordering replaces policies, so append new patterns
        new RepositoryEnvironmentDeploymentPolicy(this, `branch-policy-${index}`, {
          repository: props.repository,
          environment: this.environment.environment,
          branchPattern: pattern,
        });
      });
    }
    if (props.branchPolicy.kind === 'tags') {
      props.branchPolicy.patterns.forEach((pattern, index) => {
        // the id is the position, as for branches
        new RepositoryEnvironmentDeploymentPolicy(this, `tag-policy-${index}`, {
          repository: props.repository,
          environment: this.environment.environment,
          tagPattern: pattern,
        });
      });
    }

    for (const [name, value] of Object.entries(variables).sort(([a], [b]) => a.localeCompare(b))) {
      new ActionsEnvironmentVariable(this, `variable-${name.toLowerCase().replace(/_/g, '-')}`, {
        repository: props.repository,
        environment: this.environment.environment,
        variableName: name,
        value,
      });
    }
  }
}
