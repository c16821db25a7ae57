import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import {
  codebuildProjectName,
  connectionName,
  ecsTaskExecutionRoleName,
  ecsTaskRoleName,
  deployTargetDefaults,
  environmentKeyAliasArn,
  pipelineName,
  pipelineRoleName,
  promotionObjectKey,
  type PipelinePlacement,
  type ResolvedPipeline,
  type ServiceConfig,
} from '../../model';
import {
  DeliveryPipeline,
  SourceConnection,
  SourceConnectionReference,
  type CodeBuildAction,
  type ConnectionProvider,
  type PipelineActionSpec,
  type PipelineStageSpec,
} from '../../modules/codepipeline';
import { iamRoleArn, PIPELINE_TIER_TAG, s3Arn, type BuildPurpose } from '../../modules/core';
import { DEPLOY_TEMPLATE_DEFAULTS } from '../../modules/codebuild-project';
import type { CodeDeployService } from '../../modules/codedeploy-service';
import type { KmsPrincipalGrant } from '../../modules/kms-key';
import type { EnvironmentStack } from '../environment-stack';
import { PLAN_ARTIFACT, type InfrastructureBuilds } from './infrastructure-builds';
import type { EnvironmentServicesScope } from '../shared-resources';
import type { EnvironmentBuilds } from './builds';
import { buildConnectionProviders, withProviders } from './build-credentials';

/**
 * Artifact names every pipeline uses: the checked-out source, the built artifact, the IaC plan. CodeBuild
 * names secondary inputs by artifact name, which it allows only letters, digits and underscores.
 */
export const ARTIFACTS = { source: 'source', artifact: 'artifact', plan: PLAN_ARTIFACT } as const;

/** Stage names, in the order they may appear. */
export const STAGES = {
  source: 'Source',
  infrastructure: 'Infrastructure',
  build: 'Build',
  test: 'Test',
  securityScan: 'SecurityScan',
  plan: 'InfrastructurePlan',
  approval: 'Approval',
  deployInfrastructure: 'DeployInfrastructure',
  deploy: 'Deploy',
  validate: 'Validate',
  promote: 'Promote',
} as const;

function sidOf(...parts: string[]): string {
  return parts
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/**
 * Bucket policy statements of `environment`'s artifact store: the previous environment's pipeline role
 * of each promoted service may put exactly that service's hand-off object, and nothing else.
 */
export function promotionBucketStatements(stack: EnvironmentServicesScope): DataAwsIamPolicyDocumentStatement[] {
  const { model, env } = stack;
  const { prefix, partition } = model.organisation;
  const environment = env.config;
  return model.pipelinesIn(env.name).flatMap(({ service, previous }) =>
    previous === undefined
      ? []
      : [
          {
            sid: sidOf('AcceptPromotion', service.name),
            effect: 'Allow',
            principals: [
              {
                type: 'AWS',
                identifiers: [iamRoleArn(partition, previous.account.id, pipelineRoleName(prefix, previous.name, service.name))],
              },
            ],
            actions: ['s3:PutObject'],
            resources: [s3Arn(partition, env.shared.artifactBucketName, promotionObjectKey(service.name, environment.name))],
          },
        ],
  );
}

/** Key policy grants of `environment`'s key: the pipeline roles that promote into it encrypt their hand-offs through S3. */
export function promotionKeyGrants(stack: EnvironmentServicesScope): KmsPrincipalGrant[] {
  const { model, env } = stack;
  const { prefix, partition } = model.organisation;
  const environment = env.config;
  const principals = model
    .pipelinesIn(env.name)
    .flatMap(({ service, previous }) =>
      previous === undefined ? [] : [iamRoleArn(partition, previous.account.id, pipelineRoleName(prefix, previous.name, service.name))],
    );
  if (principals.length === 0) return [];
  return [
    {
      sid: 'PromotingPipelinesEncryptHandOvers',
      principalArns: [...new Set(principals)].sort(),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${environment.account.region}.amazonaws.com`] }],
    },
  ];
}

/** A Git host connection a pipeline's source action uses: created by the environment stack, or found by name. */
export interface ConnectionRef {
  readonly arn: string;
}

/** What a stack's pipelines run, from the same stack: its CodeBuild projects, CodeDeploy, Git connections. */
export interface PipelineParts {
  readonly builds: EnvironmentBuilds;
  /** Infrastructure plan and apply projects (stacks/compose/infrastructure-builds.ts). */
  readonly infrastructureBuilds: InfrastructureBuilds;
  readonly deployments: ReadonlyMap<string, CodeDeployService>;
  readonly connections: ReadonlyMap<ConnectionProvider, ConnectionRef>;
}

/** A CodeBuild project an action runs: its name and ARN. */
type ProjectRef = (purpose: string) => { readonly projectName: string; readonly projectArn?: string };

function testStage(service: ServiceConfig, pipeline: ResolvedPipeline, project: ProjectRef): PipelineStageSpec | undefined {
  if (pipeline.tests.length === 0) return undefined;
  const order = new Map<string, number>();
  const actions = pipeline.tests.map((test): PipelineActionSpec => {
    const runOrder = 1 + Math.max(0, ...test.dependsOn.map((d) => order.get(d) ?? 0));
    order.set(test.name, runOrder);
    return {
      kind: 'codebuild',
      name: test.name,
      category: 'Test',
      ...project(test.name),
      inputs: [ARTIFACTS.source, ARTIFACTS.artifact],
      runOrder,
      // a sharded project's buildspec lists its shards as a batch: only a batch build runs them
      batch: (service.build.batch?.purposes as readonly string[] | undefined)?.includes(test.name) ?? false,
    };
  });
  return { name: STAGES.test, actions };
}

function deployActions(
  stack: EnvironmentServicesScope,
  placement: PipelinePlacement,
  deployments: PipelineParts['deployments'],
  project: ProjectRef,
): PipelineActionSpec[] {
  const { prefix, partition } = stack.organisation;
  const { service, pipeline, environment } = placement;
  const env = environment.name;
  const input = ARTIFACTS.artifact;
  const deploy = pipeline.deploy;
  // The service's CodeDeploy application and group (stacks/compose/deploy.ts): real references, and the
  // statements a deployer needs as their owner states them. parseConfig guarantees one exists.
  const codedeployOf = (kind: string) => {
    const deployment = deployments.get(service.name);
    if (deployment === undefined) {
      throw new Error(`service "${service.name}" in ${env}: pipeline.deploy.type "${kind}" needs the service's CodeDeploy deployment`);
    }
    return {
      deployment,
      target: {
        applicationName: deployment.applicationName,
        deploymentGroupName: deployment.deploymentGroupName,
        deployerStatements: deployment.deployerStatements,
        input,
      },
    };
  };
  const taskRoles = [ecsTaskRoleName(prefix, env, service.name), ecsTaskExecutionRoleName(prefix, env, service.name)].map((n) =>
    iamRoleArn(partition, environment.account.id, n),
  );
  switch (deploy.type) {
    case 'codedeploy-ec2':
    case 'codedeploy-lambda': {
      const { target } = codedeployOf(deploy.type);
      return [{ kind: 'codedeploy', name: deploy.type, platform: deploy.type === 'codedeploy-ec2' ? 'Server' : 'Lambda', ...target }];
    }
    case 'codedeploy-ecs': {
      const { deployment, target } = codedeployOf(deploy.type);
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
    }
    case 'ecs':
      return [
        {
          kind: 'ecs',
          name: 'ecs',
          cluster: deploy.cluster ?? deployTargetDefaults.cluster(prefix, env),
          service: deploy.service ?? service.name,
          imageDefinitionsFile: deploy.imageDefinitionsFile,
          passRoleArns: taskRoles,
          input,
        },
      ];
    case 'elastic-beanstalk':
      return [
        {
          kind: 'elastic-beanstalk',
          name: 'elastic-beanstalk',
          application: deploy.application ?? service.name,
          environment: deploy.environment ?? deployTargetDefaults.beanstalkEnvironment(service.name, env),
          input,
        },
      ];
    case 'cloudformation':
      return [
        {
          kind: 'cloudformation',
          name: 'cloudformation',
          stackName: deploy.stackName ?? deployTargetDefaults.cloudformationStack(prefix, env, service.name),
          templatePath: deploy.templatePath,
          templateConfigurationPath: DEPLOY_TEMPLATE_DEFAULTS.templateConfigurationPath,
          capabilities: deploy.capabilities,
          executionRoleArn: iamRoleArn(partition, environment.account.id, deploy.executionRoleName),
          input,
        },
      ];
    case 's3':
      return [
        {
          kind: 's3-deploy',
          name: 's3',
          bucketName: deploy.bucketName ?? deployTargetDefaults.s3Bucket(prefix, env, service.name, environment.account.id),
          extract: true,
          cacheControl: deploy.cacheControl,
          input,
        },
      ];
    case 'eks':
      return [
        {
          kind: 'eks',
          name: 'eks',
          cluster: deploy.cluster ?? deployTargetDefaults.cluster(prefix, env),
          namespace: deploy.namespace ?? service.name,
          manifestFiles: deploy.manifestFiles,
          input,
        },
      ];
    case 'infrastructure':
      return [
        {
          kind: 'codebuild',
          name: `${deploy.tool}-apply`,
          ...project('iac-apply'),
          // primary input: the artifact; the saved plan of the InfrastructurePlan stage beside it
          inputs: [input, ARTIFACTS.plan],
        },
      ];
  }
}

/** The stages of one service's pipeline in one environment, from config. */
export function pipelineStages(stack: EnvironmentServicesScope, placement: PipelinePlacement, parts: PipelineParts): PipelineStageSpec[] {
  const { prefix, partition } = stack.organisation;
  const { builds, infrastructureBuilds, deployments, connections } = parts;
  const { shared } = stack;
  const { service, pipeline, environment, previous, next } = placement;
  const env = environment.name;
  // The service's CodeBuild projects (stacks/compose/builds.ts, infrastructure-builds.ts), by reference.
  const project: ProjectRef = (purpose) => {
    const iac = infrastructureBuilds.project(service.name, purpose);
    if (iac !== undefined) return { projectName: iac.name, projectArn: iac.arn };
    const built = builds.byService[service.name]?.[purpose as BuildPurpose];
    if (built !== undefined) return { projectName: built.name, projectArn: built.arn };
    return { projectName: codebuildProjectName(prefix, env, service.name, purpose) };
  };
  const build = (name: string, purpose: string, inputs: string[], outputs?: string[]): CodeBuildAction => ({
    kind: 'codebuild',
    name,
    ...project(purpose),
    inputs,
    outputs,
  });
  const stages: PipelineStageSpec[] = [];

  // Source: Git (or an upload) in the first environment; the promoted artifact everywhere after it.
  let source: PipelineActionSpec;
  if (previous !== undefined) {
    source = {
      kind: 's3-source',
      name: 'promoted-artifact',
      bucketName: shared.artifactBucketName,
      bucketArn: shared.artifactBucketArn,
      objectKey: promotionObjectKey(service.name, env),
      output: ARTIFACTS.artifact,
    };
  } else if (pipeline.source.type === 'connection') {
    const connection = connections.get(pipeline.source.provider);
    if (connection === undefined) throw new Error(`no ${pipeline.source.provider} connection in ${env} for service "${service.name}"`);
    source = {
      kind: 'connection-source',
      name: pipeline.source.provider,
      connectionArn: connection.arn,
      repository: pipeline.repository ?? service.name,
      branch: pipeline.source.branch,
      includePaths: pipeline.source.includePaths,
      excludePaths: pipeline.source.excludePaths,
      output: ARTIFACTS.source,
    };
  } else if (pipeline.source.type === 'codecommit') {
    source = {
      kind: 'codecommit-source',
      name: 'codecommit',
      repositoryName: pipeline.repository ?? service.name,
      branch: pipeline.source.branch,
      output: ARTIFACTS.source,
    };
  } else {
    source = {
      kind: 's3-source',
      name: 'upload',
      bucketName: shared.artifactBucketName,
      bucketArn: shared.artifactBucketArn,
      objectKey: pipeline.source.objectKey,
      output: ARTIFACTS.source,
    };
  }
  stages.push({ name: STAGES.source, actions: [source] });

  if (previous === undefined) {
    if (pipeline.infrastructure !== undefined) {
      stages.push({
        name: STAGES.infrastructure,
        actions: [build(`${pipeline.infrastructure.tool}-plan`, 'iac-plan', [ARTIFACTS.source], [ARTIFACTS.plan])],
      });
    }
    stages.push({ name: STAGES.build, actions: [build('build', 'build', [ARTIFACTS.source], [ARTIFACTS.artifact])] });
    const tests = testStage(service, pipeline, project);
    if (tests !== undefined) stages.push(tests);
    if (pipeline.securityScan) {
      stages.push({
        name: STAGES.securityScan,
        actions: [build('security-scan', 'security-scan', [ARTIFACTS.source, ARTIFACTS.artifact])],
      });
    }
  }

  // Infrastructure as the deploy target: plan the artifact in this environment before its approval, so a
  // reviewer sees the plan and the Deploy stage applies exactly it (stacks/compose/infrastructure-builds.ts)
  if (pipeline.deploy.type === 'infrastructure') {
    stages.push({
      name: STAGES.plan,
      actions: [build(`${pipeline.deploy.tool}-plan`, 'iac-plan', [ARTIFACTS.artifact], [ARTIFACTS.plan])],
    });
  }

  if (environment.approval.required || pipeline.pattern === 'gated') {
    const region = environment.account.region;
    const name = pipelineName(prefix, env, service.name);
    stages.push({
      name: STAGES.approval,
      actions: [
        {
          kind: 'approval',
          name: 'approve-deploy',
          topicArn: shared.notificationTopicArn,
          message: `Approve deploying ${service.name} to ${env}${previous === undefined ? '' : ` (the artifact ${previous.name} validated)`}`,
          reviewUrl:
            pipeline.reviewUrl ?? `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${name}/view?region=${region}`,
        },
      ],
    });
  }

  if (pipeline.infrastructure !== undefined) {
    stages.push({
      name: STAGES.deployInfrastructure,
      actions: [build(`${pipeline.infrastructure.tool}-apply`, 'iac-apply', [ARTIFACTS.source, ARTIFACTS.plan])],
      rollbackOnFailure: true,
    });
  }
  stages.push({ name: STAGES.deploy, actions: deployActions(stack, placement, deployments, project), rollbackOnFailure: true });

  // Validate: smoke tests of the deployment; in later environments also the integration tests, in
  // parallel, against the environment the artifact now runs in.
  const validate: CodeBuildAction[] = pipeline.validate
    ? [{ ...build('validate', 'validate', [ARTIFACTS.artifact]), category: 'Test' }]
    : [];
  if (previous !== undefined && pipeline.tests.some((t) => t.name === 'integration-test')) {
    validate.push({ ...build('integration-test', 'integration-test', [ARTIFACTS.artifact]), category: 'Test' });
  }
  if (validate.length > 0) stages.push({ name: STAGES.validate, actions: validate });

  if (next !== undefined) {
    stages.push({
      name: STAGES.promote,
      actions: [
        {
          kind: 's3-deploy',
          name: `promote-to-${next.name}`,
          bucketName: stack.model.environment(next.name).shared.artifactBucketName,
          extract: false,
          objectKey: promotionObjectKey(service.name, next.name),
          kmsKeyAliasArn: environmentKeyAliasArn(partition, prefix, next.name, next.account),
          input: ARTIFACTS.artifact,
        },
      ],
    });
  }
  return stages;
}

/** The Git hosts `placements` start from (only a pipeline at the start of its service's path has a Git source), in order. */
function connectionProviders(placements: readonly PipelinePlacement[]): ConnectionProvider[] {
  const providers: ConnectionProvider[] = [];
  for (const { pipeline, previous } of placements) {
    if (previous !== undefined || pipeline.source.type !== 'connection' || providers.includes(pipeline.source.provider)) continue;
    providers.push(pipeline.source.provider);
  }
  return providers;
}

/**
 * The environment's Git connections, one per host any service's pipeline in it starts from (services split
 * out into `<env>-<group>` stacks included: those stacks find them by name), in the environment stack.
 */
export function composeSourceConnections(stack: EnvironmentStack): Map<ConnectionProvider, SourceConnection> {
  const { environment, config } = stack;
  const connections = new Map<ConnectionProvider, SourceConnection>();
  // and the one its first-environment CodeBuild projects clone from (stacks/compose/build-credentials.ts)
  const providers = withProviders(
    connectionProviders(stack.model.pipelinesIn(environment.name)),
    buildConnectionProviders(stack.env, config.services),
  );
  for (const provider of providers) {
    connections.set(
      provider,
      new SourceConnection(stack, `connection-${provider}`, {
        connectionName: connectionName(config.organisation.prefix, environment.name, provider),
        provider,
      }),
    );
  }
  return connections;
}

/** In a split-out stack: the environment stack's Git connections its own pipelines start from, by name. */
export function referSourceConnections(stack: EnvironmentServicesScope): Map<ConnectionProvider, SourceConnectionReference> {
  const { environment, config } = stack;
  const connections = new Map<ConnectionProvider, SourceConnectionReference>();
  const providers = withProviders(connectionProviders(ownPlacements(stack)), buildConnectionProviders(stack.env, stack.services));
  for (const provider of providers) {
    connections.set(
      provider,
      new SourceConnectionReference(stack, `connection-${provider}`, {
        connectionName: connectionName(config.organisation.prefix, environment.name, provider),
      }),
    );
  }
  return connections;
}

/** Pipeline placements of the services the stack owns. */
function ownPlacements(stack: EnvironmentServicesScope): PipelinePlacement[] {
  const owned = new Set(stack.services.map((s) => s.name));
  return stack.model.pipelinesIn(stack.env.name).filter((p) => owned.has(p.service.name));
}

/** One pipeline per service of the stack (`stack.services`) that runs in its environment. */
export function composePipelines(stack: EnvironmentServicesScope, parts: PipelineParts): Map<string, DeliveryPipeline> {
  const { environment, config, shared } = stack;
  const { prefix } = config.organisation;

  const pipelines = new Map<string, DeliveryPipeline>();
  for (const placement of ownPlacements(stack)) {
    const service = placement.service.name;
    pipelines.set(
      service,
      new DeliveryPipeline(stack, `pipeline-${service}`, {
        pipelineName: pipelineName(prefix, environment.name, service),
        roleName: pipelineRoleName(prefix, environment.name, service),
        context: { partition: stack.partition, region: environment.account.region, accountId: environment.account.id },
        artifactBucketName: shared.artifactBucketName,
        artifactBucketArn: shared.artifactBucketArn,
        kmsKeyArn: shared.keyArn,
        executionMode: environment.pipelineExecutionMode,
        stages: pipelineStages(stack, placement, parts),
        tags: {
          service,
          'cicd-pattern': placement.pipeline.pattern,
          [PIPELINE_TIER_TAG.key]: stack.env.production ? PIPELINE_TIER_TAG.production : PIPELINE_TIER_TAG.preProduction,
        },
      }),
    );
  }
  return pipelines;
}
