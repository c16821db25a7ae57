import { DataGithubTeam } from '@cdktf/provider-github/lib/data-github-team';
import { DataGithubUser } from '@cdktf/provider-github/lib/data-github-user';
import {
  MIN_REVIEWS_TO_PRODUCTION,
  PLATFORM_ENVIRONMENT,
  approvingReviewsOf,
  isGithubHosted,
  platformDeployRoleArn,
  planEnvironments,
  platformReviewerTeams,
  type PlatformConfig,
  type ServiceConfig,
} from '../../model';
import {
  Construct,
  DEPLOY_VARIABLES,
  PLAN_APP,
  iamRoleArn,
  PLATFORM_REPOSITORY_CHECKS,
  serviceCheckName,
  type PrCheckPurpose,
} from '../../modules/core';
import { suppress } from '../../policies';
import { DefaultBranchProtection } from '../../modules/github-branch-protection';
import { DeploymentEnvironment, type DeploymentBranchPolicy } from '../../modules/github-deployment-environment';
import { GithubRepository, RepositoryTeamAccess, type TeamAccess } from '../../modules/github-repository';
import { GithubTeam } from '../../modules/github-team';
import type { EnvironmentStack } from '../environment-stack';
import type { PlatformStack } from '../platform-stack';
import type { EnvironmentServicesScope } from '../shared-resources';

/** The checks every service's pull-request builds report, and its default branch requires. */
export const SERVICE_PR_CHECKS: readonly PrCheckPurpose[] = ['build', 'unit-test', 'security-scan'];

/** Teams that approve any environment: they need read access to every repository they approve deploys of. */
function reviewerTeams(config: PlatformConfig): string[] {
  return [...new Set(config.environments.flatMap((env) => (env.approval.required ? env.approval.reviewerTeams : [])))].sort();
}

/** Add `pull` access for `slugs` not already granted. */
function withReaders(grants: TeamAccess[], slugs: readonly string[], teams: ReadonlyMap<string, GithubTeam>): TeamAccess[] {
  const granted = new Set(grants.map((g) => g.slug));
  const readers = slugs.filter((slug) => !granted.has(slug));
  return [...grants, ...readers.map((slug): TeamAccess => ({ slug, teamId: teamOf(teams, slug).id, permission: 'pull' }))];
}

/**
 * The id of GitHub user `login` (a reviewer of environments), looked up once per scope however many environments it
 * reviews there (the platform environment and the management account's plan environment share theirs).
 */
function githubUserId(scope: Construct, login: string): string {
  const id = `reviewer-${login.toLowerCase()}`;
  const found = scope.node.tryFindChild(id) as DataGithubUser | undefined;
  return (found ?? new DataGithubUser(scope, id, { username: login })).id;
}

function teamOf(teams: ReadonlyMap<string, GithubTeam>, slug: string): GithubTeam {
  const team = teams.get(slug);
  if (team === undefined) throw new Error(`team "${slug}" is not declared in organisation.sourceControl.teams`);
  return team;
}

/**
 * The platform stack's source control: the organisation's teams, one protected repository per service of
 * the catalogue (owner team `maintain`, CODEOWNERS, checks named as its PR builds report them), and the
 * protection and team access of the platform repository itself (which exists before any apply). Returns the
 * services' repositories by service name.
 */
export function composeSourceControl(stack: PlatformStack): ReadonlyMap<string, GithubRepository> {
  const { organisation, services } = stack.config;
  const { sourceControl, github } = organisation;
  const defaults = sourceControl.repositoryDefaults;
  const scope = new Construct(stack, 'source-control');
  const readers = reviewerTeams(stack.config);

  const teams = new Map<string, GithubTeam>(
    sourceControl.teams.map((team) => [team.slug, new GithubTeam(scope, `team-${team.slug}`, team)] as const),
  );

  // GitHub resources for GitHub-hosted services only (environments/service-source.ts)
  const repositories = new Map<string, GithubRepository>();
  for (const service of services.filter(isGithubHosted)) {
    const grants: TeamAccess[] = [
      { slug: service.team, teamId: teamOf(teams, service.team).id, permission: 'maintain' },
      ...service.github.teams.map(
        (access): TeamAccess => ({ slug: access.team, teamId: teamOf(teams, access.team).id, permission: access.permission }),
      ),
    ];
    const repository = new GithubRepository(scope, `repo-${service.name}`, {
      name: stack.model.service(service.name).repository,
      description: service.description,
      visibility: service.github.visibility ?? defaults.visibility,
      topics: [...new Set([...defaults.topics, ...service.github.topics])],
      mergeMethods: defaults.mergeMethods,
      secretScanning: defaults.secretScanning,
      secretScanningPushProtection: defaults.secretScanningPushProtection,
      defaultBranch: defaults.defaultBranch,
      codeOwners: [{ pattern: '*', owners: [`@${github.owner}/${service.team}`] }],
      teams: withReaders(grants, readers, teams),
      requiredApprovingReviewCount: approvingReviewsOf(service, stack.config),
      requiredStatusChecks: SERVICE_PR_CHECKS.map((purpose) => serviceCheckName(service.name, purpose)),
    });
    // PLAT-GIT-002 asks two reviews of a branch whose changes reach production; config may ask one of the others
    const { reach, reachesProduction } = stack.model.service(service.name);
    if (!reachesProduction && approvingReviewsOf(service, stack.config) < MIN_REVIEWS_TO_PRODUCTION) {
      suppress(
        repository.protection,
        'PLAT-GIT-002',
        `${service.name}'s pipeline never reaches production (it runs in: ${reach.join(', ') || 'no environment'}); environments/services.ts sets github.requiredApprovingReviewCount ${approvingReviewsOf(service, stack.config)}`,
      );
    }
    repositories.set(service.name, repository);
  }

  // The platform repository holds this code, so it exists already: protect it and grant access, no more.
  new DefaultBranchProtection(scope, 'platform-repo-protection', {
    repository: github.platformRepository,
    branch: defaults.defaultBranch,
    requiredApprovingReviewCount: defaults.requiredApprovingReviewCount,
    requiredStatusChecks: PLATFORM_REPOSITORY_CHECKS,
  });
  const platformGrants: TeamAccess[] =
    sourceControl.platformTeam === undefined
      ? []
      : [{ slug: sourceControl.platformTeam, teamId: teamOf(teams, sourceControl.platformTeam).id, permission: 'maintain' }];
  new RepositoryTeamAccess(scope, 'platform-repo-teams', {
    repository: github.platformRepository,
    // reviewers of the `platform` deployment environment must be able to read the repository
    teams: withReaders(platformGrants, [...new Set([...readers, ...platformReviewerTeams(organisation)])].sort(), teams),
  });
  composePlatformEnvironment(stack, scope, teams);
  composePlanEnvironments(stack, scope, teams);
  return repositories;
}

/**
 * The platform repository's plan environments (model/plan-environments.ts), each holding the id of the read-only
 * GitHub App (`github.planAppId`) and, set by an administrator, its private key. A scope's plan role trusts its own
 * environments' OIDC subjects alone (stacks/compose/access.ts). `plan-<scope>` is open to any branch (a pull request
 * plans from its own); production's and the management account's require their reviewers (production's approvers,
 * the `platform` environment's reviewers), who may not approve their own run, so a branch that edits its workflow
 * reaches those accounts' state only through them. Those two scopes' `plan-<scope>-main` has no reviewers and admits
 * the default branch alone (deploy.yml's and drift.yml's plans).
 */
function composePlanEnvironments(stack: PlatformStack, scope: Construct, teams: ReadonlyMap<string, GithubTeam>): void {
  const { github } = stack.config.organisation;
  const { planAppId } = github;
  for (const plan of planEnvironments(stack.config)) {
    // the pull request's environment keeps the id it had before the `-main` ones existed
    new DeploymentEnvironment(scope, plan.branch === undefined ? `plan-environment-${plan.scope}` : `main-plan-environment-${plan.scope}`, {
      repository: github.platformRepository,
      environment: plan.name,
      branchPolicy: plan.branch === undefined ? { kind: 'any-branch' } : { kind: 'branches', patterns: [plan.branch] },
      reviewerTeamIds: plan.reviewerTeams.map((slug) => teamOf(teams, slug).id),
      reviewerUserIds: plan.reviewerUsers.map((login) => githubUserId(scope, login)),
      variables: planAppId === undefined ? {} : { [PLAN_APP.appIdVariable]: String(planAppId) },
    });
  }
}

/**
 * The platform repository's `platform` deployment environment, which deploy.yml's `platform` job runs in:
 * reviewers from `platformEnvironment` (by default the platform team), deployable from the default branch
 * only, with AWS_REGION (the management account's) and AWS_DEPLOY_ROLE_ARN, the deploy role the
 * `management-access` stack creates for it.
 */
function composePlatformEnvironment(stack: PlatformStack, scope: Construct, teams: ReadonlyMap<string, GithubTeam>): void {
  const { organisation } = stack.config;
  const settings = organisation.platformEnvironment;
  const variables: Record<string, string> = {
    [DEPLOY_VARIABLES.region]: organisation.management.region,
    [DEPLOY_VARIABLES.deployRoleArn]: platformDeployRoleArn(organisation),
  };
  new DeploymentEnvironment(scope, 'platform-environment', {
    repository: organisation.github.platformRepository,
    environment: PLATFORM_ENVIRONMENT,
    reviewerTeamIds: platformReviewerTeams(organisation).map((slug) => teamOf(teams, slug).id),
    reviewerUserIds: settings.reviewerUsers.map((login) => githubUserId(scope, login)),
    waitTimerMinutes: settings.waitTimerMinutes,
    branchPolicy: { kind: 'branches', patterns: [organisation.sourceControl.repositoryDefaults.defaultBranch] },
    variables,
  });
}

/** What every GitHub deployment environment of one environment shares: reviewers, branch policy, wait timer. */
function deploymentEnvironmentDefaults(stack: EnvironmentServicesScope, scope: Construct) {
  const { config, environment } = stack;
  const { sourceControl } = config.organisation;
  const { approval } = environment;
  const reviewerTeamIds = approval.required
    ? approval.reviewerTeams.map((slug) => new DataGithubTeam(scope, `team-${slug}`, { slug, summaryOnly: true }).id)
    : [];
  const reviewerUserIds = approval.required ? approval.reviewerUsers.map((login) => githubUserId(scope, login)) : [];
  // Production deploys only from protected branches; earlier environments from the default branch.
  const branchPolicy: DeploymentBranchPolicy = stack.env.production
    ? { kind: 'protected-branches' }
    : { kind: 'branches', patterns: [sourceControl.repositoryDefaults.defaultBranch] };
  return {
    environment: environment.name,
    reviewerTeamIds,
    reviewerUserIds,
    waitTimerMinutes: approval.waitTimerMinutes,
    branchPolicy,
  };
}

/**
 * The services of the stack that get this environment's GitHub deployment environment in their repository:
 * those on GitHub (the others have no GitHub repository) whose pipeline deploys here (model: `reaches`). A
 * service whose pipeline stops in an earlier environment (a basic, gated or infra-app one) has none here.
 */
function deployingServices(stack: EnvironmentServicesScope): ServiceConfig[] {
  return stack.services.filter((service) => isGithubHosted(service) && stack.model.service(service.name).reaches(stack.environment.name));
}

/** This environment's GitHub deployment environment in the repository of every service the stack owns that deploys here. */
function serviceDeploymentEnvironments(
  stack: EnvironmentServicesScope,
  scope: Construct,
  common: ReturnType<typeof deploymentEnvironmentDefaults>,
): void {
  // Service repositories get no deploy role: its trust admits the platform repository alone.
  for (const service of deployingServices(stack)) {
    new DeploymentEnvironment(scope, `repo-${service.name}`, {
      ...common,
      repository: stack.model.service(service.name).repository,
      variables: { [DEPLOY_VARIABLES.region]: stack.environment.account.region },
    });
  }
}

/**
 * An environment stack's deploy access: this environment's GitHub deployment environment in the platform repository and the repository of every service the stack owns (reviewers, branch policy,
 * wait timer, variables; `AWS_DEPLOY_ROLE_ARN` names the deploy role the access stack creates). Team and user ids are looked up by slug and login: no reference to the platform
 * stack's state.
 */
export function composeDeployAccess(stack: EnvironmentStack): void {
  const { config, environment, partition } = stack;
  const { github, sourceControl } = config.organisation;
  const scope = new Construct(stack, 'deploy-access');

  // the deploy role belongs to the access stack (stacks/compose/access.ts), out of the Terraform role's reach
  const deployRoleArn = iamRoleArn(partition, environment.account.id, sourceControl.deployRoleName);

  const common = deploymentEnvironmentDefaults(stack, scope);
  new DeploymentEnvironment(scope, 'platform-repo', {
    ...common,
    repository: github.platformRepository,
    variables: { [DEPLOY_VARIABLES.region]: environment.account.region, [DEPLOY_VARIABLES.deployRoleArn]: deployRoleArn },
  });
  serviceDeploymentEnvironments(stack, scope, common);
}

/**
 * A split-out stack's deploy access: this environment's GitHub deployment environment in the repository of
 * each service it owns, at the address the environment stack would give it (`deploy-access/repo-<service>`),
 * with the reviewers looked up again here. The deploy role and the platform repository's environment stay in
 * the environment stack.
 */
export function composeServiceDeployAccess(stack: EnvironmentServicesScope): void {
  // no reviewer look-ups for a stack none of whose services deploys in this environment
  if (deployingServices(stack).length === 0) return;
  const scope = new Construct(stack, 'deploy-access');
  serviceDeploymentEnvironments(stack, scope, deploymentEnvironmentDefaults(stack, scope));
}
