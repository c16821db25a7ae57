import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { connectionName, pipelineName, pipelineRoleName, promotionObjectKey, type PipelinePlacement } from '../../model';
import {
  DeliveryPipeline,
  SourceConnection,
  SourceConnectionReference,
  type ConnectionProvider,
  type PipelineStageSpec,
} from '../../modules/codepipeline';
import { iamRoleArn, PIPELINE_TIER_TAG, s3Arn } from '../../modules/core';
import type { KmsPrincipalGrant } from '../../modules/kms-key';
import type { EnvironmentStack } from '../environment-stack';
import type { EnvironmentServicesScope } from '../shared-resources';
import { buildConnectionProviders, withProviders } from './build-credentials';
import {
  approvalStage,
  buildStage,
  deployInfrastructureStage,
  deployStage,
  infrastructurePlanStage,
  promoteStage,
  reviewPlanStage,
  scanStage,
  sourceStage,
  stageContext,
  testStage,
  type PipelineParts,
} from './pipeline-stages';

export { ARTIFACTS, STAGES, type ConnectionRef, type PipelineParts } from './pipeline-stages';

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

/** The stages of one service's pipeline in one environment, from config: one builder per stage (./pipeline-stages). */
export function pipelineStages(stack: EnvironmentServicesScope, placement: PipelinePlacement, parts: PipelineParts): PipelineStageSpec[] {
  const ctx = stageContext(stack, placement, parts);
  // only the first environment of the path builds, tests and scans; every later one deploys what it built
  const builds = placement.previous === undefined ? [infrastructurePlanStage(ctx), buildStage(ctx), testStage(ctx), scanStage(ctx)] : [];
  const stages = [
    sourceStage(ctx),
    ...builds,
    reviewPlanStage(ctx),
    approvalStage(ctx),
    deployInfrastructureStage(ctx),
    deployStage(ctx),
    promoteStage(ctx),
  ];
  return stages.filter((stage): stage is PipelineStageSpec => stage !== undefined);
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
        artifactStore: shared.artifactStore,
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
