import { z } from 'zod';
import { EnvironmentName, IamRoleName } from './common';

/**
 * How a service is deployed (CodeDeploy): the compute target, the strategy per environment, the alarms that
 * roll a deployment back. The compute itself (Auto Scaling groups, ECS services, functions, load balancers)
 * belongs to the application teams: this block names it, it never creates it.
 *
 * `target` discriminates the variants; other deployment targets (s3, beanstalk, cloudformation, eks,
 * infrastructure) are added as further variants of `DeployTargetSchema` without touching these.
 */

/** Strategy names, for messages. */
export const DEPLOY_STRATEGY_TYPES = ['all-at-once', 'rolling', 'blue-green', 'canary', 'linear'] as const;
export type DeployStrategyType = (typeof DEPLOY_STRATEGY_TYPES)[number];

const TerminationWaitMinutes = z.number().int().min(0).max(2880);
const Percent = z.number().int().min(1).max(99);
const IntervalMinutes = z.number().int().min(1).max(2880);

/** Minimum healthy hosts of an EC2 in-place deployment. */
export const MinimumHealthyHostsSchema = z.strictObject({
  /** FLEET_PERCENT: percent of the fleet that stays in service; HOST_COUNT: number of instances. */
  type: z.enum(['FLEET_PERCENT', 'HOST_COUNT']),
  /** Percent (1-99) or host count (0 or more). */
  value: z.number().int().min(0),
});

/** One deployment strategy. Which target accepts which strategy is checked on the whole `deploy` block. */
export const DeployStrategySchema = z.discriminatedUnion('type', [
  /**
   * Everything at once: EC2 in place on every instance; ECS a new task set that takes all traffic, the old
   * one removed at once; Lambda the alias moved to the new version.
   */
  z.strictObject({ type: z.literal('all-at-once') }),
  /** EC2 in-place, a batch at a time, keeping `minimumHealthyHosts` in service. */
  z.strictObject({
    type: z.literal('rolling'),
    /** @default { type: 'FLEET_PERCENT', value: 50 } (the built-in HalfAtATime) */
    minimumHealthyHosts: MinimumHealthyHostsSchema.default({ type: 'FLEET_PERCENT', value: 50 }),
  }),
  /** A new fleet (EC2: a copy of the Auto Scaling group; ECS: a new task set), all traffic moved at once. */
  z.strictObject({
    type: z.literal('blue-green'),
    /** Minutes the old fleet is kept after success, for a fast manual roll back. @default 60 */
    terminationWaitMinutes: TerminationWaitMinutes.default(60),
  }),
  /** ECS and Lambda: `percent` of traffic first, the rest `intervalMinutes` later. */
  z.strictObject({
    type: z.literal('canary'),
    /** @default 10 */
    percent: Percent.default(10),
    /** @default 5 */
    intervalMinutes: IntervalMinutes.default(5),
    /** ECS only: minutes the old task set is kept after success. @default 60 */
    terminationWaitMinutes: TerminationWaitMinutes.default(60),
  }),
  /** ECS and Lambda: `percent` more traffic every `intervalMinutes`. */
  z.strictObject({
    type: z.literal('linear'),
    /** @default 10 */
    percent: Percent.default(10),
    /** @default 1 */
    intervalMinutes: IntervalMinutes.default(1),
    /** ECS only: minutes the old task set is kept after success. @default 60 */
    terminationWaitMinutes: TerminationWaitMinutes.default(60),
  }),
]);

/** The strategy of every environment (`default`), and per environment where it differs. */
export const DeployStrategiesSchema = z.strictObject({
  /** Strategy of every environment not named in `environments`. */
  default: DeployStrategySchema,
  /** Strategy by environment name, e.g. `{ prod: { type: 'canary' } }`. @default {} */
  environments: z.record(EnvironmentName, DeployStrategySchema).default({}),
});

/** Alarm metrics the platform knows; their thresholds come from each environment's `alarms`. */
export const DEPLOY_ALARM_METRICS = ['errorRate', 'http5xx', 'latency'] as const;

/** A metric the service names itself, with its own threshold. */
export const CustomAlarmSchema = z.strictObject({
  /** Short name, part of the alarm name (lower-case, digits, hyphens). */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, { error: 'must be 2-31 lower-case letters, digits or hyphens' }),
  /** CloudWatch namespace, e.g. `Acme/Orders`. */
  namespace: z.string().min(1).max(255),
  /** Metric name. */
  metricName: z.string().min(1).max(255),
  /** Metric dimensions. @default {} */
  dimensions: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Statistic, or a percentile such as `p99`. @default 'Sum' */
  statistic: z
    .string()
    .regex(/^(SampleCount|Average|Sum|Minimum|Maximum|p\d{1,2}(\.\d+)?)$/, {
      error: 'must be SampleCount, Average, Sum, Minimum, Maximum or pNN',
    })
    .default('Sum'),
  /** Threshold the statistic is compared with. */
  threshold: z.number(),
  /** @default 'GreaterThanOrEqualToThreshold' */
  comparison: z
    .enum(['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'])
    .default('GreaterThanOrEqualToThreshold'),
});

/** Which alarms stop and roll back a deployment. */
export const DeployAlarmsSchema = z.strictObject({
  /**
   * Platform metrics: `errorRate` (ALB 5xx/requests or Lambda errors/invocations, in percent), `http5xx`
   * (ALB target 5xx count; not for Lambda), `latency` (p99 target response time or Lambda duration).
   * @default errorRate and latency
   */
  metrics: z.array(z.enum(DEPLOY_ALARM_METRICS)).default(['errorRate', 'latency']),
  /** Metrics the service names itself. @default [] */
  custom: z.array(CustomAlarmSchema).default([]),
});

const ResourceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,254}$/, { error: 'must be a resource name (letters, digits, _ . : / -)' });
const TargetGroupName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, { error: 'must be a target group name (1-32 letters, digits, hyphens)' });

/** An ALB listener ARN (it contains the account, so it is given per environment). */
export const ListenerArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/, {
    error:
      'must be an Application Load Balancer listener ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>)',
  });

/** An ALB ARN (it contains the account, so it is given per environment). */
export const LoadBalancerArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/, {
    error: 'must be an Application Load Balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)',
  });

const Common = {
  /** The strategy per environment. */
  strategy: DeployStrategiesSchema,
  /** Alarms that stop and roll back a deployment. @default errorRate and latency */
  alarms: DeployAlarmsSchema.default({ metrics: ['errorRate', 'latency'], custom: [] }),
};

/** EC2 instances (CodeDeploy compute platform "Server"): in-place (all-at-once, rolling) or blue/green. */
export const Ec2DeploySchema = z.strictObject({
  target: z.literal('ec2'),
  ...Common,
  /** Auto Scaling groups deployed to; blue/green copies the first. @default [] */
  autoScalingGroupNames: z.array(ResourceName).default([]),
  /** Instances deployed to by tag (key -> value), when not in an Auto Scaling group. @default {} */
  ec2TagFilters: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  /** Target groups whose traffic CodeDeploy blocks and allows around each instance. @default [] */
  targetGroupNames: z.array(TargetGroupName).default([]),
  /** The load balancer in front, per environment: the dimension of the ALB alarm metrics. @default {} */
  loadBalancerArns: z.record(EnvironmentName, LoadBalancerArn).default({}),
});

/**
 * An ECS service with the CODE_DEPLOY deployment controller: all-at-once, blue/green, canary or linear.
 * Lifecycle hook functions the deployment may invoke must be named `CodeDeployHook_<service name>...`.
 */
export const EcsDeploySchema = z.strictObject({
  target: z.literal('ecs'),
  ...Common,
  /** ECS cluster name. */
  clusterName: ResourceName,
  /** ECS service name. */
  serviceName: ResourceName,
  /** The two target groups the service alternates between (blue, green). */
  targetGroupNames: z.tuple([TargetGroupName, TargetGroupName]),
  /** Production and test listener ARNs, per environment. @default {} */
  listeners: z.record(EnvironmentName, z.strictObject({ production: ListenerArn, test: ListenerArn })).default({}),
  /** Roles the task definitions use (task role, execution role): CodeDeploy passes them to ECS. */
  taskRoleNames: z.array(IamRoleName).min(1, { error: 'must name at least one role (the task execution role)' }),
});

/**
 * A Lambda function alias: all-at-once, canary or linear traffic shifting between versions. Lifecycle hook
 * functions the deployment may invoke must be named `CodeDeployHook_<service name>...`.
 */
export const LambdaDeploySchema = z.strictObject({
  target: z.literal('lambda'),
  ...Common,
  /** Function name (not ARN). */
  functionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a Lambda function name (1-64 letters, digits, _ or -)' }),
  /** The alias CodeDeploy shifts. */
  alias: z.string().regex(/^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/, { error: 'must be a Lambda alias name (not a version number)' }),
});

/** Strategies each target accepts, and why the others are refused. */
export const STRATEGIES_BY_TARGET: Readonly<Record<'ec2' | 'ecs' | 'lambda', readonly DeployStrategyType[]>> = {
  ec2: ['all-at-once', 'rolling', 'blue-green'],
  ecs: ['all-at-once', 'blue-green', 'canary', 'linear'],
  lambda: ['all-at-once', 'canary', 'linear'],
};

const REFUSED: Readonly<Record<string, string>> = {
  'ec2:canary': 'EC2 deployments are in-place or blue/green; canary traffic shifting exists only for ECS and Lambda',
  'ec2:linear': 'EC2 deployments are in-place or blue/green; linear traffic shifting exists only for ECS and Lambda',
  'ecs:rolling': 'CodeDeploy deploys ECS services blue/green only; a rolling update is the ECS deployment controller, not CodeDeploy',
  'lambda:blue-green': 'Lambda deployments shift alias traffic between versions; there is no fleet to replace',
  'lambda:rolling': 'Lambda deployments shift alias traffic between versions; there are no hosts to roll',
};

type CodeDeployTargetConfig = z.output<typeof Ec2DeploySchema> | z.output<typeof EcsDeploySchema> | z.output<typeof LambdaDeploySchema>;

function issue(ctx: z.RefinementCtx, path: PropertyKey[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** Combination checks within one CodeDeploy `deploy` block (those that need the environments: `deploy-checks.ts`). */
function checkCodeDeploy(deploy: CodeDeployTargetConfig, ctx: z.RefinementCtx): void {
  const allowed = STRATEGIES_BY_TARGET[deploy.target];
  const strategies: [PropertyKey[], DeployStrategyType][] = [
    [['strategy', 'default', 'type'], deploy.strategy.default.type],
    ...Object.entries(deploy.strategy.environments).map(([env, s]): [PropertyKey[], DeployStrategyType] => [
      ['strategy', 'environments', env, 'type'],
      s.type,
    ]),
  ];
  for (const [path, type] of strategies) {
    if (!allowed.includes(type)) {
      const why = REFUSED[`${deploy.target}:${type}`];
      issue(ctx, path, `"${type}" is not a strategy of target "${deploy.target}" (${why}); allowed: ${allowed.join(', ')}`);
    }
    if (deploy.target === 'ec2' && type === 'blue-green') {
      const where = path.slice(0, -1).join('.');
      if (deploy.autoScalingGroupNames.length === 0) {
        issue(ctx, ['autoScalingGroupNames'], `EC2 blue/green (${where}) copies an Auto Scaling group: name at least one`);
      }
      if (deploy.targetGroupNames.length === 0) {
        issue(ctx, ['targetGroupNames'], `EC2 blue/green (${where}) moves traffic through a load balancer: name at least one target group`);
      }
    }
  }
  if (deploy.alarms.metrics.length + deploy.alarms.custom.length === 0) {
    issue(
      ctx,
      ['alarms'],
      'name at least one alarm metric (errorRate, http5xx, latency or a custom one): rollback on alarm needs an alarm',
    );
  }
  const names = [...deploy.alarms.metrics, ...deploy.alarms.custom.map((c) => c.name)];
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) issue(ctx, ['alarms'], `alarm "${repeated}" is named more than once`);
}

const Ec2Deploy = Ec2DeploySchema.superRefine((deploy, ctx) => {
  checkCodeDeploy(deploy, ctx);
  if (deploy.autoScalingGroupNames.length === 0 && Object.keys(deploy.ec2TagFilters).length === 0) {
    issue(ctx, ['autoScalingGroupNames'], 'EC2 deployments need instances: name Auto Scaling groups or ec2TagFilters');
  }
});

const EcsDeploy = EcsDeploySchema.superRefine((deploy, ctx) => {
  checkCodeDeploy(deploy, ctx);
  if (deploy.targetGroupNames[0] === deploy.targetGroupNames[1]) {
    issue(ctx, ['targetGroupNames'], 'blue/green needs two different target groups');
  }
});

const LambdaDeploy = LambdaDeploySchema.superRefine((deploy, ctx) => {
  checkCodeDeploy(deploy, ctx);
  if (deploy.alarms.metrics.includes('http5xx')) {
    issue(
      ctx,
      ['alarms', 'metrics'],
      'http5xx is a load balancer metric and a Lambda alias has none; use errorRate, latency or a custom metric',
    );
  }
});

/**
 * The `deploy` block of a service: one variant per deployment target, discriminated by `target`. Add a
 * target by adding its variant to this list.
 */
export const DeploySchema = z.discriminatedUnion('target', [Ec2Deploy, EcsDeploy, LambdaDeploy]);

export type DeployInput = z.input<typeof DeploySchema>;
export type DeployConfig = z.output<typeof DeploySchema>;
/** The deploy blocks CodeDeploy handles. */
export type CodeDeployConfig = Extract<DeployConfig, { target: 'ec2' | 'ecs' | 'lambda' }>;
export type DeployStrategy = z.output<typeof DeployStrategySchema>;

/** True for the targets CodeDeploy deploys (EC2, ECS, Lambda). */
export function isCodeDeployTarget(deploy: DeployConfig): deploy is CodeDeployConfig {
  return deploy.target === 'ec2' || deploy.target === 'ecs' || deploy.target === 'lambda';
}

/** The strategy of `deploy` in `environment`. */
export function strategyFor(deploy: CodeDeployConfig, environment: string): DeployStrategy {
  return deploy.strategy.environments[environment] ?? deploy.strategy.default;
}
