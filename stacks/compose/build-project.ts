import {
  buildRoleName,
  codebuildArtifactPrefix,
  codebuildLogGroupName,
  codebuildProjectName,
  codeArtifactRepositoryName,
  pipelineArtifactPrefix,
  deployTargetDefaults,
  secretName,
  type PipelineDeployConfig,
  type ServiceConfig,
} from '../../model';
import { CODEARTIFACT_READ_PURPOSES, type BuildPurpose, type CodeArtifactLocation, type Construct } from '../../modules/core';
import {
  buildsImage,
  CodebuildProject,
  DEPLOY_TEMPLATE_DEFAULTS,
  ECOSYSTEM_DEFAULTS,
  isLambdaCompute,
  serviceBuildspec,
  type CodebuildCodeArtifact,
  type CodebuildImageRepository,
  type CodebuildReports,
  type DeployPackaging,
} from '../../modules/codebuild-project';
import { codeArtifactRepository } from '../../modules/codeartifact';
import type { ConnectionProvider } from '../../modules/codepipeline';
import type { EnvironmentServicesScope } from '../shared-resources';
import { buildSource } from './build-sources';
import type { ConnectionRef } from './pipeline';

/** What the build emits for the service's deploy action (modules/codebuild-project/deploy-buildspecs.ts). */
export function deployPackaging(deploy: PipelineDeployConfig): DeployPackaging {
  switch (deploy.type) {
    case 'codedeploy-ecs':
      return { target: deploy.type, taskDefinitionPath: deploy.taskDefinitionPath, appSpecPath: deploy.appSpecPath };
    case 'ecs':
      return { target: deploy.type, imageDefinitionsFile: deploy.imageDefinitionsFile };
    case 'eks':
      return { target: deploy.type, manifestFiles: deploy.manifestFiles };
    case 'cloudformation':
      return {
        target: deploy.type,
        templatePath: deploy.templatePath,
        templateConfigurationPath: DEPLOY_TEMPLATE_DEFAULTS.templateConfigurationPath,
      };
    default:
      return { target: deploy.type };
  }
}

/** Why a Docker build needs privileged mode: the suppression reason shown in the synth report. */
const DOCKER_REASON =
  'The service ships a container image: building it needs the Docker daemon, which CodeBuild runs only in privileged mode. Limited to this build project; its role holds no deploy rights.';

/** Where one service's project of one purpose runs: the stack, the environment's place, and what the environment shares. */
export interface BuildProjectContext {
  readonly stack: EnvironmentServicesScope;
  readonly service: ServiceConfig;
  readonly purpose: BuildPurpose;
  readonly isFirst: boolean;
  /** The CodeArtifact domain. */
  readonly location: CodeArtifactLocation;
  readonly connections: ReadonlyMap<ConnectionProvider, ConnectionRef>;
  /** The service's ECR repository with the access this purpose needs, where it has one. */
  readonly imageRepository?: CodebuildImageRepository;
}

/**
 * The secrets one project reads: each `build.secrets` variable whose declared secret lists `purpose`
 * among its build readers, as variable -> Secrets Manager name (a reference, never a value).
 */
function buildSecrets(service: ServiceConfig, purpose: BuildPurpose, physical: (name: string) => string): Record<string, string> {
  const readers = new Map(service.secrets.map((s) => [s.name, s.readers.builds as readonly string[]]));
  return Object.fromEntries(
    Object.entries(service.build.secrets)
      .filter(([, name]) => readers.get(name)?.includes(purpose) ?? false)
      .map(([variable, name]) => [variable, physical(name)]),
  );
}

/** The report groups of a test project: JUnit and coverage for unit tests, JUnit for integration tests, none otherwise. */
function buildReports(service: ServiceConfig, purpose: BuildPurpose): CodebuildReports | undefined {
  const { reports } = service.build;
  if (purpose === 'unit-test') {
    return { junit: reports.junit, coverage: { file: reports.coverage, format: reports.coverageFormat }, export: reports.export };
  }
  if (purpose === 'integration-test') return { junit: reports.junit, export: reports.export };
  return undefined;
}

/** The CodeArtifact repository of the service's ecosystem, for the purposes that install dependencies through it. */
function buildCodeArtifact(ctx: BuildProjectContext): CodebuildCodeArtifact | undefined {
  const { build } = ctx.service;
  if (!build.codeArtifact || !CODEARTIFACT_READ_PURPOSES.includes(ctx.purpose)) return undefined;
  return {
    repository: codeArtifactRepository(ctx.location, codeArtifactRepositoryName(build.ecosystem)),
    tool: ECOSYSTEM_DEFAULTS[build.ecosystem].tool,
  };
}

/**
 * The project's plain variables (IMAGE_REPOSITORY_URI is the project's own, with its ECR rights): the container's
 * name for a Docker build, the site's URL for the validation of an S3 deploy.
 */
function buildVariables(ctx: BuildProjectContext, docker: boolean): Record<string, string> {
  const { stack, service, purpose } = ctx;
  const { environment } = stack;
  const resolved = stack.model.service(service.name).pipeline;
  const variables: Record<string, string> = {};
  if (docker) variables.CONTAINER_NAME = service.name;
  if (purpose === 'validate' && resolved?.deploy.type === 's3') {
    const bucket =
      resolved.deploy.bucketName ??
      deployTargetDefaults.s3Bucket(stack.config.organisation.prefix, environment.name, service.name, environment.account.id);
    variables.SITE_URL = `https://${bucket}.s3.${environment.account.region}.amazonaws.com/index.html`;
  }
  return variables;
}

/** The CodeBuild project of one service and purpose in the stack's environment, sized by the environment's build settings. */
export function buildProject(scope: Construct, ctx: BuildProjectContext): CodebuildProject {
  const { stack, service, purpose } = ctx;
  const { environment } = stack;
  const { build } = service;
  const settings = environment.build;
  const prefix = stack.config.organisation.prefix;
  const projectName = codebuildProjectName(prefix, environment.name, service.name, purpose);
  const vpc = build.vpc[environment.name];
  const sharded = build.batch !== undefined && (build.batch.purposes as readonly string[]).includes(purpose);
  // validate is a light job: the cheap compute, unless it must join a VPC, which Lambda compute cannot
  const light = purpose === 'validate' && !(vpc !== undefined && isLambdaCompute(settings.lightComputeType));
  const resolved = stack.model.service(service.name).pipeline;
  const deploy = resolved === undefined ? undefined : deployPackaging(resolved.deploy);
  const docker = purpose === 'build' && buildsImage({ docker: build.docker, deploy });

  return new CodebuildProject(scope, purpose, {
    projectName,
    roleName: buildRoleName(prefix, environment.name, service.name, purpose),
    description: `${purpose} of ${service.name} in ${environment.name}`,
    accountId: environment.account.id,
    region: environment.account.region,
    partition: stack.partition,
    // the service's own source host: GitHub (PR builds), CodeCommit, S3, or the pipeline (stacks/compose/build-sources.ts)
    source: buildSource(stack, service, purpose, ctx.isFirst, ctx.connections.get('github')?.arn),
    buildspec: serviceBuildspec(purpose, {
      ecosystem: build.ecosystem,
      docker: build.docker,
      commands: build.commands,
      sharded,
      deploy,
      variables: buildVariables(ctx, docker),
    }),
    computeType: light ? settings.lightComputeType : settings.computeType,
    architecture: settings.architecture,
    lambdaRuntime: ECOSYSTEM_DEFAULTS[build.ecosystem].lambdaRuntime,
    privileged: docker,
    privilegedReason: docker ? DOCKER_REASON : undefined,
    logGroupName: codebuildLogGroupName(prefix, environment.name, projectName),
    logRetentionDays: environment.logRetentionDays,
    artifactStore: stack.shared.artifactStore,
    artifactPrefix: codebuildArtifactPrefix(projectName),
    cache: purpose === 'validate' || purpose === 'security-scan' ? 'none' : build.cache,
    buildTimeoutMinutes: settings.timeoutMinutes,
    queuedTimeoutMinutes: settings.queuedTimeoutMinutes,
    concurrentBuildLimit: settings.concurrentBuildLimit,
    vpc,
    reports: buildReports(service, purpose),
    batch: sharded && build.batch ? { shards: build.batch.shards } : undefined,
    secrets: buildSecrets(service, purpose, (name) => secretName(prefix, environment.name, service.name, name)),
    codeArtifact: buildCodeArtifact(ctx),
    // the service's pipeline (stacks/compose/pipeline.ts) hands this project its artifacts
    pipelineArtifactPrefixes: service.pipeline === undefined ? [] : [pipelineArtifactPrefix(prefix, environment.name, service.name)],
    imageRepository: ctx.imageRepository,
  });
}
