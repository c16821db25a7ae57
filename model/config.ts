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
  type ServiceConfig,
} from '../environments';
import { accountAccessProblems } from './access-checks';
import { approvalProblems } from './approvals';
import { additionalActionProblems, declaredActionProblems, passedRoleNameProblems, stateBackendNameProblems } from './boundary-checks';
import { buildConfigProblems } from './build-checks';
import { deploymentProblems, imagePullProblems } from './deploy-checks';
import { infrastructureProblems } from './infrastructure';
import { managementAccessProblems } from './management-access';
import { BOOTSTRAP_STACK, PLATFORM_STACK } from './names';
import { packagePublishingProblems } from './package-checks';
import { promotionOrderProblems } from './promotion-checks';
import { resolvePipeline } from './pipelines';
import { serviceSourceProblems } from './service-source';
import { sourceControlProblems } from './source-control';
import { stackGroupProblems } from './stack-groups';
import { stateScopeProblems } from './state-access';
import { productionOf } from './promotion';
import { PRODUCTION_LOG_RETENTION_DAYS } from '../vocabulary/retention';

/**
 * Names that are not environments: the org-wide stacks. (No environment can take a plan environment's name,
 * `plan-<scope>` (model/names.ts): an environment's name has no `-`, environments/schema/common.ts.)
 */
export const RESERVED_STACK_NAMES = [BOOTSTRAP_STACK, PLATFORM_STACK] as const;

function reservedNameProblems(organisation: Organisation): string[] {
  const reserved = organisation.promotionOrder.find((name) => (RESERVED_STACK_NAMES as readonly string[]).includes(name));
  return reserved === undefined
    ? []
    : [
        `${FILE.organisation}: promotionOrder: "${reserved}" is reserved (an org-wide stack); name the environment otherwise (reserved: ${RESERVED_STACK_NAMES.join(', ')})`,
      ];
}

/**
 * What production (model/promotion.ts) needs of its environment file, as the policy pack enforces it on the
 * output: an approval with reviewers (PLAT-PIPE-001, PLAT-PROD-003), production log retention (PLAT-LOGS-003)
 * and protected state. With a single environment, it is production too.
 */
function productionProblems(environments: readonly EnvironmentConfig[]): string[] {
  const production = productionOf(environments);
  const where = `${FILE.environment(production.name)} (environment "${production.name}")`;
  const why = `"${production.name}" is production (the last environment of promotionOrder${environments.length === 1 ? ', and its only one' : ''})`;
  const problems: string[] = [];
  if (!production.approval.required) {
    problems.push(
      `${where}: approval.required: must be true for the last environment of the promotion order, since ${why} and production is never changed without approval`,
    );
  }
  if (production.logRetentionDays < PRODUCTION_LOG_RETENTION_DAYS) {
    problems.push(
      `${where}: logRetentionDays: must be at least ${PRODUCTION_LOG_RETENTION_DAYS}, since ${why} and its build and deploy logs are audit evidence (got ${production.logRetentionDays})`,
    );
  }
  if (!production.protectStatefulResources) {
    problems.push(
      `${where}: protectStatefulResources: must be true, since ${why} and a plan never destroys its artifacts, keys and trails`,
    );
  }
  return problems;
}

/** Every environment that requires approval names a reviewer; each environment has an account of its own. */
function environmentProblems(environments: readonly EnvironmentConfig[]): string[] {
  const problems: string[] = [];
  for (const env of environments) {
    if (env.approval.required && env.approval.reviewerTeams.length + env.approval.reviewerUsers.length === 0) {
      problems.push(
        `${FILE.environment(env.name)} (environment "${env.name}"): approval: needs at least one entry in reviewerTeams or reviewerUsers, since approval.required is true`,
      );
    }
  }
  const accounts = new Map<string, string>();
  for (const env of environments) {
    const other = accounts.get(env.account.id);
    if (other !== undefined) {
      problems.push(
        `${FILE.environment(env.name)} (environment "${env.name}"): account.id: ${env.account.id} is already the account of "${other}"; each environment lives in an account of its own`,
      );
    }
    accounts.set(env.account.id, env.name);
  }
  return problems;
}

/** Each of `parsers` run, and the problems of those that threw a ConfigError, one per line. */
function collect<T extends readonly unknown[]>(parsers: { [K in keyof T]: () => T[K] }): { values: Partial<T>; problems: string[] } {
  const problems: string[] = [];
  const values = parsers.map((parse) => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.message.split('\n'));
      return undefined;
    }
  });
  return { values: values as unknown as Partial<T>, problems };
}

/**
 * Validate the raw data of every file and check what spans files. Reports every problem at once (one per
 * line): each file against its schema (`organisation.ts` first, since it names the others), then every
 * cross-file check. Pure: used by tests and by `loadConfig`.
 */
export function parseConfig(raw: RawPlatformConfig): PlatformConfig {
  const organisation = parseOrganisation(raw);
  // a reserved environment name makes every later message about that environment noise: report it alone
  throwProblems(reservedNameProblems(organisation));
  const parsed = collect<[EnvironmentConfig[], ServiceConfig[]]>([() => parseEnvironments(raw, organisation), () => parseServices(raw)]);
  const [environments, services] = parsed.values;
  if (environments === undefined || services === undefined) throwProblems(parsed.problems);
  const config: PlatformConfig = { organisation, environments: environments!, services: services! };
  // an order that loosens towards production (prod before staging) is named as such, unless production's own rule says it
  if (productionProblems(config.environments).length === 0) throwProblems(promotionOrderProblems(config.environments));
  throwProblems([
    ...productionProblems(config.environments),
    ...environmentProblems(config.environments),
    ...sourceControlProblems(config),
    ...accountAccessProblems(organisation, config.environments),
    ...managementAccessProblems(organisation, config.environments),
    ...deploymentProblems(config.environments, config.services),
    ...imagePullProblems(organisation, config.environments, config.services),
    ...buildConfigProblems(config),
    ...config.environments.flatMap((env) => stackGroupProblems(env, config.services)),
    ...config.services.flatMap((service) => resolvePipeline(service, organisation).problems),
    ...config.services.flatMap((service) => [...serviceSourceProblems(service), ...infrastructureProblems(service, config)]),
    ...packagePublishingProblems(config),
    ...stateScopeProblems(config),
    ...stateBackendNameProblems(organisation),
    ...additionalActionProblems(organisation),
    ...declaredActionProblems(config),
    ...passedRoleNameProblems(config),
  ]);
  // after the pipelines resolve: which environments have approval actions depends on them
  throwProblems(approvalProblems(config));
  return config;
}

/**
 * Load and validate the configuration files of `dir` (by default `environments/`): `organisation.ts`,
 * `services.ts`, and one `<environment>.ts` for each name in `promotionOrder`.
 */
export function loadConfig(dir?: string): PlatformConfig {
  return parseConfig(readConfigFiles(dir));
}
