import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct, eventRuleArn, logGroupArn } from '../core';
import { addEventRuleTarget } from '../event-route';
import { PIPELINE_METRICS_NAMESPACE, dashboardWidgets, derivedMetricNames } from './dashboard';
import { EXECUTION_LOG_PATTERN, PIPELINE_NOTIFICATIONS } from './notifications';

export interface PipelineMonitoringProps {
  /** Prefix of every pipeline, project and deployment application watched, and of the names here, e.g. `acme-dev`. */
  readonly namePrefix: string;
  /** Log group of the pipeline execution log; must be under the prefix the key policy grants to CloudWatch Logs. */
  readonly logGroupName: string;
  /** Days the execution log is kept. */
  readonly logRetentionDays: number;
  /** Customer managed key of the log group. */
  readonly kmsKeyArn: string;
  /** SNS topic (KMS-encrypted) that receives failures, waiting approvals and alarms. */
  readonly topicArn: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Pipelines shown on the dashboard. @default none */
  readonly pipelineNames?: readonly string[];
  /** Failed builds per 5 minutes that raise the alarm. @default 1 */
  readonly failedBuildsThreshold?: number;
  /** Failed deployments per 5 minutes that raise the alarm. @default 1 */
  readonly failedDeploymentsThreshold?: number;
}

export { PIPELINE_METRICS_NAMESPACE } from './dashboard';

type AlarmName = 'failedBuilds' | 'failedDeployments' | 'failedPipelines';

/**
 * Pipeline monitoring of one environment: EventBridge rules that send pipeline, stage and action
 * failures, failed builds and deployments, and approvals waiting to the SNS topic; an execution log
 * (every CodePipeline, CodeBuild and CodeDeploy state change to a KMS-encrypted log group with
 * retention); metrics and alarms on failed builds, deployments and pipeline executions; a dashboard.
 */
export class PipelineMonitoring extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly dashboard: CloudwatchDashboard;
  readonly alarms: Readonly<Record<AlarmName, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const { namePrefix, topicArn } = props;
    const ours = [{ prefix: `${namePrefix}-` }];
    // rule ids and target ids are those of the resources' first release (their addresses are a contract)
    for (const notification of PIPELINE_NOTIFICATIONS) {
      addEventRuleTarget(
        this,
        { rule: notification.id, target: `${notification.id}-to-topic` },
        {
          ruleName: `${namePrefix}-${notification.id}`,
          description: notification.description,
          eventPattern: notification.pattern(ours),
          targetArn: topicArn,
          targetId: 'notifications',
          message: notification.message,
        },
      );
    }
    this.logGroup = this.executionLog(props);
    this.alarms = this.failureAlarms(props);
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${namePrefix}-cicd`,
      dashboardBody: JSON.stringify({
        widgets: dashboardWidgets({
          namePrefix,
          region: props.region,
          logGroupName: props.logGroupName,
          pipelineNames: props.pipelineNames ?? [],
        }),
      }),
    });
  }

  /** The execution log: every state change of what we run, kept with retention and encrypted, and the rule that fills it. */
  private executionLog(props: PipelineMonitoringProps): CloudwatchLogGroup {
    const { namePrefix, partition, region, accountId } = props;
    const logGroup = new CloudwatchLogGroup(this, 'execution-log', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const logRuleName = `${namePrefix}-execution-log`;
    const logRuleArn = eventRuleArn({ partition, region, accountId }, logRuleName);
    const executionLogArn = logGroupArn({ partition, region, accountId }, props.logGroupName);
    const logPolicy = new DataAwsIamPolicyDocument(this, 'execution-log-policy', {
      statement: [
        {
          sid: 'EventBridgeWritesExecutionLog',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com', 'events.amazonaws.com'] }],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${executionLogArn}:*`],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [logRuleArn] }],
        },
      ],
    });
    new CloudwatchLogResourcePolicy(this, 'execution-log-resource-policy', {
      policyName: `${namePrefix}-events-to-execution-log`,
      policyDocument: logPolicy.json,
    });
    addEventRuleTarget(
      this,
      { rule: 'execution-log-rule', target: 'execution-log-target' },
      {
        ruleName: logRuleName,
        description: 'Every pipeline, build and deployment state change, to the execution log',
        eventPattern: EXECUTION_LOG_PATTERN,
        targetArn: logGroup.arn,
        targetId: 'execution-log',
      },
    );
    return logGroup;
  }

  /** Metrics derived from the execution log, and alarms on them and on CodeBuild's failed builds. */
  private failureAlarms(props: PipelineMonitoringProps): Record<AlarmName, CloudwatchMetricAlarm> {
    const { namePrefix, topicArn } = props;
    const derived = derivedMetricNames(namePrefix);
    const metric = (filterId: string, name: string, pattern: string) =>
      new CloudwatchLogMetricFilter(this, filterId, {
        name: `${namePrefix}-${filterId}`,
        logGroupName: this.logGroup.name,
        pattern,
        metricTransformation: { name, namespace: PIPELINE_METRICS_NAMESPACE, value: '1', defaultValue: '0', dimensions: undefined },
      });
    metric(
      'metric-failed-pipeline-executions',
      derived.failedPipelines,
      '{ ($.source = "aws.codepipeline") && ($.detail-type = "CodePipeline Pipeline Execution State Change") && ($.detail.state = "FAILED") }',
    );
    metric('metric-failed-deployments', derived.failedDeployments, '{ ($.source = "aws.codedeploy") && ($.detail.state = "FAILURE") }');

    const alarm = (alarmId: string, description: string, namespace: string, metricName: string, threshold: number) =>
      new CloudwatchMetricAlarm(this, alarmId, {
        alarmName: `${namePrefix}-${alarmId.replace(/^alarm-/, '')}`,
        alarmDescription: description,
        namespace,
        metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [topicArn],
        okActions: [topicArn],
      });
    return {
      // CodeBuild publishes account-level build metrics (no dimension) for every project of the account.
      failedBuilds: alarm(
        'alarm-failed-builds',
        'CodeBuild builds failed',
        'AWS/CodeBuild',
        'FailedBuilds',
        props.failedBuildsThreshold ?? 1,
      ),
      failedDeployments: alarm(
        'alarm-failed-deployments',
        'CodeDeploy deployments failed',
        PIPELINE_METRICS_NAMESPACE,
        derived.failedDeployments,
        props.failedDeploymentsThreshold ?? 1,
      ),
      failedPipelines: alarm(
        'alarm-failed-pipelines',
        'Pipeline executions failed',
        PIPELINE_METRICS_NAMESPACE,
        derived.failedPipelines,
        1,
      ),
    };
  }
}
