import {
  buildRoleName,
  codebuildLogGroupName,
  codebuildProjectName,
  codeArtifactLocation,
  codeArtifactRepositoryName,
  pipelineArtifactPrefix,
  deployTargetDefaults,
  secretName,
  type PipelineDeployConfig,
  type ServiceConfig,
} from '../../model';
import {
  BUILD_PURPOSES,
  CODEARTIFACT_READ_PURPOSES,
  Construct,
  codeArtifactDomainArn,
  codeArtifactRepositoryArn,
  type BuildPurpose,
} from '../../modules/core';
import {
  buildsImage,
  CodebuildProject,
  DEPLOY_TEMPLATE_DEFAULTS,
  ECOSYSTEM_DEFAULTS,
  isLambdaCompute,
  serviceBuildspec,
  type CodebuildImageRepository,
  type CodebuildReports,
  type DeployPackaging,
} from '../../modules/codebuild-project';
import type { ConnectionProvider } from '../../modules/codepipeline';
import type { EnvironmentServicesScope } from '../shared-resources';
import type { ConnectionRef } from './pipeline';

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
import { buildSource } from './build-sources';
import { composeImageRepository } from './image-repository';

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

/** The CodeBuild projects of one environment, for the pipelines that run them. */
export interface EnvironmentBuilds {
  /** Purposes this environment has projects for (all five in the first environment; tests and validation later). */
  readonly purposes: readonly BuildPurpose[];
  /** Projects by service name, then purpose. */
  readonly byService: Readonly<Record<string, Readonly<Partial<Record<BuildPurpose, CodebuildProject>>>>>;
  /** The project of `service` for `purpose`; throws, naming what exists, when there is none. */
  project(service: string, purpose: BuildPurpose): CodebuildProject;
}

/**
 * A CodeBuild project per service of the stack (`stack.services`) and purpose, sized by the environment's build
 * settings; pull-request builds (webhooks and status checks) in the first environment of the promotion order.
 */
export function composeBuilds(
  stack: EnvironmentServicesScope,
  connections: ReadonlyMap<ConnectionProvider, ConnectionRef> = new Map(),
): EnvironmentBuilds {
  const { config, environment, env } = stack;
  const { organisation } = config;
  const isFirst = env.first;
  const scope = new Construct(stack, 'builds');
  const location = codeArtifactLocation(organisation);

  const byService: Record<string, Partial<Record<BuildPurpose, CodebuildProject>>> = {};
  const used = new Set<BuildPurpose>();
  for (const service of stack.services) {
    const serviceScope = new Construct(scope, service.name);
    const projects: Partial<Record<BuildPurpose, CodebuildProject>> = {};
    const resolved = stack.model.service(service.name).pipeline;
    const repository = composeImageRepository(stack, serviceScope, service, resolved && deployPackaging(resolved.deploy));
    for (const purpose of stack.model.service(service.name).buildPurposesIn(environment.name)) {
      used.add(purpose);
      const image =
        repository === undefined || (purpose !== 'build' && purpose !== 'security-scan')
          ? undefined
          : { ...repository, access: purpose === 'build' ? ('push' as const) : ('pull' as const) };
      projects[purpose] = projectFor(stack, serviceScope, service, purpose, isFirst, location, connections, image);
    }
    byService[service.name] = projects;
  }
  const purposes = BUILD_PURPOSES.filter((p) => used.has(p));

  return {
    purposes,
    byService,
    project(service, purpose) {
      const project = byService[service]?.[purpose];
      if (project === undefined) {
        throw new Error(
          `environment "${environment.name}" has no ${purpose} project for service "${service}" ` +
            `(services: ${Object.keys(byService).join(', ')}; purposes here: ${purposes.join(', ')})`,
        );
      }
      return project;
    },
  };
}

function projectFor(
  stack: EnvironmentServicesScope,
  scope: Construct,
  service: ServiceConfig,
  purpose: BuildPurpose,
  isFirst: boolean,
  location: ReturnType<typeof codeArtifactLocation>,
  connections: ReadonlyMap<ConnectionProvider, ConnectionRef>,
  imageRepository: CodebuildImageRepository | undefined,
): CodebuildProject {
  const { config, environment } = stack;
  const { organisation } = config;
  const { build } = service;
  const settings = environment.build;
  const prefix = organisation.prefix;
  const projectName = codebuildProjectName(prefix, environment.name, service.name, purpose);
  const defaults = ECOSYSTEM_DEFAULTS[build.ecosystem];
  const vpc = build.vpc[environment.name];
  const sharded = build.batch !== undefined && (build.batch.purposes as readonly string[]).includes(purpose);

  // validate is a light job: the cheap compute, unless it must join a VPC, which Lambda compute cannot
  const light = purpose === 'validate' && !(vpc !== undefined && isLambdaCompute(settings.lightComputeType));
  const computeType = light ? settings.lightComputeType : settings.computeType;
  const resolved = stack.model.service(service.name).pipeline;
  const deploy = resolved === undefined ? undefined : deployPackaging(resolved.deploy);
  const docker = purpose === 'build' && buildsImage({ docker: build.docker, deploy });
  // IMAGE_REPOSITORY_URI is the project's own variable, with its ECR rights (imageRepository below)
  const variables: Record<string, string> = {};
  if (docker) variables.CONTAINER_NAME = service.name;
  if (purpose === 'validate' && resolved?.deploy.type === 's3') {
    const bucket =
      resolved.deploy.bucketName ?? deployTargetDefaults.s3Bucket(prefix, environment.name, service.name, environment.account.id);
    variables.SITE_URL = `https://${bucket}.s3.${environment.account.region}.amazonaws.com/index.html`;
  }
  const cache = purpose === 'validate' || purpose === 'security-scan' ? 'none' : build.cache;

  // the service's own source host: GitHub (PR builds), CodeCommit, S3, or the pipeline (stacks/compose/build-sources.ts)
  const source = buildSource(stack, service, purpose, isFirst, connections.get('github')?.arn);

  const reportExport = build.reports.export;
  const reports: CodebuildReports | undefined =
    purpose === 'unit-test'
      ? {
          junit: build.reports.junit,
          coverage: { file: build.reports.coverage, format: build.reports.coverageFormat },
          export: reportExport,
        }
      : purpose === 'integration-test'
        ? { junit: build.reports.junit, export: reportExport }
        : undefined;

  const codeArtifact =
    build.codeArtifact && CODEARTIFACT_READ_PURPOSES.includes(purpose)
      ? {
          domain: location.domain,
          domainOwner: location.accountId,
          region: location.region,
          repository: codeArtifactRepositoryName(build.ecosystem),
          domainArn: codeArtifactDomainArn(location),
          repositoryArn: codeArtifactRepositoryArn(location, codeArtifactRepositoryName(build.ecosystem)),
          tool: defaults.tool,
        }
      : undefined;

  return new CodebuildProject(scope, purpose, {
    projectName,
    roleName: buildRoleName(prefix, environment.name, service.name, purpose),
    description: `${purpose} of ${service.name} in ${environment.name}`,
    accountId: environment.account.id,
    region: environment.account.region,
    partition: stack.partition,
    source,
    buildspec: serviceBuildspec(purpose, {
      ecosystem: build.ecosystem,
      docker: build.docker,
      commands: build.commands,
      sharded,
      deploy,
      variables,
    }),
    computeType,
    architecture: settings.architecture,
    lambdaRuntime: defaults.lambdaRuntime,
    privileged: docker,
    privilegedReason: docker ? DOCKER_REASON : undefined,
    kmsKeyArn: stack.shared.keyArn,
    logGroupName: codebuildLogGroupName(prefix, environment.name, projectName),
    logRetentionDays: environment.logRetentionDays,
    artifactBucketArn: stack.shared.artifactBucketArn,
    artifactBucketName: stack.shared.artifactBucketName,
    artifactPrefix: `codebuild/${projectName}`,
    cache,
    buildTimeoutMinutes: settings.timeoutMinutes,
    queuedTimeoutMinutes: settings.queuedTimeoutMinutes,
    concurrentBuildLimit: settings.concurrentBuildLimit,
    vpc,
    reports,
    batch: sharded && build.batch ? { shards: build.batch.shards } : undefined,
    secrets: buildSecrets(service, purpose, (name) => secretName(prefix, environment.name, service.name, name)),
    codeArtifact,
    // the service's pipeline (stacks/compose/pipeline.ts) hands this project its artifacts
    pipelineArtifactPrefixes: service.pipeline === undefined ? [] : [pipelineArtifactPrefix(prefix, environment.name, service.name)],
    imageRepository,
  });
}
