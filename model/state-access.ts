import type { EnvironmentConfig, Organisation, PlatformConfig } from '../environments/schema';
import { iamRoleArn } from '../modules/core';
import { BOOTSTRAP_STACK, MANAGEMENT_ACCESS_STACK, PLATFORM_STACK, accessStackName } from './names';
import { planServiceStacks } from './stack-groups';
import { resolveInfrastructure } from './infrastructure';
import { reachOf } from './pipelines';

/**
 * Who may write which state: each scope is a read-write state role of the management account that writes the
 * state keys (and lock entries) of its stacks only, trusted by the principals that apply those stacks.
 * Plans never use these (they read through the read-only roles of `stateReadScopes`).
 */
export interface StateWriteScope {
  /** The scope's name (`management`, `platform`, `<env>`, `<env>-access`). */
  readonly name: string;
  /** Name of its state role in the management account. */
  readonly roleName: string;
  /** The stacks whose state keys it may write, sorted. */
  readonly stacks: readonly string[];
  /** Roles that may assume it (through their account roots, pinned by `aws:PrincipalArn`), sorted. */
  readonly writerRoleArns: readonly string[];
}

/** The state object key of stack `stack` in the state bucket. */
export function stateKey(stack: string): string {
  return `${stack}/terraform.tfstate`;
}

/** Name of the state role of scope `scope` (`stateBackend.roleName` for the management account's own stacks). */
export function stateWriteRoleName(organisation: Organisation, scope: string): string {
  const base = organisation.stateBackend.roleName;
  return scope === MANAGEMENT_SCOPE ? base : `${base}-${scope}`;
}

/** The scope of `bootstrap` and `management-access`: applied by the management account's administrators. */
export const MANAGEMENT_SCOPE = 'management';

/**
 * Every state scope of the platform:
 * - `management` (`bootstrap`, `management-access`): the management account's administrators;
 * - `platform`: the `platform` deploy role of the management account and its administrators;
 * - `<env>` (the environment's stack and its split-out groups): the environment's GitHub deploy role and its
 *   account's administrators (first apply, repairs);
 * - `<env>-access`: administrators only, the environment account's and the management account's (the access
 *   stacks are applied by an administrator, never by a workflow).
 * A scope no principal may write (no administrator configured) gets no role.
 */
export function stateWriteScopes(config: PlatformConfig): StateWriteScope[] {
  const { organisation } = config;
  const { partition, management, sourceControl } = organisation;
  const managementAdmins = management.administratorRoleArns;
  const scope = (name: string, stacks: string[], writers: readonly string[]): StateWriteScope => ({
    name,
    roleName: stateWriteRoleName(organisation, name),
    stacks: [...stacks].sort(),
    writerRoleArns: [...new Set(writers)].sort(),
  });
  const scopes = [
    scope(MANAGEMENT_SCOPE, [BOOTSTRAP_STACK, MANAGEMENT_ACCESS_STACK], managementAdmins),
    scope(
      PLATFORM_STACK,
      [PLATFORM_STACK],
      [iamRoleArn(partition, management.accountId, sourceControl.deployRoleName), ...managementAdmins],
    ),
    ...config.environments.flatMap((env) => [
      scope(env.name, environmentStacks(config, env), [
        iamRoleArn(partition, env.account.id, sourceControl.deployRoleName),
        ...env.account.administratorRoleArns,
      ]),
      scope(accessStackName(env.name), [accessStackName(env.name)], [...env.account.administratorRoleArns, ...managementAdmins]),
    ]),
  ];
  return scopes.filter((s) => s.writerRoleArns.length > 0);
}

/**
 * Who may read which state, for plans: each scope is a read-only state role of the management account that reads
 * the state keys (and lock digests) of the stacks one plan role plans, trusted by that plan role alone. A plan
 * role plans the stacks of its account (tools/ci/plan-roles.ts), so a plan of one environment cannot read
 * another environment's state, nor the management account's.
 */
export interface StateReadScope {
  /** `management` (bootstrap, management-access, platform) or an environment's name (its stacks and its access stack). */
  readonly name: string;
  /** Name of its read-only state role in the management account. */
  readonly roleName: string;
  /** The stacks whose state keys it may read, sorted. */
  readonly stacks: readonly string[];
  /** The plan role of those stacks' account: the only role that may assume it. */
  readonly readerRoleArn: string;
}

/** Name of the read-only state role of scope `scope` (`stateBackend.readRoleName` for the management account's stacks). */
export function stateReadRoleName(organisation: Organisation, scope: string): string {
  const base = organisation.stateBackend.readRoleName;
  return scope === MANAGEMENT_SCOPE ? base : `${base}-${scope}`;
}

/**
 * Every read scope: `management`, read by the management plan role (`management.planRoleName`), and one per
 * environment, read by the environment account's plan role (`account.planRoleName`).
 */
export function stateReadScopes(config: PlatformConfig): StateReadScope[] {
  const { organisation } = config;
  const { partition, management } = organisation;
  return [
    {
      name: MANAGEMENT_SCOPE,
      roleName: stateReadRoleName(organisation, MANAGEMENT_SCOPE),
      stacks: [BOOTSTRAP_STACK, MANAGEMENT_ACCESS_STACK, PLATFORM_STACK].sort(),
      readerRoleArn: iamRoleArn(partition, management.accountId, management.planRoleName),
    },
    ...config.environments.map((env) => ({
      name: env.name,
      roleName: stateReadRoleName(organisation, env.name),
      stacks: [...environmentStacks(config, env), accessStackName(env.name)].sort(),
      readerRoleArn: iamRoleArn(partition, env.account.id, env.account.planRoleName),
    })),
  ];
}

/** The read scope whose keys include `stack`'s, or an error naming the stack. */
export function stateReadScopeOf(config: PlatformConfig, stack: string): StateReadScope {
  const found = stateReadScopes(config).find((scope) => scope.stacks.includes(stack));
  if (found === undefined) throw new Error(`state-access: no read-only state role reads the state of stack "${stack}"`);
  return found;
}

/** The stacks an environment's Terraform runs apply: its own and its split-out groups'. */
function environmentStacks(config: PlatformConfig, env: EnvironmentConfig): string[] {
  return [env.name, ...planServiceStacks(env, config.services).groups.map((g) => g.stackName)];
}

/** The state of a service's own infrastructure in one environment, and the two state roles that reach it. */
export interface ServiceStateScope {
  readonly environment: string;
  readonly service: string;
  /** Its state key: `services/<env>/<service>/terraform.tfstate`. */
  readonly stateKey: string;
  /** The state role that writes (and locks) that key alone, trusted by the service's apply role alone. */
  readonly writeRoleName: string;
  /** The state role that reads that key alone, trusted by the service's plan role alone. */
  readonly readRoleName: string;
  /** The service's apply and plan roles in the environment's account. */
  readonly applyRoleArn: string;
  readonly planRoleArn: string;
}

/** Name of the state role of a service's state in an environment (`-read`: the read-only one). */
export function serviceStateRoleName(organisation: Organisation, env: string, service: string, mode: 'write' | 'read'): string {
  return `${organisation.stateBackend.roleName}-${env}-svc-${service}${mode === 'read' ? '-read' : ''}`;
}

/** A scope per service with infrastructure and environment its pipeline reaches, in catalogue then promotion order. */
export function serviceStateScopes(config: PlatformConfig): ServiceStateScope[] {
  const { organisation } = config;
  return config.services.flatMap((service) =>
    reachOf(service, organisation).flatMap((envName) => {
      const env = config.environments.find((e) => e.name === envName);
      const infrastructure = env === undefined ? undefined : resolveInfrastructure(service, env, organisation);
      if (env === undefined || infrastructure === undefined) return [];
      return [
        {
          environment: env.name,
          service: service.name,
          stateKey: infrastructure.stateKey,
          writeRoleName: serviceStateRoleName(organisation, env.name, service.name, 'write'),
          readRoleName: serviceStateRoleName(organisation, env.name, service.name, 'read'),
          applyRoleArn: iamRoleArn(organisation.partition, env.account.id, infrastructure.applyRoleName),
          planRoleArn: iamRoleArn(organisation.partition, env.account.id, infrastructure.planRoleName),
        },
      ];
    }),
  );
}

/**
 * Role names of the state scopes: each differs from the others (read-only and read-write) and fits IAM's 64
 * characters. One message per problem, naming the field the name is built from.
 */
export function stateScopeProblems(config: PlatformConfig): string[] {
  const file = 'environments/organisation.ts';
  const READ = 'stateBackend.readRoleName';
  const WRITE = 'stateBackend.roleName';
  const names: (readonly [scope: string, name: string, field: string])[] = [
    ...stateReadScopes(config).map((scope) => [`${scope.name} (read)`, scope.roleName, READ] as const),
    ...[MANAGEMENT_SCOPE, PLATFORM_STACK, ...config.environments.flatMap((e) => [e.name, accessStackName(e.name)])].map(
      (scope) => [scope, stateWriteRoleName(config.organisation, scope), WRITE] as const,
    ),
    ...serviceStateScopes(config).flatMap((s) => [
      [`${s.environment}/${s.service}`, s.writeRoleName, WRITE] as const,
      [`${s.environment}/${s.service} (read)`, s.readRoleName, WRITE] as const,
    ]),
  ];
  const problems: string[] = [];
  names.forEach(([scope, name, field], index) => {
    if (name.length > 64) {
      problems.push(
        `${file}: ${field}: the state role of scope "${scope}" would be "${name}" (${name.length} characters, IAM allows 64); shorten ${field}`,
      );
    }
    if (names.slice(0, index).some(([, other]) => other === name)) {
      problems.push(
        `${file}: ${field}: the state role of scope "${scope}" would be "${name}", which another state role uses; rename ${READ} or the environment`,
      );
    }
  });
  return problems;
}
