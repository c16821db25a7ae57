import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentConfig } from '@cdktf/provider-aws/lib/codedeploy-deployment-config';
import { CodedeployDeploymentGroup, type CodedeployDeploymentGroupConfig } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { suppress } from '../../vocabulary/suppressions';
import { Construct, iamRoleArn, regionalArn } from '../core';
import { CodeDeployRole } from './codedeploy-role';
import { DeploymentAlarms } from './deployment-alarms';
import { resolveDeploymentConfig, STRATEGIES } from './deployment-config';
import {
  COMPUTE_PLATFORM,
  type AlarmMetric,
  type AlarmThresholds,
  type CustomAlarm,
  type DeploymentPlatform,
  type DeploymentStrategy,
} from './types';

/** Deployment events published to the notification topic. */
export const DEPLOYMENT_TRIGGER_EVENTS = [
  'DeploymentStart',
  'DeploymentSuccess',
  'DeploymentFailure',
  'DeploymentStop',
  'DeploymentRollback',
  'DeploymentReady',
] as const;

/** Events that roll a deployment back automatically. */
export const AUTO_ROLLBACK_EVENTS = ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] as const;

export interface CodeDeployServiceProps {
  /** Name of the CodeDeploy application, its deployment group, and the prefix of its alarms and config. */
  readonly name: string;
  /** Name of the service role. @default `<name>-codedeploy` */
  readonly roleName?: string;
  /** What is deployed. */
  readonly platform: DeploymentPlatform;
  /** How it is deployed. */
  readonly strategy: DeploymentStrategy;
  /** Platform metrics whose alarms stop and roll back a deployment. */
  readonly alarmMetrics: readonly AlarmMetric[];
  /** Metrics the service names itself. @default none */
  readonly customAlarms?: readonly CustomAlarm[];
  /** Thresholds of the platform metrics. */
  readonly alarmThresholds: AlarmThresholds;
  /** SNS topic for alarms and deployment events. */
  readonly notificationTopicArn: string;
  /** KMS key of the topic (and of the artifact store). */
  readonly kmsKeyArn: string;
  /** Artifact store bucket CodeDeploy reads ECS/Lambda revisions from. @default none */
  readonly artifactBucketArn?: string;
  /** Lifecycle hook functions the role may invoke are named `<hookFunctionPrefix>*`. @default 'CodeDeployHook_' */
  readonly hookFunctionPrefix?: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

/** Refuse props CodeDeploy would refuse at apply (or that would deploy without a rollback alarm), naming the construct. */
function checkProps(path: string, props: CodeDeployServiceProps): void {
  const { platform, strategy } = props;
  if (!STRATEGIES[platform.target].includes(strategy.type)) {
    throw new Error(
      `CodeDeployService ${path}: strategy "${strategy.type}" is not supported on ${platform.target} (allowed: ${STRATEGIES[platform.target].join(', ')})`,
    );
  }
  if (platform.target === 'ec2' && platform.autoScalingGroupNames.length === 0 && Object.keys(platform.ec2TagFilters).length === 0) {
    throw new Error(`CodeDeployService ${path}: EC2 needs autoScalingGroupNames or ec2TagFilters`);
  }
  if (
    platform.target === 'ec2' &&
    strategy.type === 'blue-green' &&
    (platform.autoScalingGroupNames.length === 0 || platform.targetGroupNames.length === 0)
  ) {
    throw new Error(`CodeDeployService ${path}: EC2 blue/green needs an Auto Scaling group to copy and a target group`);
  }
  if (props.alarmMetrics.length + (props.customAlarms ?? []).length === 0) {
    throw new Error(`CodeDeployService ${path}: rollback on alarm needs at least one alarm`);
  }
}

/**
 * One service's CodeDeploy setup in one environment: an application on the service's compute platform, a
 * deployment group for the chosen strategy (EC2 in-place or blue/green with a copied Auto Scaling group;
 * ECS blue/green with production and test listeners; Lambda alias traffic shifting), a custom deployment
 * configuration where no built-in fits, alarms that stop the deployment, automatic rollback on failure and
 * on alarm, deployment events to the notification topic, and a least-privilege service role.
 */
export class CodeDeployService extends Construct {
  readonly application: CodedeployApp;
  readonly deploymentGroup: CodedeployDeploymentGroup;
  readonly role: CodeDeployRole;
  readonly alarms: DeploymentAlarms;
  /** The custom deployment configuration, when no built-in fits. */
  readonly customConfig?: CodedeployDeploymentConfig;
  /** `ec2`, `ecs` or `lambda`: a pipeline uses the CodeDeploy action, or CodeDeployToECS for `ecs`. */
  readonly target: DeploymentPlatform['target'];
  readonly applicationName: string;
  readonly applicationArn: string;
  readonly deploymentGroupName: string;
  readonly deploymentGroupArn: string;
  /** Name of the built-in or custom configuration the group deploys with (a plain string). */
  readonly deploymentConfigName: string;
  readonly deploymentConfigArn: string;
  /** ECS: ARNs of the task roles a deployer passes when it registers a task definition. Empty otherwise. */
  readonly taskRoleArns: readonly string[];
  /**
   * IAM statements a deployer (a CodePipeline role running the CodeDeploy or CodeDeployToECS action) needs
   * to deploy this service, scoped to this application, group and configuration.
   */
  readonly deployerStatements: readonly DataAwsIamPolicyDocumentStatement[];

  constructor(scope: Construct, id: string, props: CodeDeployServiceProps) {
    super(scope, id);
    const roleName = props.roleName ?? `${props.name}-codedeploy`;
    const { platform, strategy, partition, accountId, region } = props;
    this.target = platform.target;

    checkProps(this.node.path, props);

    const resolved = resolveDeploymentConfig(platform.target, strategy);
    this.deploymentConfigName = resolved.kind === 'built-in' ? resolved.name : `${props.name}-${resolved.suffix}`;
    for (const [what, name] of [
      ['application name', props.name],
      ['deployment config name', this.deploymentConfigName],
    ]) {
      if (name.length > 100) {
        throw new Error(`CodeDeployService ${this.node.path}: ${what} "${name}" is longer than the 100 characters CodeDeploy allows`);
      }
    }

    const computePlatform = COMPUTE_PLATFORM[platform.target];
    this.application = new CodedeployApp(this, 'application', { name: props.name, computePlatform });
    this.applicationName = this.application.name;
    this.applicationArn = this.application.arn;

    if (resolved.kind === 'custom') this.customConfig = this.customDeploymentConfig(resolved, computePlatform);
    this.deploymentConfigArn = regionalArn(props, 'codedeploy', `deploymentconfig:${this.deploymentConfigName}`);

    this.alarms = new DeploymentAlarms(this, 'alarms', {
      namePrefix: props.name,
      platform,
      metrics: props.alarmMetrics,
      custom: props.customAlarms ?? [],
      thresholds: props.alarmThresholds,
      actionArns: [props.notificationTopicArn],
    });

    this.role = new CodeDeployRole(this, 'role', {
      roleName,
      platform,
      partition,
      accountId,
      region,
      notificationTopicArn: props.notificationTopicArn,
      kmsKeyArn: props.kmsKeyArn,
      alarmArns: this.alarms.alarms.map((a) => a.arn),
      artifactBucketArn: props.artifactBucketArn,
      hookFunctionPrefix: props.hookFunctionPrefix,
    });
    if (this.role.managedPolicy !== undefined) {
      suppress(
        this.role.managedPolicy,
        'PLAT-IAM-101',
        'AWSCodeDeployRole is the documented service role policy for EC2 deployments: blue/green copies Auto Scaling groups, lifecycle hooks and load balancer attachments whose names are only known at deployment time',
      );
    }

    this.deploymentGroup = new CodedeployDeploymentGroup(this, 'deployment-group', {
      appName: this.application.name,
      deploymentGroupName: props.name,
      serviceRoleArn: this.role.arn,
      // a reference to the custom config orders its creation before the group
      deploymentConfigName: this.customConfig?.deploymentConfigName ?? this.deploymentConfigName,
      autoRollbackConfiguration: { enabled: true, events: [...AUTO_ROLLBACK_EVENTS] },
      alarmConfiguration: { enabled: true, alarms: [...this.alarms.alarmNames], ignorePollAlarmFailure: false },
      triggerConfiguration: [
        { triggerName: 'deployment-events', triggerTargetArn: props.notificationTopicArn, triggerEvents: [...DEPLOYMENT_TRIGGER_EVENTS] },
      ],
      ...groupSettings(platform, strategy),
      // the role's permissions must exist before CodeDeploy validates the group with it
      dependsOn: [this.role.role, this.role.policy, ...(this.role.managedPolicy === undefined ? [] : [this.role.managedPolicy])],
    });
    this.deploymentGroupName = this.deploymentGroup.deploymentGroupName;
    this.deploymentGroupArn = this.deploymentGroup.arn;
    this.taskRoleArns = platform.target === 'ecs' ? platform.taskRoleNames.map((r) => iamRoleArn(partition, accountId, r)) : [];
    this.deployerStatements = this.deployer();
  }

  /** The deployment config a strategy needs when no built-in one fits (canary or linear steps, a minimum of healthy hosts). */
  private customDeploymentConfig(
    resolved: Extract<ReturnType<typeof resolveDeploymentConfig>, { kind: 'custom' }>,
    computePlatform: string,
  ): CodedeployDeploymentConfig {
    const routing = resolved.trafficRouting;
    const step = routing === undefined ? undefined : { percentage: routing.percentage, interval: routing.interval };
    return new CodedeployDeploymentConfig(this, 'deployment-config', {
      deploymentConfigName: this.deploymentConfigName,
      computePlatform,
      minimumHealthyHosts: resolved.minimumHealthyHosts,
      trafficRoutingConfig:
        routing === undefined
          ? undefined
          : routing.type === 'TimeBasedCanary'
            ? { type: routing.type, timeBasedCanary: step }
            : { type: routing.type, timeBasedLinear: step },
      // the name encodes the settings: a change creates the new config before the group moves off the old one
      lifecycle: { createBeforeDestroy: true },
    });
  }

  private deployer(): DataAwsIamPolicyDocumentStatement[] {
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'CodeDeployRevisions',
        effect: 'Allow',
        actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
        resources: [this.applicationArn],
      },
      {
        sid: 'CodeDeployDeployments',
        effect: 'Allow',
        actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
        resources: [this.deploymentGroupArn],
      },
      { sid: 'CodeDeployConfig', effect: 'Allow', actions: ['codedeploy:GetDeploymentConfig'], resources: [this.deploymentConfigArn] },
    ];
    if (this.target === 'ecs') {
      statements.push(
        {
          sid: 'EcsTaskDefinitions',
          effect: 'Allow',
          actions: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
          // these ECS calls support no resource-level permissions: "*" is the only resource
          resources: ['*'],
        },
        {
          sid: 'PassTaskRoles',
          effect: 'Allow',
          actions: ['iam:PassRole'],
          resources: [...this.taskRoleArns],
          condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
        },
      );
    }
    return statements;
  }
}

type GroupSettings = Pick<
  CodedeployDeploymentGroupConfig,
  'deploymentStyle' | 'blueGreenDeploymentConfig' | 'loadBalancerInfo' | 'autoscalingGroups' | 'ec2TagFilter' | 'ecsService'
>;

/** Deployment style, fleet, load balancer and blue/green settings of one target and strategy. */
function groupSettings(platform: DeploymentPlatform, strategy: DeploymentStrategy): GroupSettings {
  const terminationWait = 'terminationWaitMinutes' in strategy ? strategy.terminationWaitMinutes : 0;
  const blueGreenCommon = {
    deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
    terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: terminationWait },
  };
  if (platform.target === 'lambda') {
    return { deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } };
  }
  if (platform.target === 'ecs') {
    return {
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ecsService: { clusterName: platform.clusterName, serviceName: platform.serviceName },
      blueGreenDeploymentConfig: blueGreenCommon,
      loadBalancerInfo: {
        targetGroupPairInfo: {
          prodTrafficRoute: { listenerArns: [platform.productionListenerArn] },
          testTrafficRoute: { listenerArns: [platform.testListenerArn] },
          targetGroup: platform.targetGroupNames.map((name) => ({ name })),
        },
      },
    };
  }
  const fleet: GroupSettings = {
    autoscalingGroups: platform.autoScalingGroupNames.length > 0 ? [...platform.autoScalingGroupNames] : undefined,
    ec2TagFilter:
      Object.keys(platform.ec2TagFilters).length > 0
        ? Object.entries(platform.ec2TagFilters).map(([key, value]) => ({ key, value, type: 'KEY_AND_VALUE' }))
        : undefined,
    loadBalancerInfo:
      platform.targetGroupNames.length > 0 ? { targetGroupInfo: platform.targetGroupNames.map((name) => ({ name })) } : undefined,
  };
  const option = platform.targetGroupNames.length > 0 ? 'WITH_TRAFFIC_CONTROL' : 'WITHOUT_TRAFFIC_CONTROL';
  if (strategy.type === 'blue-green') {
    return {
      ...fleet,
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfig: { ...blueGreenCommon, greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' } },
    };
  }
  return { ...fleet, deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: option } };
}
