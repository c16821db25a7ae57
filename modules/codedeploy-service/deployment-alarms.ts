import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from '../core';
import type { AlarmMetric, AlarmThresholds, CustomAlarm, DeploymentPlatform } from './types';

export interface DeploymentAlarmsProps {
  /** Alarm names are `<namePrefix>-<metric>`. */
  readonly namePrefix: string;
  /** What is deployed: gives the metrics their dimensions. */
  readonly platform: DeploymentPlatform;
  /** Platform metrics to alarm on. */
  readonly metrics: readonly AlarmMetric[];
  /** Metrics the service names itself. @default none */
  readonly custom?: readonly CustomAlarm[];
  /** Thresholds of the platform metrics, evaluation periods and period length. */
  readonly thresholds: AlarmThresholds;
  /** Where the alarms notify (alarm and OK), e.g. the environment's SNS topic. */
  readonly actionArns: readonly string[];
}

/** The `app/<name>/<id>` CloudWatch dimension of the ALB behind the platform, if any. */
export function loadBalancerDimension(platform: DeploymentPlatform): string | undefined {
  if (platform.target === 'ecs') return /:listener\/(app\/[^/]+\/[^/]+)\//.exec(platform.productionListenerArn)?.[1];
  if (platform.target === 'ec2' && platform.loadBalancerArn !== undefined)
    return /:loadbalancer\/(.+)$/.exec(platform.loadBalancerArn)?.[1];
  return undefined;
}

type AlarmShape = Omit<CloudwatchMetricAlarmConfig, 'alarmName' | 'evaluationPeriods' | 'alarmActions' | 'okActions'>;

const KEBAB: Readonly<Record<AlarmMetric, string>> = { errorRate: 'error-rate', http5xx: 'http-5xx', latency: 'latency' };

/** The alarm of `metric` on a Lambda alias; undefined for a load balancer metric (an alias has none). */
function lambdaAlarm(
  metric: AlarmMetric,
  platform: Extract<DeploymentPlatform, { target: 'lambda' }>,
  t: AlarmThresholds,
): AlarmShape | undefined {
  const period = t.periodSeconds;
  const dimensions = { FunctionName: platform.functionName, Resource: `${platform.functionName}:${platform.alias}` };
  const where = `Lambda ${platform.functionName}:${platform.alias}`;
  if (metric === 'errorRate') {
    return {
      alarmDescription: `${where}: errors above ${t.errorRatePercent}% of invocations: stops and rolls back a deployment`,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: t.errorRatePercent,
      metricQuery: [
        { id: 'errors', returnData: false, metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions, period, stat: 'Sum' } },
        {
          id: 'invocations',
          returnData: false,
          metric: { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions, period, stat: 'Sum' },
        },
        { id: 'rate', returnData: true, label: 'Error rate (%)', expression: 'IF(invocations > 0, 100 * errors / invocations, 0)' },
      ],
    };
  }
  if (metric === 'latency') {
    return {
      alarmDescription: `${where}: p99 duration above ${t.p99LatencyMs} ms: stops and rolls back a deployment`,
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions,
      extendedStatistic: 'p99',
      period,
      threshold: t.p99LatencyMs,
      comparisonOperator: 'GreaterThanThreshold',
    };
  }
  return undefined;
}

/** The alarm of `metric` on the ALB `lb` (its `app/<name>/<id>` dimension). */
function loadBalancerAlarm(metric: AlarmMetric, lb: string, t: AlarmThresholds): AlarmShape {
  const period = t.periodSeconds;
  const dimensions = { LoadBalancer: lb };
  const where = `ALB ${lb}`;
  if (metric === 'errorRate') {
    return {
      alarmDescription: `${where}: target 5xx above ${t.errorRatePercent}% of requests: stops and rolls back a deployment`,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: t.errorRatePercent,
      metricQuery: [
        {
          id: 'errors',
          returnData: false,
          metric: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', dimensions, period, stat: 'Sum' },
        },
        {
          id: 'requests',
          returnData: false,
          metric: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions, period, stat: 'Sum' },
        },
        { id: 'rate', returnData: true, label: 'Error rate (%)', expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)' },
      ],
    };
  }
  if (metric === 'http5xx') {
    return {
      alarmDescription: `${where}: ${t.http5xxCount} or more target 5xx responses per ${period}s: stops and rolls back a deployment`,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HTTPCode_Target_5XX_Count',
      dimensions,
      statistic: 'Sum',
      period,
      threshold: t.http5xxCount,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
    };
  }
  return {
    alarmDescription: `${where}: p99 target response time above ${t.p99LatencyMs} ms: stops and rolls back a deployment`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimensions,
    extendedStatistic: 'p99',
    period,
    // TargetResponseTime is in seconds
    threshold: t.p99LatencyMs / 1000,
    comparisonOperator: 'GreaterThanThreshold',
  };
}

/**
 * CloudWatch alarms that stop a deployment and roll it back: the platform metrics of the target (ALB
 * error rate, 5xx count and p99 response time; Lambda error rate and p99 duration on the alias) with the
 * environment's thresholds, and any metric the service names. Every alarm notifies `actionArns`.
 */
export class DeploymentAlarms extends Construct {
  readonly alarms: readonly CloudwatchMetricAlarm[];
  /** Alarm names (references), for a deployment group's alarm configuration. */
  readonly alarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: DeploymentAlarmsProps) {
    super(scope, id);
    const custom = props.custom ?? [];
    const { thresholds, platform } = props;
    const period = thresholds.periodSeconds;

    const shapes: [string, AlarmShape][] = props.metrics.map((metric) => [KEBAB[metric], this.platformAlarm(metric, platform, thresholds)]);
    for (const alarm of custom) {
      const percentile = /^p\d/.test(alarm.statistic);
      shapes.push([
        `custom-${alarm.name}`,
        {
          alarmDescription: `${alarm.namespace} ${alarm.metricName} ${alarm.statistic} against ${alarm.threshold}: stops and rolls back a deployment`,
          namespace: alarm.namespace,
          metricName: alarm.metricName,
          dimensions: { ...alarm.dimensions },
          statistic: percentile ? undefined : alarm.statistic,
          extendedStatistic: percentile ? alarm.statistic : undefined,
          period,
          threshold: alarm.threshold,
          comparisonOperator: alarm.comparison,
        },
      ]);
    }

    this.alarms = shapes.map(
      ([suffix, shape]) =>
        new CloudwatchMetricAlarm(this, suffix, {
          ...shape,
          alarmName: `${props.namePrefix}-${suffix}`,
          evaluationPeriods: thresholds.evaluationPeriods,
          // no traffic during a deployment is not a failure of the deployment
          treatMissingData: 'notBreaching',
          alarmActions: [...props.actionArns],
          okActions: [...props.actionArns],
        }),
    );
    this.alarmNames = this.alarms.map((a) => a.alarmName);
  }

  private platformAlarm(metric: AlarmMetric, platform: DeploymentPlatform, t: AlarmThresholds): AlarmShape {
    if (platform.target === 'lambda') {
      const alarm = lambdaAlarm(metric, platform, t);
      if (alarm === undefined)
        throw new Error(`DeploymentAlarms ${this.node.path}: "${metric}" is a load balancer metric; a Lambda alias has none`);
      return alarm;
    }
    const lb = loadBalancerDimension(platform);
    if (lb === undefined) {
      throw new Error(
        `DeploymentAlarms ${this.node.path}: "${metric}" is a load balancer metric; name the load balancer (loadBalancerArn)`,
      );
    }
    return loadBalancerAlarm(metric, lb, t);
  }
}
