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
