import type { EnvironmentConfig, PlatformConfig, ServiceConfig, StackGroup } from '../environments';
import { Construct } from '../modules/core';
import { KmsKeyReference } from '../modules/kms-key';
import { BaseStack, environmentTarget } from './base-stack';
import { composeSharedPermissionsBoundary } from './compose/permissions-boundary';
import {
  sharedResourceNames,
  sharedResourcesByName,
  type EnvironmentServicesScope,
  type SharedEnvironmentResources,
} from './shared-resources';

export interface EnvironmentServicesStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  /** The group of `environment.stackGroups` this stack is split out for. */
  readonly group: StackGroup;
  /** The services of the group's teams. */
  readonly services: readonly ServiceConfig[];
}

/**
 * The services of some teams of one environment, split out of the environment's stack (`stackGroups`) so
 * that each state stays small enough to plan quickly. Same account, provider and tags as the environment's
 * stack; its own state key (`<env>-<group>/terraform.tfstate`). It owns only per-service resources: the
 * environment's key, artifact store and topic stay in `<env>` and are addressed here by their deterministic
 * names, so `<env>` is deployed first (a stack dependency) and none of its addresses change.
 */
export class EnvironmentServicesStack extends BaseStack implements EnvironmentServicesScope {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly group: StackGroup;
  readonly services: readonly ServiceConfig[];
  readonly shared: SharedEnvironmentResources;

  constructor(scope: Construct, id: string, props: EnvironmentServicesStackProps) {
    const { config, environment, group, services } = props;
    const { organisation } = config;
    super(scope, id, {
      organisation,
      target: environmentTarget(environment),
      github: true,
    });
    this.config = config;
    this.environment = environment;
    this.group = group;
    this.services = services;

    const key = new KmsKeyReference(this, 'shared-key', {
      alias: sharedResourceNames(organisation, environment).keyAlias,
      accountId: environment.account.id,
      region: environment.account.region,
      partition: this.partition,
    });
    this.shared = sharedResourcesByName(organisation, environment, key);
    // the boundary the environment stack creates in this account, by its computed ARN, on every role here
    composeSharedPermissionsBoundary(this);
  }
}
