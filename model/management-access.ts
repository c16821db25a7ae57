import type { EnvironmentConfig, Organisation } from '../environments/schema';
import { MANAGEMENT_ACCESS_STACK, accessStackName, platformDeployRoleArn } from './names';

/**
 * Cross-field checks of the management account's access: its Terraform role, plan role, `platform` deploy role,
 * state role, read-only state role and (when it lives there) the CodeArtifact release role are different roles; no environment shares the account (both access stacks would create
 * its OIDC provider) or is named `management` (its access stack would be `management-access`); a leftover
 * `platformEnvironment.deployRoleArn` names the role the stack creates.
 */
export function managementAccessProblems(organisation: Organisation, environments: readonly EnvironmentConfig[]): string[] {
  const file = 'environments/organisation.ts';
  const problems: string[] = [];
  const { management, sourceControl, stateBackend, platformEnvironment } = organisation;
  const roles: [string, string][] = [
    ['management.deployRoleName', management.deployRoleName],
    ['management.planRoleName', management.planRoleName],
    ['sourceControl.deployRoleName', sourceControl.deployRoleName],
    ['stateBackend.roleName', stateBackend.roleName],
    ['stateBackend.readRoleName', stateBackend.readRoleName],
  ];
  // the release role lives in the management account unless configured elsewhere (stacks/compose/package-release.ts)
  const { releaseRole } = organisation.codeArtifact;
  if ((releaseRole.accountId ?? management.accountId) === management.accountId) {
    roles.push(['codeArtifact.releaseRole.roleName', releaseRole.roleName]);
  }
  roles.forEach(([field, name], index) => {
    const earlier = roles.slice(0, index).find(([, other]) => other === name);
    if (earlier !== undefined) {
      problems.push(
        `${file}: ${field}: must differ from ${earlier[0]} ("${name}"): the management account's Terraform, plan, platform deploy, state, read-only state and release roles differ`,
      );
    }
  });
  for (const env of environments) {
    const where = `environments/${env.name}.ts (environment "${env.name}")`;
    if (env.account.id === management.accountId) {
      problems.push(
        `${where}: account.id: ${env.account.id} is the management account (organisation.management.accountId); an environment lives in an account of its own`,
      );
    }
    if (accessStackName(env.name) === MANAGEMENT_ACCESS_STACK) {
      problems.push(
        `${file}: promotionOrder: "${env.name}" would name its access stack ${MANAGEMENT_ACCESS_STACK}, which is taken; name the environment otherwise`,
      );
    }
  }
  const expected = platformDeployRoleArn(organisation);
  if (platformEnvironment.deployRoleArn !== undefined && platformEnvironment.deployRoleArn !== expected) {
    problems.push(
      `${file}: platformEnvironment.deployRoleArn: the ${MANAGEMENT_ACCESS_STACK} stack creates the platform deploy role ${expected}; remove the field (got "${platformEnvironment.deployRoleArn}")`,
    );
  }
  return problems;
}
