import { z } from 'zod';
import { GitHubLogin, IamRoleName, TeamSlug } from './common';

/**
 * Access to an environment's account that the `<env>-access` stack creates (an administrator applies it, as
 * `bootstrap`): the Terraform role (`account.deployRoleName`), the read-only plan role and the account's
 * GitHub OIDC provider.
 */

/** The ARN of an IAM role (a path is allowed, a wildcard is not), e.g. an administrator's SSO role. */
export const IamRoleArn = z.string().regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, {
  error: 'must be the ARN of an IAM role, e.g. "arn:aws:iam::123456789012:role/admin" (no wildcards)',
});

export const AccountAccessFields = {
  /**
   * Read-only role that pull-request plans and drift detection run as in this account: trusted by the
   * platform repository's pull requests and its default branch (OIDC).
   * @default 'cicd-platform-plan'
   */
  planRoleName: IamRoleName.default('cicd-platform-plan'),
  /**
   * The account's administrators: they may assume the Terraform role (the first apply of the environment stack,
   * before its GitHub deploy role exists, and repairs) and the state role (to apply the access stack).
   * @default [] (the Terraform role trusts the GitHub deploy role only)
   */
  administratorRoleArns: z.array(IamRoleArn).default([]),
} as const;

/** The `platform` GitHub deployment environment of the platform repository, which deploy.yml's `platform` job runs in. */
export const PlatformEnvironmentSchema = z.strictObject({
  /** Teams that approve a deploy of the `platform` stack. @default [sourceControl.platformTeam] when it is set */
  reviewerTeams: z.array(TeamSlug).optional(),
  /** Users that approve a deploy of the `platform` stack. @default [] */
  reviewerUsers: z.array(GitHubLogin).default([]),
  /** Minutes GitHub waits before the job may start (0-43200). @default 0 */
  waitTimerMinutes: z.number().int().min(0).max(43200).default(0),
  /**
   * Deprecated: the `management-access` stack now creates the role the `platform` job logs in to
   * (`sourceControl.deployRoleName` in the management account) and the platform stack sets AWS_DEPLOY_ROLE_ARN to
   * it. Accepted only when it names exactly that role (a config error otherwise). @default unset
   */
  deployRoleArn: IamRoleArn.optional(),
});

export type PlatformEnvironmentConfig = z.output<typeof PlatformEnvironmentSchema>;
