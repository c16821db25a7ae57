import { buildRoleName, ecrRepositoryName, imagePullRoleNames, type ServiceConfig } from '../../model';
import { firstOf } from '../../model/promotion';
import { buildsImage, type CodebuildImageRepository, type DeployPackaging } from '../../modules/codebuild-project';
import { iamRoleArn, type Construct } from '../../modules/core';
import { EcrRepository, type EcrPullAccount } from '../../modules/ecr-repository';
import type { EnvironmentServicesScope } from '../shared-resources';

/**
 * The ECR repository of a service whose build pushes an image (a container deploy target, or `build.docker`), in
 * the environment where its pipeline builds (the first of its reach; the first environment when it has no
 * pipeline): the build pushes `<repository>:<commit>` there, and the later environments of its reach pull that
 * same digest with their deploy principals (`imagePullRoleNames`). Undefined for every other service and environment.
 */
export function composeImageRepository(
  stack: EnvironmentServicesScope,
  scope: Construct,
  service: ServiceConfig,
  deploy: DeployPackaging | undefined,
): CodebuildImageRepository | undefined {
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
  const repository = new EcrRepository(scope, 'image-repository', {
    repositoryName: ecrRepositoryName(prefix, service.name),
    accountId: environment.account.id,
    region: environment.account.region,
    partition: stack.partition,
    kmsKeyArn: stack.shared.keyArn,
    pushRoleArn: iamRoleArn(stack.partition, environment.account.id, buildRoleName(prefix, environment.name, service.name, 'build')),
    pullAccounts: [...pullAccounts]
      .filter(([, roles]) => roles.length > 0)
      .map(([accountId, roleNames]): EcrPullAccount => ({ accountId, roleNames })),
    // the images production runs live here: never destroyed with the stack
    preventDestroy: resolved.reachesProduction || environment.protectStatefulResources,
  });
  return { arn: repository.arn, uri: repository.uri, access: 'push' };
}
