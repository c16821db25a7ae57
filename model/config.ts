import {
  ConfigError,
  FILE,
  parseEnvironments,
  parseOrganisation,
  parseServices,
  readConfigFiles,
  throwProblems,
  type EnvironmentConfig,
  type Organisation,
  type PlatformConfig,
  type RawPlatformConfig,
} from '../environments';
import { accountAccessProblems } from './access-checks';
import { buildConfigProblem } from './build-checks';
import { deploymentProblems } from './deploy-checks';
import { infrastructureProblems } from './infrastructure';
import { managementAccessProblems } from './management-access';
import { BOOTSTRAP_STACK, PLATFORM_STACK } from './names';
import { packagePublishingProblems } from './package-checks';
import { resolvePipeline } from './pipelines';
import { serviceSourceProblems } from './service-source';
import { sourceControlProblems } from './source-control';
import { stackGroupProblems } from './stack-groups';

/** Stack names that are not environments: an environment may not take them. */
export const RESERVED_STACK_NAMES = [BOOTSTRAP_STACK, PLATFORM_STACK] as const;

function reservedNameProblems(organisation: Organisation): string[] {
  const reserved = organisation.promotionOrder.find((name) => (RESERVED_STACK_NAMES as readonly string[]).includes(name));
  return reserved === undefined
    ? []
    : [
        `${FILE.organisation}: promotionOrder: "${reserved}" is the name of an org-wide stack; name the environment otherwise (reserved: ${RESERVED_STACK_NAMES.join(', ')})`,
      ];
}

function approvalProblems(environments: readonly EnvironmentConfig[]): void {
  const last = environments[environments.length - 1];
  if (last.name !== environments[0].name) {
    if (!last.approval.required) {
      throw new ConfigError(
        `${FILE.environment(last.name)} (environment "${last.name}"): approval.required: must be true for the last environment of the promotion order (production is never changed without approval)`,
      );
    }
    if (last.approval.reviewerTeams.length + last.approval.reviewerUsers.length === 0) {
      throw new ConfigError(
        `${FILE.environment(last.name)} (environment "${last.name}"): approval: needs at least one entry in reviewerTeams or reviewerUsers, since approval is required`,
      );
    }
  }
  for (const env of environments) {
    if (env.approval.required && env.approval.reviewerTeams.length + env.approval.reviewerUsers.length === 0) {
      throw new ConfigError(
        `${FILE.environment(env.name)} (environment "${env.name}"): approval: needs at least one entry in reviewerTeams or reviewerUsers, since approval.required is true`,
      );
    }
  }
  const accounts = new Map<string, string>();
  for (const env of environments) {
    const other = accounts.get(env.account.id);
    if (other !== undefined) {
      throw new ConfigError(
        `${FILE.environment(env.name)} (environment "${env.name}"): account.id: ${env.account.id} is already the account of "${other}"; each environment lives in an account of its own`,
      );
    }
    accounts.set(env.account.id, env.name);
  }
}

/** Validate the raw data of every file and check what spans files. Pure: used by tests and by `loadConfig`. */
export function parseConfig(raw: RawPlatformConfig): PlatformConfig {
  const organisation = parseOrganisation(raw);
  throwProblems(reservedNameProblems(organisation));
  const environments = parseEnvironments(raw, organisation);
  approvalProblems(environments);
  const services = parseServices(raw);
  throwProblems(sourceControlProblems({ organisation, environments, services }));
  throwProblems(accountAccessProblems(organisation, environments));
  throwProblems(managementAccessProblems(organisation, environments));
  const [deployProblem] = deploymentProblems(environments, services);
  if (deployProblem !== undefined) throw new ConfigError(deployProblem);
  const buildProblem = buildConfigProblem({ organisation, environments, services });
  if (buildProblem !== undefined) throw new ConfigError(buildProblem);
  const groupProblems = environments.flatMap((env) => stackGroupProblems(env, services));
  if (groupProblems.length > 0) throw new ConfigError(groupProblems.join('\n'));
  throwProblems(services.flatMap((service) => resolvePipeline(service, organisation).problems));
  throwProblems(services.flatMap((service) => [...serviceSourceProblems(service), ...infrastructureProblems(service)]));
  throwProblems(packagePublishingProblems({ organisation, environments, services }));
  return { organisation, environments, services };
}

/**
 * Load and validate the configuration files of `dir` (by default `environments/`): `organisation.ts`,
 * `services.ts`, and one `<environment>.ts` for each name in `promotionOrder`.
 */
export function loadConfig(dir?: string): PlatformConfig {
  return parseConfig(readConfigFiles(dir));
}
