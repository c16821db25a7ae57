import type { EnvironmentConfig, Organisation, PlatformConfig, ServiceConfig } from '../environments';
import { physicalName } from '../modules/core';
import type { BaseStack } from './base-stack';

/** Physical names of the resources an environment's own stack creates once and every service uses. */
export interface SharedResourceNames {
  /** KMS alias name (without `alias/`) of the environment's key. */
  readonly keyAlias: string;
  readonly artifactBucketName: string;
  readonly notificationTopicName: string;
}

/** The one place these names are derived: the owner creates by them, a split-out stack refers by them. */
export function sharedResourceNames(organisation: Organisation, environment: EnvironmentConfig): SharedResourceNames {
  const { prefix } = organisation;
  return {
    keyAlias: physicalName([prefix, environment.name, 'cicd']),
    artifactBucketName: physicalName([prefix, environment.name, 'artifacts', environment.account.id]),
    notificationTopicName: physicalName([prefix, environment.name, 'cicd-notifications']),
  };
}

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
  readonly notificationTopicArn: string;
}

/** The shared resources of `environment` addressed by name from another stack in the same account. */
export function sharedResourcesByName(
  organisation: Organisation,
  environment: EnvironmentConfig,
  key: { readonly arn: string; readonly aliasArn: string },
): SharedEnvironmentResources {
  const names = sharedResourceNames(organisation, environment);
  const { partition } = organisation;
  const { id, region } = environment.account;
  return {
    keyArn: key.arn,
    keyAliasArn: key.aliasArn,
    artifactBucketName: names.artifactBucketName,
    artifactBucketArn: `arn:${partition}:s3:::${names.artifactBucketName}`,
    notificationTopicArn: `arn:${partition}:sns:${region}:${id}:${names.notificationTopicName}`,
  };
}

/**
 * The contract of every stack that owns services of an environment: the environment's own stack and each
 * stack split out of it (`stackGroups`). A per-service compose function takes this type, creates resources
 * for `services` only (never `config.services`), and reaches shared resources through `shared`.
 */
export interface EnvironmentServicesScope extends BaseStack {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  /** The services whose per-service resources this stack owns. */
  readonly services: readonly ServiceConfig[];
  readonly shared: SharedEnvironmentResources;
}
