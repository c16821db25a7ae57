/**
 * The platform repository's plan environments: one per plan role, i.e. per read-only state scope (the management
 * account's, and each environment's account), each trusted by its own plan role alone. A pull request's workflow
 * is the pull request's own file, so any branch can name any plan environment: what a branch cannot pass is a
 * reviewer. Production's plan environment and the management account's therefore require the people who approve
 * production and the `platform` stack (never the author of the run); the others have none, so a branch reads at
 * most a lower environment's state.
 */
import type { PlatformConfig } from '../environments/schema';
import { platformReviewerTeams } from './access-checks';
import { planEnvironmentName } from './names';
import { productionOf } from './promotion';
import { MANAGEMENT_SCOPE, stateReadScopes } from './state-access';

/** One plan environment: its scope, its name and who must approve each job that runs in it. */
export interface PlanEnvironment {
  /** The read-only state scope (and plan role) it serves: `management` or an environment's name. */
  readonly scope: string;
  /** Its GitHub environment name: `plan-<scope>` (model/names.ts). */
  readonly name: string;
  /** Teams (slugs) that must approve each plan in it; empty below production. */
  readonly reviewerTeams: readonly string[];
  /** Users (logins) that must approve each plan in it; empty below production. */
  readonly reviewerUsers: readonly string[];
  /** Where the reviewers come from, for documentation: the config field, or why there are none. */
  readonly reviewersFrom: string;
}

/**
 * Every plan environment, in the order of `stateReadScopes`: `plan-management`, reviewed by the `platform`
 * environment's reviewers (`platformEnvironment`, by default the platform team); `plan-<production>`, reviewed
 * by production's approvers (`approval.reviewerTeams` / `reviewerUsers`); one without reviewers per other
 * environment.
 */
export function planEnvironments(config: PlatformConfig): PlanEnvironment[] {
  const { organisation } = config;
  const production = productionOf(config.environments);
  return stateReadScopes(config).map(({ name: scope }): PlanEnvironment => {
    const name = planEnvironmentName(scope);
    if (scope === MANAGEMENT_SCOPE) {
      return {
        scope,
        name,
        reviewerTeams: platformReviewerTeams(organisation),
        reviewerUsers: organisation.platformEnvironment.reviewerUsers,
        reviewersFrom: 'environments/organisation.ts platformEnvironment (the reviewers of the platform stack)',
      };
    }
    if (scope === production.name) {
      return {
        scope,
        name,
        reviewerTeams: production.approval.reviewerTeams,
        reviewerUsers: production.approval.reviewerUsers,
        reviewersFrom: `environments/${production.name}.ts approval (production's approvers)`,
      };
    }
    return { scope, name, reviewerTeams: [], reviewerUsers: [], reviewersFrom: 'none: below production' };
  });
}

/** The plan environment of read-only state scope `scope`, or an error naming it. */
export function planEnvironmentOf(config: PlatformConfig, scope: string): PlanEnvironment {
  const found = planEnvironments(config).find((env) => env.scope === scope);
  if (found === undefined) throw new Error(`plan-environments: no plan environment serves the state scope "${scope}"`);
  return found;
}
