import {
  codebuildLogGroupName,
  codebuildProjectName,
  lambdaReleaseRoleName,
  pipelineArtifactPrefix,
  type ServiceConfig,
} from '../../model';
import { CodebuildProject, isLambdaCompute, lambdaReleaseBuildspec } from '../../modules/codebuild-project';
import { lambdaFunctionArn, type Construct } from '../../modules/core';
import type { EnvironmentServicesScope } from '../shared-resources';

/** Project name purpose of the Lambda release step. */
export const LAMBDA_RELEASE_PURPOSE = 'lambda-release';

/**
 * The Lambda release step of a service deployed by CodeDeploy to a Lambda alias, in each environment its pipeline
 * runs in: a small project of its own, whose role may update the code of, publish a version of and read the alias
 * of that one function only. Its Deploy stage runs it before the CodeDeploy action, which deploys the appspec it
 * writes (stacks/compose/pipeline-stages/deploy-targets.ts). Undefined for every other service and environment.
 */
export function composeLambdaRelease(
  stack: EnvironmentServicesScope,
  scope: Construct,
  service: ServiceConfig,
): CodebuildProject | undefined {
  const { environment, model } = stack;
  const resolved = model.service(service.name);
  const deploy = service.deploy;
  if (resolved.pipeline?.deploy.type !== 'codedeploy-lambda' || !resolved.reaches(environment.name)) return undefined;
  if (deploy?.target !== 'lambda') return undefined;
  const prefix = model.organisation.prefix;
  const projectName = codebuildProjectName(prefix, environment.name, service.name, LAMBDA_RELEASE_PURPOSE);
  const settings = environment.build;
  const at = { partition: stack.partition, region: environment.account.region, accountId: environment.account.id };
  return new CodebuildProject(scope, LAMBDA_RELEASE_PURPOSE, {
    projectName,
    roleName: lambdaReleaseRoleName(prefix, environment.name, service.name),
    description: `Deploys the promoted code of ${service.name} to ${deploy.functionName} as a new version, for CodeDeploy to shift ${deploy.alias} to`,
    accountId: environment.account.id,
    region: environment.account.region,
    partition: stack.partition,
    source: { type: 'CODEPIPELINE' },
    buildspec: lambdaReleaseBuildspec({ functionName: deploy.functionName, alias: deploy.alias }),
    // a few API calls: the light compute, on the standard image (its AWS CLI), never Lambda compute
    computeType: isLambdaCompute(settings.lightComputeType) ? 'BUILD_GENERAL1_SMALL' : settings.lightComputeType,
    architecture: settings.architecture,
    privileged: false,
    logGroupName: codebuildLogGroupName(prefix, environment.name, projectName),
    logRetentionDays: environment.logRetentionDays,
    artifactStore: stack.shared.artifactStore,
    artifactPrefix: `codebuild/${projectName}`,
    cache: 'none',
    buildTimeoutMinutes: 15,
    queuedTimeoutMinutes: settings.queuedTimeoutMinutes,
    pipelineArtifactPrefixes: [pipelineArtifactPrefix(prefix, environment.name, service.name)],
    lambdaFunctionArn: lambdaFunctionArn(at, deploy.functionName),
  });
}
