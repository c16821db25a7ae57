/**
 * Physical names that one stack computes and another (or another module) relies on: CodeBuild
 * projects, pipelines and their roles, ECS task roles, the artifact store and the
 * key alias of each environment, the promotion hand-off key. Both sides call these functions, so a
 * rename changes both at once and cross-account ARNs can be computed from config alone.
 */
import { physicalName } from './naming';

/** CodeBuild project of one service's pipeline action, e.g. `acme-dev-orders-api-build`. */
export function codebuildProjectName(prefix: string, env: string, service: string, purpose: string): string {
  return physicalName([prefix, env, service, purpose], 150);
}

/** CodePipeline pipeline of a service in an environment, e.g. `acme-dev-orders-api`. */
export function pipelineName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service], 100);
}

/**
 * Key prefix under which CodePipeline keeps a pipeline's artifacts in the artifact store: the first 20
 * characters of the pipeline name. The CodeBuild projects a pipeline runs read and write there.
 */
export function pipelineArtifactPrefix(prefix: string, env: string, service: string): string {
  return pipelineName(prefix, env, service).slice(0, 20);
}

/** IAM role a service's pipeline runs as, e.g. `acme-dev-orders-api-pipeline`. */
export function pipelineRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'pipeline'], 64);
}

/** ECS task role of a service (passed by ECS and CodeDeploy-to-ECS deployments), e.g. `acme-dev-orders-api-task`. */
export function ecsTaskRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'task'], 64);
}

/** ECS task execution role of a service, e.g. `acme-dev-orders-api-task-exec`. */
export function ecsTaskExecutionRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'task-exec'], 64);
}

/** The artifact store bucket of an environment, e.g. `acme-dev-artifacts-222222222222`. */
export function artifactStoreBucketName(prefix: string, env: string, accountId: string): string {
  return physicalName([prefix, env, 'artifacts', accountId]);
}

/** Alias name (without `alias/`) of an environment's CI/CD key, e.g. `acme-dev-cicd`. */
export function environmentKeyAliasName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'cicd']);
}

/**
 * Object key in `env`'s artifact store where the previous environment hands over `service`'s artifact,
 * e.g. `promotion/orders-api/test/artifact.zip`. The later environment's pipeline sources from it.
 */
export function promotionObjectKey(service: string, env: string): string {
  return `promotion/${service}/${env}/artifact.zip`;
}

/**
 * Tag on every pipeline saying whether it changes production (the last environment of the promotion
 * order); the policy pack requires approval and validation of pipelines that carry its production value.
 */
export const PIPELINE_TIER_TAG = { key: 'cicd-tier', production: 'production', preProduction: 'pre-production' } as const;

/** Purposes of the CodeBuild projects that plan and apply a service's own infrastructure (named by `codebuildProjectName`). */
export const INFRASTRUCTURE_PURPOSES = ['iac-plan', 'iac-apply'] as const;
export type InfrastructurePurpose = (typeof INFRASTRUCTURE_PURPOSES)[number];

/** IAM role of a service's infrastructure plan or apply project, e.g. `acme-dev-inventory-svc-iac-plan-cb`. */
export function infrastructureRoleName(prefix: string, env: string, service: string, purpose: InfrastructurePurpose): string {
  return physicalName([prefix, env, service, purpose, 'cb'], 64);
}

/** Bucket an s3 deploy extracts a site into, when the service names none: `<prefix>-<env>-<service>-<account>`. */
export function siteBucketName(prefix: string, env: string, service: string, accountId: string): string {
  return physicalName([prefix, env, service, accountId]);
}
