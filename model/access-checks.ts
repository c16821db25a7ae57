import type { EnvironmentConfig, Organisation } from '../environments/schema';
import { accessStackName, planEnvironmentName } from './names';
import { MANAGEMENT_SCOPE } from './state-access';

/**
 * Cross-field checks of each environment's account access: the plan role, the Terraform role and the GitHub
 * deploy role are three different roles, and no stack group takes the name of the access stack.
 */
export function accountAccessProblems(organisation: Organisation, environments: readonly EnvironmentConfig[]): string[] {
  const problems: string[] = [];
  for (const env of environments) {
    const where = `environments/${env.name}.ts (environment "${env.name}")`;
    const { planRoleName, deployRoleName } = env.account;
    if (planRoleName === deployRoleName) {
      problems.push(`${where}: account.planRoleName: must differ from account.deployRoleName ("${deployRoleName}"): plans run read-only`);
    }
    if (planRoleName === organisation.sourceControl.deployRoleName || deployRoleName === organisation.sourceControl.deployRoleName) {
      problems.push(
        `${where}: account.planRoleName and account.deployRoleName: must differ from organisation.sourceControl.deployRoleName ("${organisation.sourceControl.deployRoleName}"), the GitHub deploy role`,
      );
    }
    if (env.stackGroups.some((group) => group.name === 'access')) {
      problems.push(`${where}: stackGroups: "access" is taken by the stack ${accessStackName(env.name)}; name the group otherwise`);
    }
  }
  const declared = new Set(organisation.sourceControl.teams.map((team) => team.slug));
  const unknown = (organisation.platformEnvironment.reviewerTeams ?? []).filter((slug) => !declared.has(slug));
  if (unknown.length > 0) {
    problems.push(
      `environments/organisation.ts: platformEnvironment.reviewerTeams: ${unknown.map((u) => `"${u}"`).join(', ')} not declared in sourceControl.teams (declared: ${[...declared].sort().join(', ') || 'none'})`,
    );
  }
  const { reviewerUsers } = organisation.platformEnvironment;
  const reviewers = platformReviewerTeams(organisation).length + reviewerUsers.length;
  if (reviewers > 6) {
    problems.push("environments/organisation.ts: platformEnvironment: at most 6 reviewers (teams and users together), GitHub's limit");
  }
  if (reviewers === 0) {
    problems.push(
      `environments/organisation.ts: platformEnvironment: needs a reviewer (reviewerTeams, reviewerUsers, or sourceControl.platformTeam): they approve the platform stack's deploys and every pull request's plan of the management account (the ${planEnvironmentName(MANAGEMENT_SCOPE)} environment), which reads its state`,
    );
  }
  return problems;
}

/** The teams that approve deploys of the `platform` stack: `platformEnvironment.reviewerTeams`, or the platform team. */
export function platformReviewerTeams(organisation: Organisation): string[] {
  const { platformEnvironment, sourceControl } = organisation;
  return platformEnvironment.reviewerTeams ?? (sourceControl.platformTeam === undefined ? [] : [sourceControl.platformTeam]);
}
