import type { PlatformConfig, ServiceConfig } from '../environments/schema';
import { repositoryOf } from './names';
import { reachesProduction } from './pipelines';
import { productionOf } from './promotion';

/** Approving reviews a repository needs at least: 2 where its changes reach production, 1 otherwise. */
export const MIN_REVIEWS_TO_PRODUCTION = 2;
export const MIN_REVIEWS = 1;

/** GitHub accepts at most six reviewers (users and teams together) on a deployment environment. */
export const MAX_ENVIRONMENT_REVIEWERS = 6;

const ORGANISATION_FILE = 'environments/organisation.ts';
const SERVICES_FILE = 'environments/services.ts';

/** The approving reviews a service repository's default branch requires. */
export function approvingReviewsOf(service: ServiceConfig, config: Pick<PlatformConfig, 'organisation'>): number {
  return service.github.requiredApprovingReviewCount ?? config.organisation.sourceControl.repositoryDefaults.requiredApprovingReviewCount;
}

function known(slugs: readonly string[]): string {
  return slugs.length === 0 ? 'none are declared' : `declared: ${slugs.join(', ')}`;
}

/**
 * Check what spans files for source control: every team a service, an environment or the platform
 * repository names is declared in `sourceControl.teams`; review counts meet the minimum of a repository
 * that reaches production; repository names are unique; environments have at most six reviewers.
 * Returns the problems, each naming file, service or environment, field and what is allowed.
 */
export function sourceControlProblems(config: PlatformConfig): string[] {
  const { organisation, environments, services } = config;
  const sourceControl = organisation.sourceControl;
  const slugs = sourceControl.teams.map((t) => t.slug);
  const teamSet = new Set(slugs);
  const problems: string[] = [];
  const unknownTeam = (where: string, field: string, slug: string) =>
    `${where}: ${field}: names team "${slug}", which is not in organisation.sourceControl.teams (${ORGANISATION_FILE}; ${known(slugs)}); declare the team there or use one of them`;

  const repeated = slugs.filter((s, i) => slugs.indexOf(s) !== i);
  if (repeated.length > 0) {
    problems.push(`${ORGANISATION_FILE}: sourceControl.teams: declares team "${repeated[0]}" more than once; each team appears once`);
  }
  if (sourceControl.platformTeam !== undefined && !teamSet.has(sourceControl.platformTeam)) {
    problems.push(unknownTeam(ORGANISATION_FILE, 'sourceControl.platformTeam', sourceControl.platformTeam));
  }

  // The platform repository deploys every environment, production included.
  const defaults = sourceControl.repositoryDefaults.requiredApprovingReviewCount;
  if (defaults < MIN_REVIEWS_TO_PRODUCTION) {
    problems.push(
      `${ORGANISATION_FILE}: sourceControl.repositoryDefaults.requiredApprovingReviewCount: must be at least ${MIN_REVIEWS_TO_PRODUCTION}, since the platform repository "${organisation.github.platformRepository}" deploys production (got ${defaults})`,
    );
  }

  const repositories = new Map<string, string>([[organisation.github.platformRepository.toLowerCase(), 'the platform repository']]);
  for (const service of services) {
    const where = `${SERVICES_FILE} (service "${service.name}")`;
    if (!teamSet.has(service.team)) problems.push(unknownTeam(where, 'team', service.team));
    service.github.teams.forEach((access, index) => {
      if (!teamSet.has(access.team)) problems.push(unknownTeam(where, `github.teams[${index}].team`, access.team));
      if (access.team === service.team) {
        problems.push(
          `${where}: github.teams[${index}].team: "${access.team}" owns the service and has maintain access already; remove the entry`,
        );
      }
    });

    const toProduction = reachesProduction(service, organisation);
    const minimum = toProduction ? MIN_REVIEWS_TO_PRODUCTION : MIN_REVIEWS;
    const count = approvingReviewsOf(service, config);
    if (service.github.requiredApprovingReviewCount !== undefined && count < minimum) {
      const why = toProduction
        ? `since the service's pipeline reaches production ("${productionOf(environments).name}")`
        : 'the least a protected branch takes';
      problems.push(`${where}: github.requiredApprovingReviewCount: must be at least ${minimum}, ${why} (got ${count})`);
    }

    const repository = repositoryOf(service);
    const other = repositories.get(repository.toLowerCase());
    if (other !== undefined) {
      problems.push(
        `${where}: repository: "${repository}" is already the repository of ${other}; each service has a repository of its own`,
      );
    }
    repositories.set(repository.toLowerCase(), `service "${service.name}"`);
  }

  for (const env of environments) {
    const where = `environments/${env.name}.ts (environment "${env.name}")`;
    env.approval.reviewerTeams.forEach((slug, index) => {
      if (!teamSet.has(slug)) problems.push(unknownTeam(where, `approval.reviewerTeams[${index}]`, slug));
    });
    const reviewers = env.approval.reviewerTeams.length + env.approval.reviewerUsers.length;
    if (reviewers > MAX_ENVIRONMENT_REVIEWERS) {
      problems.push(
        `${where}: approval: names ${reviewers} reviewers (teams and users); a GitHub deployment environment accepts at most ${MAX_ENVIRONMENT_REVIEWERS}`,
      );
    }
  }
  return problems;
}
