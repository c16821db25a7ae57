import {
  codebuildLogGroupName,
  codebuildProjectName,
  infrastructureRoleName,
  pipelineArtifactPrefix,
  resolveInfrastructure,
  type ResolvedInfrastructure,
  type ServiceConfig,
} from '../../model';
import {
  CodebuildProject,
  infrastructureApplyBuildspec,
  infrastructurePlanBuildspec,
  isLambdaCompute,
  type InfrastructureBuildspecOptions,
} from '../../modules/codebuild-project';
import { Construct, iamRoleArn, type InfrastructurePurpose } from '../../modules/core';
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
 * and `sts:AssumeRole` on one role of the environment's account (`planRoleName` / `applyRoleName`, by default
 * the environment's deploy role): Terraform's AWS access is that role's, never the project role's.
 */
export function composeInfrastructureBuilds(stack: EnvironmentServicesScope): InfrastructureBuilds {
  const { model, environment } = stack;
  const byService = new Map<string, ServiceInfrastructureBuilds>();
  let scope: Construct | undefined;
  for (const service of stack.services) {
    if (!model.service(service.name).reach.includes(environment.name)) continue;
    const infrastructure = resolveInfrastructure(service, environment);
    if (infrastructure === undefined) continue;
    scope ??= new Construct(stack, 'infrastructure-builds');
    const serviceScope = new Construct(scope, service.name);
    byService.set(service.name, {
      infrastructure,
      plan: projectFor(stack, serviceScope, service, infrastructure, 'iac-plan'),
      apply: projectFor(stack, serviceScope, service, infrastructure, 'iac-apply'),
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
  const options: InfrastructureBuildspecOptions = {
    tool: infrastructure.tool,
    directory: infrastructure.directory,
    terraformVersion: infrastructure.terraformVersion,
    cdktfVersion: infrastructure.cdktfVersion,
    stack: infrastructure.stack,
    architecture: settings.architecture,
    roleArn: assumedRoleArn,
    sessionName: projectName.slice(0, 64),
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
        : infrastructureApplyBuildspec({ ...options, planArtifact: PLAN_ARTIFACT }),
    computeType: isLambdaCompute(settings.computeType) ? FALLBACK_COMPUTE : settings.computeType,
    architecture: settings.architecture,
    privileged: false,
    kmsKeyArn: shared.keyArn,
    logGroupName: codebuildLogGroupName(prefix, env, projectName),
    logRetentionDays: environment.logRetentionDays,
    artifactBucketArn: shared.artifactBucketArn,
    artifactBucketName: shared.artifactBucketName,
    artifactPrefix: `codebuild/${projectName}`,
    // providers come from the lock file on every run; a cache would only hold what the plan artifact carries
    cache: 'none',
    buildTimeoutMinutes: settings.timeoutMinutes,
    queuedTimeoutMinutes: settings.queuedTimeoutMinutes,
    // one run at a time: a second would wait on the state lock anyway
    concurrentBuildLimit: 1,
    pipelineArtifactPrefixes: [pipelineArtifactPrefix(prefix, env, service.name)],
    assumeRoleArns: [assumedRoleArn],
  });
}
