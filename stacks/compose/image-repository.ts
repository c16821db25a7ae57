import {
  buildRoleName,
  codebuildLogGroupName,
  codebuildProjectName,
  ecrRepositoryName,
  imagePullRoleNames,
  imageReleaseRoleName,
  pipelineArtifactPrefix,
  type ServiceConfig,
} from '../../model';
import { firstOf } from '../../model/promotion';
import {
  buildsImage,
  CodebuildProject,
  imageReleaseBuildspec,
  isLambdaCompute,
  type CodebuildImageRepository,
  type DeployPackaging,
} from '../../modules/codebuild-project';
import { iamRoleArn, type Construct } from '../../modules/core';
import { EcrRepository, type EcrPullAccount } from '../../modules/ecr-repository';
import type { EnvironmentServicesScope } from '../shared-resources';

/** The image repository of a service, and its release tagger where the image is promoted on. */
export interface ServiceImageRepository {
  /** The repository as the build pushes to it (`access: 'push'`). */
  readonly repository: CodebuildImageRepository;
  /** The project that tags a promoted image `release-...` (the pipeline's Promote stage); undefined: no promotion. */
  readonly release?: CodebuildProject;
}

/** Project name purpose of the release tagger. */
export const IMAGE_RELEASE_PURPOSE = 'image-release';

/**
 * The ECR repository of a service whose build pushes an image (a container deploy target, or `build.docker`), in
 * the environment where its pipeline builds (the first of its reach; the first environment when it has no
 * pipeline): the build pushes `<repository>:<commit>` there, and the later environments of its reach pull that
 * same digest with their deploy principals (`imagePullRoleNames`). Where the pipeline promotes the artifact on, its
 * release tagger too: the one other role that may put a tag there (release-...), which the lifecycle rules keep.
 * Undefined for every other service and environment.
 */
export function composeImageRepository(
  stack: EnvironmentServicesScope,
  scope: Construct,
  service: ServiceConfig,
  deploy: DeployPackaging | undefined,
): ServiceImageRepository | undefined {
  const { model, environment } = stack;
  const prefix = model.organisation.prefix;
  const resolved = model.service(service.name);
  const builds = resolved.reach.length > 0 ? firstOf(resolved.reach) : model.first.name;
  if (environment.name !== builds || !resolved.buildPurposesIn(environment.name).includes('build')) return undefined;
  if (!buildsImage({ docker: service.build.docker, deploy })) return undefined;

  const pullAccounts = new Map<string, string[]>();
  for (const later of resolved.reach.slice(1)) {
    const account = model.environment(later).account;
    const pipelineDeploy = resolved.pipeline?.deploy;
    if (account === environment.account.id || pipelineDeploy === undefined) continue;
    const roles = imagePullRoleNames(prefix, later, service.name, pipelineDeploy);
    pullAccounts.set(account, [...(pullAccounts.get(account) ?? []), ...roles]);
  }
  // the pipeline builds here and promotes to a later environment: its Promote stage tags the image it hands on
  const releases = resolved.pipeline !== undefined && resolved.reach.length > 1;
  const releaseRoleName = imageReleaseRoleName(prefix, environment.name, service.name);
  const repository = new EcrRepository(scope, 'image-repository', {
    repositoryName: ecrRepositoryName(prefix, service.name),
    accountId: environment.account.id,
    region: environment.account.region,
    partition: stack.partition,
    kmsKeyArn: stack.shared.keyArn,
    pushRoleArn: iamRoleArn(stack.partition, environment.account.id, buildRoleName(prefix, environment.name, service.name, 'build')),
    releaseRoleArn: releases ? iamRoleArn(stack.partition, environment.account.id, releaseRoleName) : undefined,
    pullAccounts: [...pullAccounts]
      .filter(([, roles]) => roles.length > 0)
      .map(([accountId, roleNames]): EcrPullAccount => ({ accountId, roleNames })),
    // the images production runs live here: never destroyed with the stack
    preventDestroy: resolved.reachesProduction || environment.protectStatefulResources,
  });
  const image = { arn: repository.arn, uri: repository.uri };
  return {
    repository: { ...image, access: 'push' },
    release: releases ? releaseProject(stack, scope, service, releaseRoleName, image, ecrRepositoryName(prefix, service.name)) : undefined,
  };
}

/** The release tagger: a small project of its own, with the right to put a tag on the service's images only. */
function releaseProject(
  stack: EnvironmentServicesScope,
  scope: Construct,
  service: ServiceConfig,
  roleName: string,
  image: { readonly arn: string; readonly uri: string },
  repositoryName: string,
): CodebuildProject {
  const { environment, model } = stack;
  const prefix = model.organisation.prefix;
  const projectName = codebuildProjectName(prefix, environment.name, service.name, IMAGE_RELEASE_PURPOSE);
  const settings = environment.build;
  return new CodebuildProject(scope, IMAGE_RELEASE_PURPOSE, {
    projectName,
    roleName,
    description: `Tags the image of ${service.name} that ${environment.name} promotes (release-*: kept by the lifecycle rules)`,
    accountId: environment.account.id,
    region: environment.account.region,
    partition: stack.partition,
    source: { type: 'CODEPIPELINE' },
    buildspec: imageReleaseBuildspec({ repositoryName, repositoryUri: image.uri }),
    // a few API calls: the light compute, on the standard image (its AWS CLI), never Lambda compute
    computeType: isLambdaCompute(settings.lightComputeType) ? 'BUILD_GENERAL1_SMALL' : settings.lightComputeType,
    architecture: settings.architecture,
    privileged: false,
    logGroupName: codebuildLogGroupName(prefix, environment.name, projectName),
    logRetentionDays: environment.logRetentionDays,
    artifactStore: stack.shared.artifactStore,
    artifactPrefix: `codebuild/${projectName}`,
    cache: 'none',
    buildTimeoutMinutes: 10,
    queuedTimeoutMinutes: settings.queuedTimeoutMinutes,
    pipelineArtifactPrefixes: [pipelineArtifactPrefix(prefix, environment.name, service.name)],
    imageRepository: { ...image, access: 'tag' },
  });
}
