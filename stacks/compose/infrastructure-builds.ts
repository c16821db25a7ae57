import {
  codebuildArtifactPrefix,
  codebuildLogGroupName,
  codebuildProjectName,
  infrastructureRoleName,
  permissionsBoundaryArn,
  pipelineArtifactPrefix,
  pipelineName,
  resolveInfrastructure,
  serviceStateRoleName,
  stateKeyAliasArn,
  type ResolvedInfrastructure,
  type ServiceConfig,
} from '../../model';
import {
  CodebuildProject,
  infrastructureApplyBuildspec,
  infrastructurePlanBuildspec,
  isLambdaCompute,
  type InfrastructureBuildspecOptions,
  type InfrastructureState,
} from '../../modules/codebuild-project';
import { Construct, codepipelineArn, iamRoleArn, type InfrastructurePurpose } from '../../modules/core';
import { InfrastructureRole } from '../../modules/infrastructure-role';
import type { EnvironmentServicesScope } from '../shared-resources';

/**
 * Name of the artifact that carries a saved plan from the plan action to the apply action (stacks/compose/pipeline.ts
 * uses the same constant). CodeBuild names secondary inputs by artifact name: letters, digits and underscores.
 */
export const PLAN_ARTIFACT = 'infra_plan';

/** A service's infrastructure projects in one environment. */
export interface ServiceInfrastructureBuilds {
  readonly infrastructure: ResolvedInfrastructure;
  readonly plan: CodebuildProject;
  readonly apply: CodebuildProject;
  /** The service's own plan and apply roles (undefined where the config names a role of its own). */
  readonly planRole?: InfrastructureRole;
  readonly applyRole?: InfrastructureRole;
}

/** The infrastructure projects of one stack's services, for the pipelines that run them. */
export interface InfrastructureBuilds {
  /** Projects by service name (services with infrastructure whose pipeline runs in this environment). */
  readonly byService: ReadonlyMap<string, ServiceInfrastructureBuilds>;
  /** The project of `service` for `purpose`; undefined when the service has no infrastructure here. */
  project(service: string, purpose: string): CodebuildProject | undefined;
}

/** Builds that need general (EC2) compute: a Terraform run takes longer than Lambda compute allows, and uses a CLI profile. */
const FALLBACK_COMPUTE = 'BUILD_GENERAL1_SMALL';

/**
 * For each service of the stack whose pipeline runs in this environment and has infrastructure
 * (`pipeline.infrastructure`, or a deploy of type `infrastructure`): a plan project that runs init + plan of
 * the service's own configuration and hands the saved plan on, and an apply project that applies exactly that
 * plan. Each has its own least-privilege role: its log group, its artifact prefixes, the environment's key,
 * and `sts:AssumeRole` on one role of the environment's account, the service's own for that purpose: Terraform's
 * AWS access is that role's, never the project role's. The apply also reads its pipeline's state (whether its stage
 * runs as a rollback: infrastructure-buildspecs.ts). The service's own roles (InfrastructureRole) are created
 * here, with the environment's boundary, trusted by that project alone: the plan role reads, the apply role calls
 * the config's `actions` on the service's resources; each reaches the service's state key alone (bootstrap's
 * state roles of that key). No service build reaches a platform role (the loader refuses `planRoleName` /
 * `applyRoleName` naming one).
 */
export function composeInfrastructureBuilds(stack: EnvironmentServicesScope): InfrastructureBuilds {
  const { model, environment, config } = stack;
  const byService = new Map<string, ServiceInfrastructureBuilds>();
  let scope: Construct | undefined;
  for (const service of stack.services) {
    if (!model.service(service.name).reaches(environment.name)) continue;
    const infrastructure = resolveInfrastructure(service, environment, config.organisation);
    if (infrastructure === undefined) continue;
    scope ??= new Construct(stack, 'infrastructure-builds');
    const serviceScope = new Construct(scope, service.name);
    const plan = projectFor(stack, serviceScope, service, infrastructure, 'iac-plan');
    const apply = projectFor(stack, serviceScope, service, infrastructure, 'iac-apply');
    byService.set(service.name, {
      infrastructure,
      plan,
      apply,
      planRole: infrastructure.ownPlanRole ? ownRole(stack, serviceScope, service, infrastructure, plan, 'iac-plan') : undefined,
      applyRole: infrastructure.ownApplyRole ? ownRole(stack, serviceScope, service, infrastructure, apply, 'iac-apply') : undefined,
    });
  }
  return {
    byService,
    project(service, purpose) {
      const builds = byService.get(service);
      if (purpose === 'iac-plan') return builds?.plan;
      if (purpose === 'iac-apply') return builds?.apply;
      return undefined;
    },
  };
}

function projectFor(
  stack: EnvironmentServicesScope,
  scope: Construct,
  service: ServiceConfig,
  infrastructure: ResolvedInfrastructure,
  purpose: InfrastructurePurpose,
): CodebuildProject {
  const { config, environment, shared, partition } = stack;
  const { prefix } = config.organisation;
  const env = environment.name;
  const settings = environment.build;
  const projectName = codebuildProjectName(prefix, env, service.name, purpose);
  const roleName = purpose === 'iac-plan' ? infrastructure.planRoleName : infrastructure.applyRoleName;
  const assumedRoleArn = iamRoleArn(partition, environment.account.id, roleName);
  // the service's pipeline here, the one that runs the project: the apply asks it whether its stage rolls back
  const pipeline = pipelineName(prefix, env, service.name);
  const pipelineArn = codepipelineArn({ partition, region: environment.account.region, accountId: environment.account.id }, pipeline);
  const options: InfrastructureBuildspecOptions = {
    tool: infrastructure.tool,
    directory: infrastructure.directory,
    terraformVersion: infrastructure.terraformVersion,
    cdktfVersion: infrastructure.cdktfVersion,
    stack: infrastructure.stack,
    architecture: settings.architecture,
    roleArn: assumedRoleArn,
    sessionName: projectName.slice(0, 64),
    state: stateOf(stack, service, infrastructure, purpose),
  };
  return new CodebuildProject(scope, purpose === 'iac-plan' ? 'plan' : 'apply', {
    projectName,
    roleName: infrastructureRoleName(prefix, env, service.name, purpose),
    description: `${purpose === 'iac-plan' ? 'Plans' : 'Applies the saved plan of'} ${service.name}'s infrastructure (${infrastructure.tool}) in ${env}`,
    accountId: environment.account.id,
    region: environment.account.region,
    partition,
    // runs only inside the service's pipeline, which hands it the source (and the plan)
    source: { type: 'CODEPIPELINE' },
    buildspec:
      purpose === 'iac-plan'
        ? infrastructurePlanBuildspec(options)
        : infrastructureApplyBuildspec({ ...options, planArtifact: PLAN_ARTIFACT, pipelineName: pipeline }),
    computeType: isLambdaCompute(settings.computeType) ? FALLBACK_COMPUTE : settings.computeType,
    architecture: settings.architecture,
    privileged: false,
    logGroupName: codebuildLogGroupName(prefix, env, projectName),
    logRetentionDays: environment.logRetentionDays,
    artifactStore: shared.artifactStore,
    artifactPrefix: codebuildArtifactPrefix(projectName),
    // providers come from the lock file on every run; a cache would only hold what the plan artifact carries
    cache: 'none',
    buildTimeoutMinutes: settings.timeoutMinutes,
    queuedTimeoutMinutes: settings.queuedTimeoutMinutes,
    // one run at a time: a second would wait on the state lock anyway
    concurrentBuildLimit: 1,
    pipelineArtifactPrefixes: [pipelineArtifactPrefix(prefix, env, service.name)],
    assumeRoleArns: [assumedRoleArn],
    readsPipelineStateOf: purpose === 'iac-apply' ? [pipelineArn] : undefined,
  });
}

/** The service's state for `purpose`: its key, reached through its read-only (plan) or read-write (apply) state role. */
function stateOf(
  stack: EnvironmentServicesScope,
  service: ServiceConfig,
  infrastructure: ResolvedInfrastructure,
  purpose: InfrastructurePurpose,
): InfrastructureState {
  const { organisation } = stack.config;
  const { stateBackend, management, partition } = organisation;
  const readOnly = purpose === 'iac-plan';
  return {
    bucket: stateBackend.bucketName,
    key: infrastructure.stateKey,
    region: management.region,
    kmsKeyId: stateKeyAliasArn(organisation),
    dynamodbTable: stateBackend.locking === 's3' ? undefined : stateBackend.lockTableName,
    useLockfile: stateBackend.locking !== 'dynamodb',
    roleArn: iamRoleArn(
      partition,
      management.accountId,
      serviceStateRoleName(organisation, stack.environment.name, service.name, readOnly ? 'read' : 'write'),
    ),
    readOnly,
  };
}

/** The service's own role for `purpose`, trusted by `project`'s role alone. */
function ownRole(
  stack: EnvironmentServicesScope,
  scope: Construct,
  service: ServiceConfig,
  infrastructure: ResolvedInfrastructure,
  project: CodebuildProject,
  purpose: InfrastructurePurpose,
): InfrastructureRole {
  const { environment, partition } = stack;
  const { organisation } = stack.config;
  const plan = purpose === 'iac-plan';
  return new InfrastructureRole(scope, plan ? 'plan-role' : 'apply-role', {
    roleName: plan ? infrastructure.planRoleName : infrastructure.applyRoleName,
    mode: plan ? 'plan' : 'apply',
    trustedRoleArn: project.roleArn,
    boundaryArn: permissionsBoundaryArn(partition, environment.account.id, organisation.prefix),
    actions: infrastructure.actions,
    resources: {
      partition,
      region: environment.account.region,
      accountId: environment.account.id,
      namePrefix: infrastructure.resourcePrefix,
    },
    stateRoleArn: stateOf(stack, service, infrastructure, purpose).roleArn,
    description: `${plan ? 'Plans' : 'Applies'} ${service.name}'s own infrastructure in ${environment.name}: its resources (${infrastructure.resourcePrefix}*) and its state only`,
  });
}
