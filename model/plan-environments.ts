/**
 * The platform repository's plan environments: per read-only state scope (the management account's, and each
 * environment's account), each trusted by that scope's plan role alone. A pull request's workflow is the pull
 * request's own file, so any branch can name any plan environment: what a branch cannot pass is a reviewer, or a
 * deployment branch policy. Production's plan environment and the management account's therefore require the
 * people who approve production and the `platform` stack (never the author of the run); the others have none, so
 * a branch reads at most a lower environment's state. Those two scopes have a second plan environment,
 * `plan-<scope>-main`, without reviewers but open to the default branch alone, for the plans that run from it
 * (deploy.yml, drift.yml): a merge's plan and the scheduled drift check then wait for nobody, and a pull request
 * cannot enter it (GitHub evaluates a `pull_request` job against `refs/pull/<n>/merge`, never the default branch).
 */
import type { PlatformConfig } from '../environments/schema';
import { platformReviewerTeams } from './access-checks';
import { planEnvironmentName, planMainEnvironmentName } from './names';
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
  /**
   * The only branch whose jobs may enter it (its deployment branch policy): the default branch, for the
   * `plan-<scope>-main` environment of a reviewed scope; undefined for a pull request's plan environment, which any
   * branch may enter (a pull request plans from its own).
   */
  readonly branch?: string;
}

/**
 * Every plan environment, in the order of `stateReadScopes`: `plan-management`, reviewed by the `platform`
 * environment's reviewers (`platformEnvironment`, by default the platform team); `plan-<production>`, reviewed
 * by production's approvers (`approval.reviewerTeams` / `reviewerUsers`); one without reviewers per other
 * environment. Each reviewed one is followed by its scope's `plan-<scope>-main`: no reviewers, the default
 * branch (`sourceControl.repositoryDefaults.defaultBranch`) alone.
 */
export function planEnvironments(config: PlatformConfig): PlanEnvironment[] {
  const { defaultBranch } = config.organisation.sourceControl.repositoryDefaults;
  return pullRequestPlanEnvironments(config).flatMap((plan): PlanEnvironment[] =>
    !isReviewedScope(config, plan.scope)
      ? [plan]
      : [
          plan,
          {
            scope: plan.scope,
            name: planMainEnvironmentName(plan.scope),
            reviewerTeams: [],
            reviewerUsers: [],
            reviewersFrom: `none: the default branch ("${defaultBranch}") alone, whose workflows were reviewed when merged`,
            branch: defaultBranch,
          },
        ],
  );
}

/** Whether `scope`'s pull request plan environment needs reviewers: the management account's and production's. */
const isReviewedScope = (config: PlatformConfig, scope: string): boolean =>
  scope === MANAGEMENT_SCOPE || scope === productionOf(config.environments).name;

/** The plan environment of each scope that any branch may enter (a pull request's), reviewed where the scope is. */
function pullRequestPlanEnvironments(config: PlatformConfig): PlanEnvironment[] {
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

/** Every plan environment of read-only state scope `scope` (the ones its plan role trusts), or an error naming it. */
export function planEnvironmentsOf(config: PlatformConfig, scope: string): PlanEnvironment[] {
  const found = planEnvironments(config).filter((env) => env.scope === scope);
  if (found.length === 0) throw new Error(`plan-environments: no plan environment serves the state scope "${scope}"`);
  return found;
}

/** The plan environment a pull request's plan of scope `scope` runs in (pr.yml): any branch may enter it. */
export function planEnvironmentOf(config: PlatformConfig, scope: string): PlanEnvironment {
  return planEnvironmentsOf(config, scope).find((env) => env.branch === undefined)!;
}

/**
 * The plan environment the default branch's plans of scope `scope` run in (deploy.yml, drift.yml): its
 * `plan-<scope>-main` where the scope is reviewed, else the same as a pull request's.
 */
export function mainPlanEnvironmentOf(config: PlatformConfig, scope: string): PlanEnvironment {
  const all = planEnvironmentsOf(config, scope);
  return all.find((env) => env.branch !== undefined) ?? all[0];
}
