/**
 * The inputs of a CodeDeploy deployment, independent of where they come from: a compute target (what is
 * deployed to), a strategy (how), and alarms (when to stop and roll back).
 */

/** EC2 instances in Auto Scaling groups or found by tag (CodeDeploy compute platform "Server"). */
export interface Ec2Platform {
  readonly target: 'ec2';
  /** Auto Scaling groups deployed to; blue/green copies them. */
  readonly autoScalingGroupNames: readonly string[];
  /** Instances found by tag (key -> value), outside Auto Scaling groups. */
  readonly ec2TagFilters: Readonly<Record<string, string>>;
  /** Target groups whose traffic is blocked and allowed around each instance (or moved, blue/green). */
  readonly targetGroupNames: readonly string[];
  /** ALB in front: the dimension of the load balancer alarms. @default none (no load balancer alarms) */
  readonly loadBalancerArn?: string;
}

/** An ECS service deployed blue/green by CodeDeploy (deployment controller CODE_DEPLOY). */
export interface EcsPlatform {
  readonly target: 'ecs';
  readonly clusterName: string;
  readonly serviceName: string;
  /** The two target groups the service alternates between. */
  readonly targetGroupNames: readonly [string, string];
  /** The listener that carries production traffic. */
  readonly productionListenerArn: string;
  /** The listener on which the new task set is tested before traffic moves. */
  readonly testListenerArn: string;
  /** Role names the task definitions use; CodeDeploy passes them to ECS. */
  readonly taskRoleNames: readonly string[];
}

/** A Lambda function alias whose traffic CodeDeploy shifts between versions. */
export interface LambdaPlatform {
  readonly target: 'lambda';
  readonly functionName: string;
  readonly alias: string;
}

export type DeploymentPlatform = Ec2Platform | EcsPlatform | LambdaPlatform;

/** CodeDeploy's name of each target's compute platform. */
export const COMPUTE_PLATFORM: Readonly<Record<DeploymentPlatform['target'], 'Server' | 'ECS' | 'Lambda'>> = {
  ec2: 'Server',
  ecs: 'ECS',
  lambda: 'Lambda',
};

export type DeploymentStrategy =
  | { readonly type: 'all-at-once' }
  | { readonly type: 'rolling'; readonly minimumHealthyHosts: { readonly type: 'FLEET_PERCENT' | 'HOST_COUNT'; readonly value: number } }
  | { readonly type: 'blue-green'; readonly terminationWaitMinutes: number }
  | {
      readonly type: 'canary' | 'linear';
      readonly percent: number;
      readonly intervalMinutes: number;
      readonly terminationWaitMinutes: number;
    };

/** Thresholds of the platform alarm metrics. */
export interface AlarmThresholds {
  /** Percent of failed requests or invocations. */
  readonly errorRatePercent: number;
  /** 5xx responses per period. */
  readonly http5xxCount: number;
  /** p99 latency in milliseconds. */
  readonly p99LatencyMs: number;
  readonly evaluationPeriods: number;
  readonly periodSeconds: number;
}

/** Platform alarm metrics. */
export type AlarmMetric = 'errorRate' | 'http5xx' | 'latency';

/** A metric the service names itself. */
export interface CustomAlarm {
  /** Short name, part of the alarm name. */
  readonly name: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** A statistic (Sum, Average, ...) or a percentile (p99). */
  readonly statistic: string;
  readonly threshold: number;
  readonly comparison: string;
}
