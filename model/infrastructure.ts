import type { EnvironmentConfig, InfrastructureConfig, Organisation, PlatformConfig, ServiceConfig } from '../environments/schema';
import { SCOPABLE_SERVICES } from '../modules/core';
import { serviceInfrastructureRoleName, serviceResourcePrefix, serviceStateKey } from './names';

const WHERE = 'environments/services.ts';

/** Default cdktf-cli version (the one this repository pins). */
export const DEFAULT_CDKTF_VERSION = '0.21.0';

/** A service's infrastructure in one environment, with every default resolved. */
export interface ResolvedInfrastructure {
  readonly tool: InfrastructureConfig['tool'];
  /** Where the configuration (terraform) or app (cdktf) lives in the input artifact. */
  readonly directory: string;
  readonly terraformVersion: string;
  /** cdktf-cli version; undefined for terraform. */
  readonly cdktfVersion?: string;
  /** CDKTF stack; undefined for terraform. */
  readonly stack?: string;
  /** Roles the plan and the apply assume, in the environment's account: the service's own, unless configured. */
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /** Whether the platform creates the plan role (no `planRoleName` configured). */
  readonly ownPlanRole: boolean;
  /** Whether the platform creates the apply role (no `applyRoleName` configured). */
  readonly ownApplyRole: boolean;
  /** What the service's own roles may call on its resources (the plan role: the reads among them). */
  readonly actions: readonly string[];
  /** How the names of the resources they are scoped to start: `<prefix>-<service>-`. */
  readonly resourcePrefix: string;
  /** The service's state key in this environment (the platform's state bucket). */
  readonly stateKey: string;
  /** Which config block it came from: `pipeline.infrastructure` (infra-app) or `pipeline.deploy` (type infrastructure). */
  readonly field: 'pipeline.infrastructure' | 'pipeline.deploy';
}

/** The infrastructure block of a service's pipeline: `pipeline.infrastructure`, or a deploy of type `infrastructure`. */
function blockOf(service: ServiceConfig): { config: InfrastructureConfig; field: ResolvedInfrastructure['field'] } | undefined {
  const pipeline = service.pipeline;
  if (pipeline === undefined) return undefined;
  if (pipeline.infrastructure !== undefined) return { config: pipeline.infrastructure, field: 'pipeline.infrastructure' };
  if (pipeline.deploy.type === 'infrastructure') return { config: pipeline.deploy, field: 'pipeline.deploy' };
  return undefined;
}

/** The service's infrastructure as planned and applied in `environment`; undefined when it has none. */
export function resolveInfrastructure(
  service: ServiceConfig,
  environment: EnvironmentConfig,
  organisation: Organisation,
): ResolvedInfrastructure | undefined {
  const block = blockOf(service);
  if (block === undefined) return undefined;
  const { config, field } = block;
  const cdktf = config.tool === 'cdktf';
  return {
    tool: config.tool,
    directory: config.directory,
    terraformVersion: config.terraformVersion,
    cdktfVersion: cdktf ? (config.cdktfVersion ?? DEFAULT_CDKTF_VERSION) : undefined,
    stack: cdktf ? (config.stack ?? service.name) : undefined,
    planRoleName: config.planRoleName ?? serviceInfrastructureRoleName(organisation.prefix, environment.name, service.name, 'iac-plan'),
    applyRoleName: config.applyRoleName ?? serviceInfrastructureRoleName(organisation.prefix, environment.name, service.name, 'iac-apply'),
    ownPlanRole: config.planRoleName === undefined,
    ownApplyRole: config.applyRoleName === undefined,
    actions: [...new Set(config.actions)].sort(),
    resourcePrefix: serviceResourcePrefix(organisation.prefix, service.name),
    stateKey: serviceStateKey(environment.name, service.name),
    field,
  };
}

/**
 * The checks of a service's infrastructure block: fields only a CDKTF app uses, set with tool `terraform`; a
 * configured plan or apply role that is a platform role (the service's infrastructure would run as the platform);
 * an action whose service cannot be scoped to the service's own resources; a resource prefix that would reach
 * the platform's own names.
 */
export function infrastructureProblems(service: ServiceConfig, config: PlatformConfig): string[] {
  const block = blockOf(service);
  if (block === undefined) return [];
  const where = `${WHERE} (service "${service.name}"): ${block.field}`;
  const problems: string[] = [];
  if (block.config.tool === 'terraform') {
    for (const key of ['cdktfVersion', 'stack'] as const) {
      if (block.config[key] !== undefined) {
        problems.push(`${where}.${key}: is only used with tool "cdktf" (got tool "terraform"); remove it or set tool "cdktf"`);
      }
    }
  }
  const platformRoles = platformRoleNames(config);
  for (const key of ['planRoleName', 'applyRoleName'] as const) {
    const name = block.config[key];
    if (name === undefined) continue;
    const role =
      platformRoles.get(name) ??
      (name.startsWith(`${config.organisation.stateBackend.roleName}-`) ? 'a state role' : undefined) ??
      (name.startsWith(`${config.organisation.prefix}-`) ? 'a role the platform creates' : undefined);
    if (role !== undefined) {
      problems.push(
        `${where}.${key}: "${name}" is a platform role (${role}); a service's infrastructure may not run as one. Remove ${key} (the platform creates the service's own role, with the boundary) or name a role made for this service`,
      );
    }
  }
  block.config.actions.forEach((action, index) => {
    const awsService = action.split(':')[0];
    if (!SCOPABLE_SERVICES.includes(awsService)) {
      problems.push(
        `${where}.actions[${index}]: "${action}": the service's roles are scoped to its own resources by name, which "${awsService}" does not allow; use one of ${SCOPABLE_SERVICES.join(', ')}`,
      );
    }
  });
  const resourcePrefix = serviceResourcePrefix(config.organisation.prefix, service.name);
  const reserved = [...config.environments.map((e) => e.name), 'cicd'].find((name) =>
    resourcePrefix.startsWith(`${config.organisation.prefix}-${name}-`),
  );
  if (reserved !== undefined && block.config.actions.length > 0) {
    problems.push(
      `${where}.actions: the service's resources would be named "${resourcePrefix}*", which includes the platform's own names ("${config.organisation.prefix}-${reserved}-*"); rename the service so that it does not start with "${reserved}"`,
    );
  }
  return problems;
}

/** The roles of the platform by name, each with what it is. */
function platformRoleNames(config: PlatformConfig): Map<string, string> {
  const { management, sourceControl, stateBackend } = config.organisation;
  const roles = new Map<string, string>([
    [management.deployRoleName, 'the management Terraform role'],
    [management.planRoleName, 'the management plan role'],
    [sourceControl.deployRoleName, 'the GitHub deploy role'],
    [stateBackend.roleName, 'the state role'],
    [stateBackend.readRoleName, 'the read-only state role'],
  ]);
  for (const env of config.environments) {
    // the first environment that names it (environments often share the role names)
    if (!roles.has(env.account.deployRoleName)) roles.set(env.account.deployRoleName, `the Terraform role of environment "${env.name}"`);
    if (!roles.has(env.account.planRoleName)) roles.set(env.account.planRoleName, `the plan role of environment "${env.name}"`);
  }
  return roles;
}
