/**
 * The GitHub credentials of every plan job (pull request, drift, deploy.yml's plans): an installation token of
 * the read-only GitHub App, minted in the job from the key of its plan environment (`plan-<scope>`), with read permissions only,
 * and exactly those the GitHub provider needs to refresh what the platform manages. The job's own token
 * cannot read an organisation's teams or a repository's protection, and the write token
 * (`PLATFORM_GITHUB_TOKEN`) never reaches configuration synthesized from a pull request's branch.
 */
import { isGithubHosted, repositoryOf, type PlatformConfig } from '../../model';
import { PLAN_APP } from '../../modules/core/github-variables';

/**
 * What the GitHub provider reads, per Terraform type it manages or looks up, as GitHub App permissions
 * (`permission-<name>: read` of actions/create-github-app-token). A type missing here fails
 * __tests__/workflows (every GitHub type the output holds must be listed), so a new module cannot be planned
 * with a token that lacks its permission.
 */
export const GITHUB_READ_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  github_actions_environment_variable: ['environments'],
  github_branch_default: ['metadata'],
  github_branch_protection: ['administration'],
  github_repository: ['administration', 'metadata'],
  github_repository_environment: ['actions', 'administration'],
  github_repository_environment_deployment_policy: ['actions', 'administration'],
  github_repository_file: ['contents'],
  github_repository_ruleset: ['administration'],
  github_team: ['members'],
  github_team_repository: ['members', 'metadata'],
  // data sources
  github_team_data: ['members'],
  github_user_data: ['metadata'],
};

/** The key of a data source's entry in GITHUB_READ_PERMISSIONS (`github_team` read as data: `github_team_data`). */
export const dataKey = (type: string) => `${type}_data`;

/** The union of the table: the permission inputs of the token step, each `read`. */
export function readPermissionInputs(): Record<string, 'read'> {
  const names = new Set(Object.values(GITHUB_READ_PERMISSIONS).flat());
  return Object.fromEntries([...names].sort().map((name) => [`permission-${name}`, 'read' as const]));
}

/** The id of the token step: the plan step reads `steps.<id>.outputs.token`. */
export const PLAN_TOKEN_STEP = 'github-read-token';

/** The plan step's GITHUB_TOKEN (the GitHub provider reads it). */
export const PLAN_GITHUB_TOKEN = `\${{ steps.${PLAN_TOKEN_STEP}.outputs.token }}`;

/** A step that fails with the fix when the job's plan environment has no App id (config `github.planAppId`). */
export function planAppCheckStep(): Record<string, unknown> {
  return {
    name: 'the plan environment names the read-only GitHub App',
    env: { PLAN_APP_ID: `\${{ vars.${PLAN_APP.appIdVariable} }}` },
    run: [
      'if [ -z "$PLAN_APP_ID" ]; then',
      `  echo "::error::the job's plan environment has no ${PLAN_APP.appIdVariable}: set github.planAppId in environments/organisation.ts and apply the platform stack, and put the App's key in the secret ${PLAN_APP.privateKeySecret} of every plan environment (docs/workflows.md, The plan environment)"`,
      '  exit 1',
      'fi',
    ].join('\n'),
  };
}

/**
 * The repositories the platform manages, so the token reaches no other repository of the installation: the
 * platform repository and every GitHub-hosted service's (sorted, unique).
 */
export function managedRepositories(config: PlatformConfig): string[] {
  const services = config.services.filter(isGithubHosted).map(repositoryOf);
  return [...new Set([config.organisation.github.platformRepository, ...services])].sort();
}

/** The token step, given the pinned action reference and the repositories it may read. */
export function planTokenStep(action: unknown, repositories: readonly string[]): Record<string, unknown> {
  return {
    name: 'read-only GitHub App token for the GitHub provider',
    id: PLAN_TOKEN_STEP,
    uses: action,
    with: {
      'app-id': `\${{ vars.${PLAN_APP.appIdVariable} }}`,
      'private-key': `\${{ secrets.${PLAN_APP.privateKeySecret} }}`,
      owner: '${{ github.repository_owner }}',
      repositories: repositories.join(','),
      ...readPermissionInputs(),
    },
  };
}
