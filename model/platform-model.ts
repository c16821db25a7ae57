import type { EnvironmentConfig, Organisation, PlatformConfig, ServiceConfig } from '../environments';
import { BUILD_PURPOSES, type BuildPurpose } from '../modules/core';
import {
  accessStackName,
  artifactStoreBucketName,
  environmentKeyAliasName,
  githubRepositoryPath,
  notificationTopicName,
  repositoryOf,
} from './names';
import { reachOf, reachesProduction, resolvePipeline, type ResolvedPipeline } from './pipelines';
import { planServiceStacks, type ServiceStackPlan } from './stack-groups';
import { firstOf, nextOf, previousOf, productionOf } from './promotion';

/**
 * The resolved platform: every fact derived from the validated config, computed once (`resolveModel`) and
 * read by the stacks. Nothing downstream re-derives which environment is first or production, where a
 * service's pipeline runs, or what a resource is called.
 *
 * Which environment is first and which is production is defined once, in model/promotion.ts (production
 * is the last of `promotionOrder`; with a single environment, that one).
 */
export interface PlatformModel {
  readonly config: PlatformConfig;
  readonly organisation: Organisation;
  /** Every environment, in promotion order. */
  readonly environments: readonly EnvironmentModel[];
  /** The first environment of the promotion order. */
  readonly first: EnvironmentModel;
  /** The production environment: the last of the promotion order (with one environment, that one). */
  readonly production: EnvironmentModel;
  /** Every service of the catalogue, in catalogue order. */
  readonly services: readonly ServiceModel[];
  /** The environment named `name`; throws when there is none. */
  environment(name: string): EnvironmentModel;
  /** The service named `name`; throws when there is none. */
  service(name: string): ServiceModel;
  /** Every service's pipeline placement in environment `name`, in catalogue order. */
  pipelinesIn(name: string): readonly PipelinePlacement[];
}

/** One environment and its place in the promotion order. */
export interface EnvironmentModel {
  readonly name: string;
  /** Position in `promotionOrder`, from 0. */
  readonly index: number;
  readonly config: EnvironmentConfig;
  /** Whether this is the first environment of the promotion order (it builds). */
  readonly first: boolean;
  /** Whether this is the production environment (the last of the promotion order). */
  readonly production: boolean;
  /** The environment before this one in the promotion order. */
  readonly previous?: EnvironmentConfig;
  /** The environment after this one in the promotion order. */
  readonly next?: EnvironmentConfig;
  /** Account id. */
  readonly account: string;
  readonly region: string;
  /** Names of the stacks of this environment. */
  readonly stacks: EnvironmentStackNames;
  /** Which stack of the environment owns each service (`stackGroups`). */
  readonly servicePlan: ServiceStackPlan;
  /** Physical names of the resources the environment's own stack creates once and every service uses. */
  readonly shared: SharedResourceNames;
}

/** The stacks one environment is synthesized into. */
export interface EnvironmentStackNames {
  /** The environment's own stack: the environment's name. */
  readonly environment: string;
  /** The account's access stack, applied by an administrator. */
  readonly access: string;
  /** The stacks split out of the environment (`stackGroups`), in group order. */
  readonly groups: readonly string[];
}

/** Physical names of the resources an environment's own stack creates once and every service uses. */
export interface SharedResourceNames {
  /** KMS alias name (without `alias/`) of the environment's key. */
  readonly keyAlias: string;
  readonly artifactBucketName: string;
  readonly notificationTopicName: string;
}

/** A service's pipeline in one environment: where it sits on the service's promotion path. */
export interface PipelinePlacement {
  readonly service: ServiceConfig;
  readonly pipeline: ResolvedPipeline;
  readonly environment: EnvironmentConfig;
  /** The environment before this one on the service's path (the one that promotes into it). */
  readonly previous?: EnvironmentConfig;
  /** The environment after this one on the service's path (the one this promotes into). */
  readonly next?: EnvironmentConfig;
}

/** One service of the catalogue, resolved. */
export interface ServiceModel {
  readonly name: string;
  readonly config: ServiceConfig;
  /** Its repository's name, on GitHub or in CodeCommit: its own `repository`, or its name (model/names.ts `repositoryOf`). */
  readonly repository: string;
  /** `owner/name` of its repository on GitHub (model/names.ts `githubRepositoryPath`). */
  readonly githubRepository: string;
  /** The service's pipeline with its defaults resolved (its source's repository included); undefined when it has none. */
  readonly pipeline?: ResolvedPipeline;
  /** The environments its pipeline runs in, in promotion order (none without a pipeline). */
  readonly reach: readonly string[];
  /**
   * Whether its pipeline runs in environment `name` (one of `reach`): the one definition of where a service
   * has per-environment resources (build projects and roles, pipeline, deployment environment, state roles),
   * besides the first environment's pull-request builds (`buildPurposesIn`).
   */
  reaches(name: string): boolean;
  /** Whether its pipeline reaches the production environment. */
  readonly reachesProduction: boolean;
  /** Its pipeline's placement in environment `name`; undefined where the pipeline does not run. */
  placementIn(name: string): PipelinePlacement | undefined;
  /**
   * The purposes of the CodeBuild projects it has in environment `name`, in `BUILD_PURPOSES` order: all of
   * them in the first environment (pull-request builds and the pipeline's), the tests and validation of the
   * promoted artifact in a later one its pipeline reaches, none elsewhere.
   */
  buildPurposesIn(name: string): readonly BuildPurpose[];
}

/**
 * Purposes of the first environment of the promotion order: it builds, tests and scans every change
 * (pull requests included) and validates its own deployment.
 */
const FIRST_ENVIRONMENT_PURPOSES: readonly BuildPurpose[] = BUILD_PURPOSES;

/**
 * Purposes of every later environment the service's pipeline reaches: it receives the artifact promoted from
 * the one before (never a rebuild), so it only tests and validates that artifact where it is deployed.
 */
const LATER_ENVIRONMENT_PURPOSES: readonly BuildPurpose[] = ['integration-test', 'validate'];

function sharedResourceNames(organisation: Organisation, environment: EnvironmentConfig): SharedResourceNames {
  const { prefix } = organisation;
  return {
    keyAlias: environmentKeyAliasName(prefix, environment.name),
    artifactBucketName: artifactStoreBucketName(prefix, environment.name, environment.account.id),
    notificationTopicName: notificationTopicName(prefix, environment.name),
  };
}

function resolveEnvironment(config: PlatformConfig, environment: EnvironmentConfig, index: number): EnvironmentModel {
  const all = config.environments;
  const servicePlan = planServiceStacks(environment, config.services);
  return {
    name: environment.name,
    index,
    config: environment,
    first: environment === firstOf(all),
    production: environment === productionOf(all),
    previous: previousOf(all, environment),
    next: nextOf(all, environment),
    account: environment.account.id,
    region: environment.account.region,
    stacks: {
      environment: environment.name,
      access: accessStackName(environment.name),
      groups: servicePlan.groups.map((g) => g.stackName),
    },
    servicePlan,
    shared: sharedResourceNames(config.organisation, environment),
  };
}

function resolveService(config: PlatformConfig, service: ServiceConfig, environments: readonly EnvironmentModel[]): ServiceModel {
  const { pipeline } = resolvePipeline(service, config.organisation);
  const reach = reachOf(service, config.organisation);
  const byName = new Map(environments.map((e) => [e.name, e.config]));
  const placements = new Map<string, PipelinePlacement>();
  if (pipeline !== undefined) {
    for (const name of reach) {
      const environment = byName.get(name);
      if (environment === undefined) continue;
      const [previous, next] = [previousOf(reach, name), nextOf(reach, name)];
      placements.set(name, {
        service,
        pipeline,
        environment,
        previous: previous === undefined ? undefined : byName.get(previous),
        next: next === undefined ? undefined : byName.get(next),
      });
    }
  }
  const firstOf = new Map(environments.map((e) => [e.name, e.first]));
  const reaches = (name: string): boolean => reach.includes(name);
  return {
    name: service.name,
    config: service,
    repository: repositoryOf(service),
    githubRepository: githubRepositoryPath(config.organisation, service),
    pipeline,
    reach,
    reaches,
    reachesProduction: reachesProduction(service, config.organisation),
    placementIn: (name) => placements.get(name),
    // the first environment builds every service's pull requests (the checks its branch protection requires),
    // pipeline or not; a later one has projects only where the service's pipeline runs
    buildPurposesIn: (name) => (firstOf.get(name) ? FIRST_ENVIRONMENT_PURPOSES : reaches(name) ? LATER_ENVIRONMENT_PURPOSES : []),
  };
}

function only(found: readonly EnvironmentModel[], what: string): EnvironmentModel {
  if (found.length !== 1) throw new Error(`resolveModel: ${found.length} ${what} environments; exactly one expected`);
  return found[0];
}

/** Resolve the model of a validated config (model/config.ts `parseConfig` / `loadConfig`). Pure. */
export function resolveModel(config: PlatformConfig): PlatformModel {
  if (config.environments.length === 0) throw new Error('resolveModel: the config has no environment (parseConfig refuses this)');
  const environments = config.environments.map((env, index) => resolveEnvironment(config, env, index));
  const services = config.services.map((service) => resolveService(config, service, environments));
  const environmentsByName = new Map(environments.map((e) => [e.name, e]));
  const servicesByName = new Map(services.map((s) => [s.name, s]));
  const placements = new Map(environments.map((env) => [env.name, services.flatMap((s) => s.placementIn(env.name) ?? [])] as const));
  return {
    config,
    organisation: config.organisation,
    environments,
    first: only(
      environments.filter((e) => e.first),
      'first',
    ),
    production: only(
      environments.filter((e) => e.production),
      'production',
    ),
    services,
    environment(name) {
      const found = environmentsByName.get(name);
      if (found === undefined) throw new Error(`no environment "${name}" (environments: ${[...environmentsByName.keys()].join(', ')})`);
      return found;
    },
    service(name) {
      const found = servicesByName.get(name);
      if (found === undefined) throw new Error(`no service "${name}" (services: ${[...servicesByName.keys()].join(', ')})`);
      return found;
    },
    pipelinesIn: (name) => placements.get(name) ?? [],
  };
}
