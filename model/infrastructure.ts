import type { EnvironmentConfig, InfrastructureConfig, ServiceConfig } from '../environments/schema';

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
  /** Roles the plan and the apply assume, in the environment's account. */
  readonly planRoleName: string;
  readonly applyRoleName: string;
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
export function resolveInfrastructure(service: ServiceConfig, environment: EnvironmentConfig): ResolvedInfrastructure | undefined {
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
    planRoleName: config.planRoleName ?? environment.account.deployRoleName,
    applyRoleName: config.applyRoleName ?? environment.account.deployRoleName,
    field,
  };
}

/** Fields of the block that only a CDKTF app uses: set with tool `terraform`, they contradict it. */
export function infrastructureProblems(service: ServiceConfig): string[] {
  const block = blockOf(service);
  if (block === undefined || block.config.tool === 'cdktf') return [];
  return (['cdktfVersion', 'stack'] as const)
    .filter((key) => block.config[key] !== undefined)
    .map(
      (key) =>
        `${WHERE} (service "${service.name}"): ${block.field}.${key}: is only used with tool "cdktf" (got tool "terraform"); remove it or set tool "cdktf"`,
    );
}
