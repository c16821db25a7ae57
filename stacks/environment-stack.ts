import type { EnvironmentConfig, EnvironmentModel, PlatformConfig, PlatformModel, ServiceConfig } from '../model';
import { Construct, logGroupArn } from '../modules/core';
import { logGroupRoot } from '../model';
import { KmsKey } from '../modules/kms-key';
import { NotificationTopic } from '../modules/notification-topic';
import { SecureBucket } from '../modules/secure-bucket';
import { BaseStack, environmentTarget } from './base-stack';
import { withArtifactStore, type EnvironmentServicesScope, type SharedEnvironmentResources } from './shared-resources';
import { composeDeployAccess } from './compose/source-control';
import { composeDeployments } from './compose/deploy';
import type { CodeDeployService } from '../modules/codedeploy-service';
import { composeSecrets, type ServiceSecrets } from './compose/secrets';
import { composeSecurityBaseline, type SecurityBaseline } from './compose/security-baseline';
import { composeBuilds, type EnvironmentBuilds } from './compose/builds';
import { composeInfrastructureBuilds, type InfrastructureBuilds } from './compose/infrastructure-builds';
import { cloudTrailKeyGrants, composeMonitoring } from './compose/monitoring';
import { composePipelines, composeSourceConnections, promotionBucketStatements, promotionKeyGrants } from './compose/pipeline';
import type { DeliveryPipeline } from '../modules/codepipeline';

export interface EnvironmentStackProps {
  /** The resolved platform model. */
  readonly model: PlatformModel;
  /** The environment this stack deploys, from the model. */
  readonly env: EnvironmentModel;
  /** The services whose per-service resources live in this stack. @default every service of `config` */
  readonly services?: readonly ServiceConfig[];
}

/**
 * Everything one environment owns, in its own AWS account and state key. Environment-wide: the key, artifact
 * store and topic, the deploy role, the security baseline, the Git connections, pipeline monitoring and the
 * audit trail. Per service, for `services` only (the rest live in split-out `EnvironmentServicesStack`s):
 * deploy environments, CodeDeploy, secrets, CodeBuild projects, pipelines.
 */
export class EnvironmentStack extends BaseStack implements EnvironmentServicesScope {
  readonly model: PlatformModel;
  readonly env: EnvironmentModel;
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  /** Services this stack owns: every service but those split out into `<env>-<group>` stacks. */
  readonly services: readonly ServiceConfig[];
  /** The key, artifact store and topic, as references, for per-service compose functions. */
  readonly shared: SharedEnvironmentResources;
  readonly key: KmsKey;
  readonly artifactStore: SecureBucket;
  readonly notifications: NotificationTopic;
  /** CodeDeploy per service (EC2, ECS, Lambda targets), by service name: what pipeline deploy actions need. */
  readonly deployments: ReadonlyMap<string, CodeDeployService>;
  /** Permissions boundary, GuardDuty, Access Analyzer (stacks/compose/security-baseline.ts). */
  readonly securityBaseline: SecurityBaseline;
  /** Secrets Manager secrets of the services, by service and name: `secrets.arnOf(service, name)`. */
  readonly secrets: ServiceSecrets;
  /** CodeBuild projects by service and purpose (stacks/compose/builds.ts). */
  readonly builds: EnvironmentBuilds;
  /** Infrastructure plan and apply projects by service (stacks/compose/infrastructure-builds.ts). */
  readonly infrastructureBuilds: InfrastructureBuilds;
  /** Pipelines of the services this stack owns, by service name. */
  readonly pipelines: ReadonlyMap<string, DeliveryPipeline>;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    const { model, env } = props;
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
    this.services = props.services ?? config.services;
    const { account } = environment;
    const names = env.shared;

    this.key = environmentKey(this);

    this.artifactStore = new SecureBucket(this, 'artifact-store', {
      bucketName: names.artifactBucketName,
      kmsKeyArn: this.key.arn,
      preventDestroy: environment.protectStatefulResources,
      lifecycle: {
        currentVersionExpirationDays: environment.artifactRetentionDays,
        noncurrentVersionExpirationDays: Math.min(environment.artifactRetentionDays, 30),
        abortIncompleteUploadDays: 1,
      },
      policyStatements: promotionBucketStatements(this),
      eventBridgeNotifications: true,
    });

    this.notifications = new NotificationTopic(this, 'notifications', {
      topicName: names.notificationTopicName,
      kmsKeyArn: this.key.arn,
      accountId: account.id,
      publisherServices: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'],
      emails: environment.notificationEmails,
    });

    this.shared = withArtifactStore({
      keyArn: this.key.arn,
      keyAliasArn: this.key.aliasArn,
      artifactBucketName: this.artifactStore.name,
      artifactBucketArn: this.artifactStore.arn,
      notificationTopicArn: this.notifications.arn,
    });
    composeDeployAccess(this);

    this.deployments = composeDeployments(this);

    this.securityBaseline = composeSecurityBaseline(this);
    this.secrets = composeSecrets(this);

    // every Git connection of the environment (split-out stacks find theirs by name), then builds and pipelines
    const connections = composeSourceConnections(this);
    this.builds = composeBuilds(this, connections);
    this.infrastructureBuilds = composeInfrastructureBuilds(this);
    const { builds, infrastructureBuilds, deployments } = this;
    this.pipelines = composePipelines(this, { builds, infrastructureBuilds, deployments, connections });
    composeMonitoring(this);
  }
}

/**
 * The environment's customer managed key: CloudWatch Logs for the platform's log groups, EventBridge and
 * CloudWatch alarms for the topic (from this account only), CloudTrail, and the promotion grants of the
 * neighbouring environments.
 */
function environmentKey(stack: EnvironmentStack): KmsKey {
  const { environment, partition } = stack;
  const { account } = environment;
  return new KmsKey(stack, 'key', {
    alias: stack.env.shared.keyAlias,
    description: `Encrypts the CI/CD platform's artifacts, logs and notifications in ${environment.name}`,
    accountId: account.id,
    partition,
    preventDestroy: environment.protectStatefulResources,
    serviceGrants: [
      {
        sid: 'CloudWatchLogs',
        service: `logs.${account.region}.amazonaws.com`,
        conditions: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [
              logGroupArn({ partition, region: account.region, accountId: account.id }, `${logGroupRoot(stack.organisation.prefix)}/*`),
            ],
          },
        ],
      },
      ...['events.amazonaws.com', 'cloudwatch.amazonaws.com'].map((service) => ({
        sid: service.startsWith('events') ? 'EventBridgeToSns' : 'CloudWatchAlarmsToSns',
        service,
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.id] }],
      })),
      ...cloudTrailKeyGrants(stack),
    ],
    principalGrants: promotionKeyGrants(stack),
  });
}
