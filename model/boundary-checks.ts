import {
  boundaryAllows,
  boundaryDocument,
  SCOPABLE_SERVICES,
  serviceResourceArns,
  type BoundaryScope,
  type BoundaryStatement,
} from '../modules/core';
import type { EnvironmentConfig, Organisation, PlatformConfig } from '../environments/schema';
import { FILE } from '../environments';
import { resolveInfrastructure } from './infrastructure';
import { codeArtifactLocation, serviceResourcePrefix } from './names';

/** The names the permissions boundary of `accountId` allows resources by: the same for the construct and the checks. */
export function boundaryScope(organisation: Organisation, accountId: string): BoundaryScope {
  return {
    partition: organisation.partition,
    accountId,
    prefix: organisation.prefix,
    codeArtifact: codeArtifactLocation(organisation),
  };
}

/** The boundary's statements in `accountId`, as the access stack will create them (the approval denial aside: a service's actions are never IAM's or CodePipeline's). */
function boundaryStatementsOf(organisation: Organisation, accountId: string): readonly BoundaryStatement[] {
  return boundaryDocument({
    scope: boundaryScope(organisation, accountId),
    additionalActions: organisation.permissionsBoundary.additionalActions,
    deniedActions: [],
  }).statements;
}

/** The boundary's statements per account, each built once however many actions are checked against it. */
type StatementsOf = (accountId: string) => readonly BoundaryStatement[];

/** The first environment whose boundary refuses `action` on one of the service's resources, with that resource. */
function refusal(
  config: PlatformConfig,
  statementsOf: StatementsOf,
  service: string,
  action: string,
): { env: EnvironmentConfig; arn: string } | undefined {
  const { organisation } = config;
  for (const env of config.environments) {
    const statements = statementsOf(env.account.id);
    const arns = serviceResourceArns([action.split(':')[0]], {
      partition: organisation.partition,
      region: env.account.region,
      accountId: env.account.id,
      namePrefix: serviceResourcePrefix(organisation.prefix, service),
    });
    const arn = arns.find((a) => !boundaryAllows(statements, action, a));
    if (arn !== undefined) return { env, arn };
  }
  return undefined;
}

/**
 * Every action a service's infrastructure declares (`actions`, given to its own plan and apply roles, which carry the
 * permissions boundary) must be one the boundary allows on the service's resources (`<prefix>-<service>-*`), in each
 * environment's account: else the role is created and fails at apply time. Actions of a service that cannot be scoped
 * by name are reported by infrastructureProblems (model/infrastructure.ts).
 */
export function declaredActionProblems(config: PlatformConfig): string[] {
  const { organisation } = config;
  const byAccount = new Map<string, readonly BoundaryStatement[]>();
  const statementsOf: StatementsOf = (accountId) => {
    if (!byAccount.has(accountId)) byAccount.set(accountId, boundaryStatementsOf(organisation, accountId));
    return byAccount.get(accountId)!;
  };
  return config.services.flatMap((service) => {
    const first = config.environments.map((env) => resolveInfrastructure(service, env, organisation)).find((r) => r !== undefined);
    if (first === undefined) return [];
    const block = first.field === 'pipeline.infrastructure' ? service.pipeline?.infrastructure : service.pipeline?.deploy;
    const declared: readonly string[] = block !== undefined && 'actions' in block ? block.actions : first.actions;
    return declared.flatMap((action, index) => {
      if (!SCOPABLE_SERVICES.includes(action.split(':')[0]) || declared.indexOf(action) !== index) return [];
      const refused = refusal(config, statementsOf, service.name, action);
      if (refused === undefined) return [];
      // an action the config adds to the boundary is allowed on `<prefix>-*` names of its service, the service's among them
      const fix = `add it to organisation.permissionsBoundary.additionalActions in ${FILE.organisation} (the boundary then allows it on "${organisation.prefix}-*" names, the service's among them), or remove it`;
      return [
        `${FILE.services} (service "${service.name}"): ${first.field}.actions[${index}]: "${action}" is not allowed by the permissions boundary on the service's resources (${refused.arn}, environment "${refused.env.name}"); ${fix}`,
      ];
    });
  });
}

/**
 * The state bucket and lock table are reached by roles that carry the boundary, which allows S3 and DynamoDB on the
 * platform's names only (`<prefix>-*`): their configured names must be such names.
 */
export function stateBackendNameProblems(organisation: Organisation): string[] {
  const { bucketName, lockTableName, locking } = organisation.stateBackend;
  const wanted = `${organisation.prefix}-`;
  const problems: string[] = [];
  const check = (field: string, name: string, what: string) => {
    if (!name.startsWith(wanted)) {
      problems.push(
        `${FILE.organisation}: stateBackend.${field}: "${name}" must start with "${wanted}": the permissions boundary of the state roles allows ${what} named "${wanted}*" only; rename it`,
      );
    }
  };
  check('bucketName', bucketName, 'buckets');
  if (locking !== 's3') check('lockTableName', lockTableName, 'tables');
  return problems;
}

/**
 * The roles a service's config names for the platform's roles to pass (the ECS task roles CodeDeploy and the ECS
 * deploy action hand to ECS, the CloudFormation execution role a pipeline hands to CloudFormation) must be the
 * platform's names (`<prefix>-*`): the permissions boundary those roles carry lets them pass no other role, so any
 * other name synthesizes and then fails on the first deployment (iam:PassRole denied).
 */
export function passedRoleNameProblems(config: PlatformConfig): string[] {
  const wanted = `${config.organisation.prefix}-`;
  return config.services.flatMap((service) => {
    const named: [field: string, name: string][] = [];
    if (service.deploy?.target === 'ecs') service.deploy.taskRoleNames.forEach((n, i) => named.push([`deploy.taskRoleNames[${i}]`, n]));
    const pipelineDeploy = service.pipeline?.deploy;
    if (pipelineDeploy?.type === 'cloudformation') named.push(['pipeline.deploy.executionRoleName', pipelineDeploy.executionRoleName]);
    return named
      .filter(([, name]) => !name.startsWith(wanted))
      .map(
        ([field, name]) =>
          `${FILE.services} (service "${service.name}"): ${field}: "${name}" must start with "${wanted}": the platform's roles pass it, and their permissions boundary lets them pass only roles named "${wanted}*"; rename the role (e.g. "${wanted}${name}")`,
      );
  });
}

/**
 * `organisation.permissionsBoundary.additionalActions` may not add `iam:PassRole`: the boundary already allows it on
 * the platform's roles (`<prefix>-*`) only, and config actions land on `*`, where passing any role of the account
 * (an administrator's among them) to a service the bounded role controls is the way out of the boundary.
 */
export function additionalActionProblems(organisation: Organisation): string[] {
  return organisation.permissionsBoundary.additionalActions.flatMap((action, index) =>
    action.toLowerCase() === 'iam:passrole'
      ? [
          `${FILE.organisation}: permissionsBoundary.additionalActions[${index}]: "${action}" may not be added: the boundary allows it on the platform's roles ("${organisation.prefix}-*") only, and on "*" any bounded role could pass an administrator's role to a service it controls; name the role the platform passes "${organisation.prefix}-*" instead, and remove the entry`,
        ]
      : [],
  );
}
