import type { EnvironmentConfig, EnvironmentModel, Organisation, PlatformConfig, PlatformModel, ServiceConfig } from '../model';
import { artifactStoreReference, regionalArn, s3Arn, type ArtifactStoreReference } from '../modules/core';
import type { BaseStack } from './base-stack';

/**
 * The environment's shared resources as a per-service compose function sees them. In the environment's own
 * stack these are references to the resources; in a split-out stack they are built from the deterministic
 * names above (the key's ARN by a plan-time lookup of its alias), never cross-stack references.
 */
export interface SharedEnvironmentResources {
  /** ARN of the environment's KMS key. */
  readonly keyArn: string;
  /** ARN of the key's alias (known before plan). */
  readonly keyAliasArn: string;
  readonly artifactBucketName: string;
  readonly artifactBucketArn: string;
  /** The artifact bucket and the key, as one reference for the projects and pipelines that use them. */
  readonly artifactStore: ArtifactStoreReference;
  readonly notificationTopicArn: string;
}

/** The shared resources with the artifact store's reference, made of the bucket's and the key's own fields. */
export function withArtifactStore(shared: Omit<SharedEnvironmentResources, 'artifactStore'>): SharedEnvironmentResources {
  const { artifactBucketName: bucketName, artifactBucketArn: bucketArn, keyArn } = shared;
  return { ...shared, artifactStore: artifactStoreReference({ bucketName, bucketArn, keyArn }) };
}

/** The shared resources of `environment` addressed by name from another stack in the same account. */
export function sharedResourcesByName(
  organisation: Organisation,
  environment: EnvironmentModel,
  key: { readonly arn: string; readonly aliasArn: string },
): SharedEnvironmentResources {
  const names = environment.shared;
  const { partition } = organisation;
  return withArtifactStore({
    keyArn: key.arn,
    keyAliasArn: key.aliasArn,
    artifactBucketName: names.artifactBucketName,
    artifactBucketArn: s3Arn(partition, names.artifactBucketName),
    notificationTopicArn: regionalArn(
      { partition, region: environment.region, accountId: environment.account },
      'sns',
      names.notificationTopicName,
    ),
  });
}

/**
 * The contract of every stack that owns services of an environment: the environment's own stack and each
 * stack split out of it (`stackGroups`). A per-service compose function takes this type, creates resources
 * for `services` only (never `config.services`), and reaches shared resources through `shared`.
 */
export interface EnvironmentServicesScope extends BaseStack {
  /** The resolved platform model (model/platform-model.ts). */
  readonly model: PlatformModel;
  /** The stack's environment in the model: its place in the promotion order, its names. */
  readonly env: EnvironmentModel;
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  /** The services whose per-service resources this stack owns. */
  readonly services: readonly ServiceConfig[];
  readonly shared: SharedEnvironmentResources;
}
