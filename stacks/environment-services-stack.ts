import type { EnvironmentConfig, EnvironmentModel, PlatformConfig, PlatformModel, ServiceConfig, StackGroup } from '../model';
import { Construct } from '../modules/core';
import { KmsKeyReference } from '../modules/kms-key';
import { BaseStack, environmentTarget } from './base-stack';
import type { CodeDeployService } from '../modules/codedeploy-service';
import type { DeliveryPipeline } from '../modules/codepipeline';
import { composeBuilds, type EnvironmentBuilds } from './compose/builds';
import { composeInfrastructureBuilds, type InfrastructureBuilds } from './compose/infrastructure-builds';
import { composeDeployments } from './compose/deploy';
import { composeSharedPermissionsBoundary } from './compose/permissions-boundary';
import { composePipelines, referSourceConnections } from './compose/pipeline';
import { composeSecrets, type ServiceSecrets } from './compose/secrets';
import { composeServiceDeployAccess } from './compose/source-control';
import { sharedResourcesByName, type EnvironmentServicesScope, type SharedEnvironmentResources } from './shared-resources';

export interface EnvironmentServicesStackProps {
  /** The resolved platform model. */
  readonly model: PlatformModel;
  /** The environment the group is split out of, from the model. */
  readonly env: EnvironmentModel;
  /** The group of `environment.stackGroups` this stack is split out for. */
  readonly group: StackGroup;
  /** The services of the group's teams. */
  readonly services: readonly ServiceConfig[];
}

/**
 * The services of some teams of one environment, split out of the environment's stack (`stackGroups`) so
 * that each state stays small enough to plan quickly. Same account, provider and tags as the environment's
 * stack; its own state key (`<env>-<group>/terraform.tfstate`). It owns the per-service resources of its
 * services (deploy environments, CodeDeploy, secrets, CodeBuild projects, pipelines), composed by the same
 * functions and at the same construct paths as in the environment stack, so moving a service is a state move.
 * The environment-wide resources stay in `<env>` and are addressed here by their deterministic names (the key
 * and Git connections by plan-time lookups), so `<env>` is deployed first (a stack dependency) and none of
 * its addresses change.
 */
export class EnvironmentServicesStack extends BaseStack implements EnvironmentServicesScope {
  readonly model: PlatformModel;
  readonly env: EnvironmentModel;
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly group: StackGroup;
  readonly services: readonly ServiceConfig[];
  readonly shared: SharedEnvironmentResources;
  /** CodeDeploy per service of the group, by service name. */
  readonly deployments: ReadonlyMap<string, CodeDeployService>;
  /** Secrets Manager secrets of the group's services. */
  readonly secrets: ServiceSecrets;
  /** CodeBuild projects of the group's services, by service and purpose. */
  readonly builds: EnvironmentBuilds;
  readonly infrastructureBuilds: InfrastructureBuilds;
  /** Pipelines of the group's services, by service name. */
  readonly pipelines: ReadonlyMap<string, DeliveryPipeline>;

  constructor(scope: Construct, id: string, props: EnvironmentServicesStackProps) {
    const { model, env, group, services } = props;
    const { config } = model;
    const environment = env.config;
    const { organisation } = config;
    super(scope, id, {
      organisation,
      target: environmentTarget(environment),
      github: true,
      stateScope: env.name,
    });
    this.model = model;
    this.env = env;
    this.config = config;
    this.environment = environment;
    this.group = group;
    this.services = services;

    const key = new KmsKeyReference(this, 'shared-key', {
      alias: env.shared.keyAlias,
      accountId: environment.account.id,
      region: environment.account.region,
      partition: this.partition,
    });
    this.shared = sharedResourcesByName(organisation, env, key);
    // the boundary the environment stack creates in this account, by its computed ARN, on every role here
    composeSharedPermissionsBoundary(this);

    // the per-service compose functions of the environment stack, in its order, minus the environment-wide ones
    composeServiceDeployAccess(this);
    this.deployments = composeDeployments(this);
    this.secrets = composeSecrets(this);
    const connections = referSourceConnections(this);
    this.builds = composeBuilds(this, connections);
    this.infrastructureBuilds = composeInfrastructureBuilds(this);
    const { builds, infrastructureBuilds, deployments } = this;
    this.pipelines = composePipelines(this, { builds, infrastructureBuilds, deployments, connections });
  }
}
