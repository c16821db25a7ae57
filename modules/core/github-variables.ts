/**
 * Names of the GitHub Actions variables each deployment environment carries: the contract between the
 * environment stacks (which set them) and this repository's deploy workflows (which read `vars.<NAME>`).
 * Values are never secrets.
 */
export const DEPLOY_VARIABLES = {
  /** The environment's AWS region. */
  region: 'AWS_REGION',
  /** ARN of the role the deploy workflow assumes by OIDC in the environment's account. */
  deployRoleArn: 'AWS_DEPLOY_ROLE_ARN',
} as const;

/**
 * The `plan` environment's contract with every plan job: the read-only GitHub App the GitHub provider reads
 * with (teams, users, repository settings) instead of the job token, which cannot read an organisation.
 */
export const PLAN_APP = {
  /** Variable: the App's id (the platform stack sets it from `github.planAppId`). */
  appIdVariable: 'PLAN_APP_ID',
  /** Environment secret: the App's private key (an administrator sets it; never in config). */
  privateKeySecret: 'PLAN_APP_PRIVATE_KEY',
} as const;
