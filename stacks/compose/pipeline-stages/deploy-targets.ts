import { deployTargetDefaults, ecsTaskExecutionRoleName, ecsTaskRoleName, type PipelineDeployConfig } from '../../../model';
import { APPLY_STAGE_VARIABLE, DEPLOY_TEMPLATE_DEFAULTS } from '../../../modules/codebuild-project';
import type { CodeBuildAction, PipelineActionSpec } from '../../../modules/codepipeline';
import { iamRoleArn } from '../../../modules/core';
import { LAMBDA_RELEASE_PURPOSE } from '../lambda-release';
import { ARTIFACTS, STAGES, type StageContext } from './context';

/** Deploy targets (`pipeline.deploy.type`). */
export type DeployTargetType = PipelineDeployConfig['type'];
type ConfigOf<T extends DeployTargetType> = Extract<PipelineDeployConfig, { type: T }>;

/**
 * How a failed deploy (or its failed post-deploy check) is undone:
 * - `codedeploy`: the deployment group rolls back a failed deployment itself (auto-rollback on failure and on
 *   its alarms); the stage rollback redeploys the last successful revision when the check after it fails;
 * - `stage`: CodePipeline V2 stage rollback redeploys the artifact of the last successful execution;
 * - `stage-replan`: stage rollback reruns the apply with the last successful execution's configuration and saved
 *   plan; the apply sees it runs as a rollback, plans that configuration again against the current state and
 *   applies the new plan (the saved one is stale: that execution applied it) (docs/deploy-targets.md).
 */
export type RollbackKind = 'codedeploy' | 'stage' | 'stage-replan';

/** One row of the deploy target table. */
export interface DeployTarget<T extends DeployTargetType> {
  /** CodePipeline action provider of the deploy. */
  readonly provider: string;
  readonly rollback: RollbackKind;
  /** Files of the input artifact the deploy action reads (a folder ends in `/`; none: the artifact itself). */
  inputFiles(deploy: ConfigOf<T>): readonly string[];
  /** The deploy action(s) of the target, from run order 1. */
  actions(ctx: StageContext, deploy: ConfigOf<T>): PipelineActionSpec[];
}

const input = ARTIFACTS.artifact;

/** The service's CodeDeploy application and group (stacks/compose/deploy.ts), as a deploy action names them. */
function codeDeployOf(ctx: StageContext, type: DeployTargetType) {
  const { service, environment } = ctx.placement;
  const deployment = ctx.parts.deployments.get(service.name);
  if (deployment === undefined) {
    throw new Error(
      `service "${service.name}" in ${environment.name}: pipeline.deploy.type "${type}" needs the service's CodeDeploy deployment`,
    );
  }
  const target = {
    applicationName: deployment.applicationName,
    deploymentGroupName: deployment.deploymentGroupName,
    deployerStatements: deployment.deployerStatements,
    input,
  };
  return { deployment, target };
}

/** ARN of a role of the pipeline's environment account. */
function roleArn(ctx: StageContext, name: string): string {
  return iamRoleArn(ctx.stack.organisation.partition, ctx.placement.environment.account.id, name);
}

/** Names the defaults of a deploy target are derived from. */
function names(ctx: StageContext) {
  return { prefix: ctx.stack.organisation.prefix, env: ctx.placement.environment.name, service: ctx.placement.service.name };
}

/** The deploy targets: provider, rollback, the files each reads and the action(s) it runs. */
export const DEPLOY_TARGETS: { readonly [T in DeployTargetType]: DeployTarget<T> } = {
  'codedeploy-ec2': {
    provider: 'CodeDeploy',
    rollback: 'codedeploy',
    inputFiles: () => [DEPLOY_TEMPLATE_DEFAULTS.appSpec],
    actions: (ctx, deploy) => [{ kind: 'codedeploy', name: deploy.type, platform: 'Server', ...codeDeployOf(ctx, deploy.type).target }],
  },
  'codedeploy-lambda': {
    provider: 'CodeDeploy',
    rollback: 'codedeploy',
    inputFiles: () => [DEPLOY_TEMPLATE_DEFAULTS.appSpec],
    // the release step deploys the promoted code as a new version and writes the appspec that shifts the alias to it
    actions: (ctx, deploy) => [
      { ...ctx.build(LAMBDA_RELEASE_PURPOSE, LAMBDA_RELEASE_PURPOSE, [input], [ARTIFACTS.lambdaRelease]), runOrder: 1 },
      {
        kind: 'codedeploy',
        name: deploy.type,
        platform: 'Lambda',
        ...codeDeployOf(ctx, deploy.type).target,
        input: ARTIFACTS.lambdaRelease,
        runOrder: 2,
      },
    ],
  },
  'codedeploy-ecs': {
    provider: 'CodeDeployToECS',
    rollback: 'codedeploy',
    inputFiles: (deploy) => [deploy.taskDefinitionPath, deploy.appSpecPath, 'imageDetail.json'],
    actions: (ctx, deploy) => {
      const { deployment, target } = codeDeployOf(ctx, deploy.type);
      return [
        {
          kind: 'codedeploy-ecs',
          name: 'codedeploy-ecs',
          platform: 'ECS',
          ...target,
          taskDefinitionPath: deploy.taskDefinitionPath,
          appSpecPath: deploy.appSpecPath,
          passRoleArns: deployment.taskRoleArns,
        },
      ];
    },
  },
  ecs: {
    provider: 'ECS',
    rollback: 'stage',
    inputFiles: (deploy) => [deploy.imageDefinitionsFile],
    actions: (ctx, deploy) => {
      const { prefix, env, service } = names(ctx);
      return [
        {
          kind: 'ecs',
          name: 'ecs',
          cluster: deploy.cluster ?? deployTargetDefaults.cluster(prefix, env),
          service: deploy.service ?? service,
          imageDefinitionsFile: deploy.imageDefinitionsFile,
          passRoleArns: [ecsTaskRoleName(prefix, env, service), ecsTaskExecutionRoleName(prefix, env, service)].map((n) => roleArn(ctx, n)),
          input,
        },
      ];
    },
  },
  'elastic-beanstalk': {
    provider: 'ElasticBeanstalk',
    rollback: 'stage',
    // the source bundle is the artifact itself
    inputFiles: () => [],
    actions: (ctx, deploy) => {
      const { env, service } = names(ctx);
      return [
        {
          kind: 'elastic-beanstalk',
          name: 'elastic-beanstalk',
          application: deploy.application ?? service,
          environment: deploy.environment ?? deployTargetDefaults.beanstalkEnvironment(service, env),
          input,
        },
      ];
    },
  },
  cloudformation: {
    provider: 'CloudFormation',
    rollback: 'stage',
    inputFiles: (deploy) => [deploy.templatePath, DEPLOY_TEMPLATE_DEFAULTS.templateConfigurationPath],
    actions: (ctx, deploy) => {
      const { prefix, env, service } = names(ctx);
      return [
        {
          kind: 'cloudformation',
          name: 'cloudformation',
          stackName: deploy.stackName ?? deployTargetDefaults.cloudformationStack(prefix, env, service),
          templatePath: deploy.templatePath,
          templateConfigurationPath: DEPLOY_TEMPLATE_DEFAULTS.templateConfigurationPath,
          capabilities: deploy.capabilities,
          executionRoleArn: roleArn(ctx, deploy.executionRoleName),
          input,
        },
      ];
    },
  },
  s3: {
    provider: 'S3',
    rollback: 'stage',
    // the site is the artifact itself, extracted into the bucket
    inputFiles: () => [],
    actions: (ctx, deploy) => {
      const { prefix, env, service } = names(ctx);
      const account = ctx.placement.environment.account.id;
      return [
        {
          kind: 's3-deploy',
          name: 's3',
          bucketName: deploy.bucketName ?? deployTargetDefaults.s3Bucket(prefix, env, service, account),
          extract: true,
          cacheControl: deploy.cacheControl,
          input,
        },
      ];
    },
  },
  eks: {
    provider: 'EKS',
    rollback: 'stage',
    inputFiles: (deploy) => deploy.manifestFiles,
    actions: (ctx, deploy) => {
      const { prefix, env, service } = names(ctx);
      return [
        {
          kind: 'eks',
          name: 'eks',
          cluster: deploy.cluster ?? deployTargetDefaults.cluster(prefix, env),
          namespace: deploy.namespace ?? service,
          manifestFiles: deploy.manifestFiles,
          input,
        },
      ];
    },
  },
  infrastructure: {
    provider: 'CodeBuild',
    rollback: 'stage-replan',
    // the configuration; the apply reads the saved plan from the second input (the InfrastructurePlan stage's)
    inputFiles: () => [],
    // primary input: the artifact; the saved plan of the InfrastructurePlan stage beside it
    actions: (ctx, deploy) => [infrastructureApply(ctx, deploy.tool, input, STAGES.deploy)],
  },
};

/**
 * The apply of a saved plan in `stage`: the configuration (`primary`) with the plan artifact beside it; the stage's
 * name for the build, which asks the pipeline whether the stage runs as a rollback (APPLY_STAGE_VARIABLE).
 */
export function infrastructureApply(ctx: StageContext, tool: string, primary: string, stage: string): CodeBuildAction {
  return {
    ...ctx.build(`${tool}-apply`, 'iac-apply', [primary, ARTIFACTS.plan]),
    environmentVariables: { [APPLY_STAGE_VARIABLE]: stage },
  };
}

/** The deploy action(s) of a pipeline's deploy target. */
export function deployActions(ctx: StageContext): PipelineActionSpec[] {
  const deploy = ctx.placement.pipeline.deploy;
  const target = DEPLOY_TARGETS[deploy.type] as DeployTarget<DeployTargetType>;
  return target.actions(ctx, deploy as never);
}
