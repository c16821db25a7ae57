import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from '../core';

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

/** Namespace of the metrics this module derives from the execution log. */
export const PIPELINE_METRICS_NAMESPACE = 'CICD/Pipelines';

/**
 * Pipeline monitoring of one environment: EventBridge rules that send pipeline, stage and action
 * failures, failed builds and deployments, and approvals waiting to the SNS topic; an execution log
 * (every CodePipeline, CodeBuild and CodeDeploy state change to a KMS-encrypted log group with
 * retention); metrics and alarms on failed builds, deployments and pipeline executions; a dashboard.
 */
export class PipelineMonitoring extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly dashboard: CloudwatchDashboard;
  readonly alarms: Readonly<Record<'failedBuilds' | 'failedDeployments' | 'failedPipelines', CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const pipelineNames = props.pipelineNames ?? [];
    const failedBuildsThreshold = props.failedBuildsThreshold ?? 1;
    const failedDeploymentsThreshold = props.failedDeploymentsThreshold ?? 1;
    const { namePrefix, partition, region, accountId, topicArn } = props;
    const ours = [{ prefix: `${namePrefix}-` }];

    const notify = (
      ruleId: string,
      name: string,
      description: string,
      pattern: Record<string, unknown>,
      paths: Record<string, string>,
      template: string,
    ) => {
      const rule = new CloudwatchEventRule(this, ruleId, {
        name: `${namePrefix}-${name}`,
        description,
        eventPattern: JSON.stringify(pattern),
      });
      new CloudwatchEventTarget(this, `${ruleId}-to-topic`, {
        rule: rule.name,
        arn: topicArn,
        targetId: 'notifications',
        inputTransformer: { inputPaths: paths, inputTemplate: JSON.stringify(template) },
      });
      return rule;
    };

    notify(
      'pipeline-failures',
      'pipeline-failures',
      'Pipeline, stage and action failures',
      {
        source: ['aws.codepipeline'],
        'detail-type': [
          'CodePipeline Pipeline Execution State Change',
          'CodePipeline Stage Execution State Change',
          'CodePipeline Action Execution State Change',
        ],
        detail: { state: ['FAILED'], pipeline: ours },
      },
      {
        kind: '$.detail-type',
        pipeline: '$.detail.pipeline',
        stage: '$.detail.stage',
        action: '$.detail.action',
        execution: '$.detail.execution-id',
      },
      '<kind> FAILED: pipeline <pipeline>, stage <stage>, action <action>, execution <execution>',
    );
    notify(
      'approvals-waiting',
      'approvals-waiting',
      'Manual approvals waiting for a reviewer',
      {
        source: ['aws.codepipeline'],
        'detail-type': ['CodePipeline Action Execution State Change'],
        detail: { state: ['STARTED'], type: { category: ['Approval'] }, pipeline: ours },
      },
      { pipeline: '$.detail.pipeline', stage: '$.detail.stage', action: '$.detail.action' },
      'Approval waiting: pipeline <pipeline>, stage <stage>, action <action>',
    );
    notify(
      'build-failures',
      'build-failures',
      'Failed CodeBuild builds',
      {
        source: ['aws.codebuild'],
        'detail-type': ['CodeBuild Build State Change'],
        detail: { 'build-status': ['FAILED', 'TIMED_OUT'], 'project-name': ours },
      },
      { project: '$.detail.project-name', status: '$.detail.build-status', build: '$.detail.build-id' },
      'Build <status>: project <project>, build <build>',
    );
    notify(
      'deployment-failures',
      'deployment-failures',
      'Failed CodeDeploy deployments',
      {
        source: ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Deployment State-change Notification'],
        detail: { state: ['FAILURE'], application: ours },
      },
      { application: '$.detail.application', group: '$.detail.deploymentGroup', deployment: '$.detail.deploymentId' },
      'Deployment FAILED: application <application>, group <group>, deployment <deployment>',
    );

    // The execution log: every state change of what we run, kept with retention and encrypted.
    this.logGroup = new CloudwatchLogGroup(this, 'execution-log', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const logRuleName = `${namePrefix}-execution-log`;
    const logRuleArn = `arn:${partition}:events:${region}:${accountId}:rule/${logRuleName}`;
    const logGroupArn = `arn:${partition}:logs:${region}:${accountId}:log-group:${props.logGroupName}`;
    const logPolicy = new DataAwsIamPolicyDocument(this, 'execution-log-policy', {
      statement: [
        {
          sid: 'EventBridgeWritesExecutionLog',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com', 'events.amazonaws.com'] }],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${logGroupArn}:*`],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [logRuleArn] }],
        },
      ],
    });
    new CloudwatchLogResourcePolicy(this, 'execution-log-resource-policy', {
      policyName: `${namePrefix}-events-to-execution-log`,
      policyDocument: logPolicy.json,
    });
    const logRule = new CloudwatchEventRule(this, 'execution-log-rule', {
      name: logRuleName,
      description: 'Every pipeline, build and deployment state change, to the execution log',
      eventPattern: JSON.stringify({
        source: ['aws.codepipeline', 'aws.codebuild', 'aws.codedeploy'],
        'detail-type': [
          'CodePipeline Pipeline Execution State Change',
          'CodePipeline Stage Execution State Change',
          'CodePipeline Action Execution State Change',
          'CodeBuild Build State Change',
          'CodeDeploy Deployment State-change Notification',
        ],
      }),
    });
    new CloudwatchEventTarget(this, 'execution-log-target', { rule: logRule.name, arn: this.logGroup.arn, targetId: 'execution-log' });

    const metric = (filterId: string, name: string, pattern: string) =>
      new CloudwatchLogMetricFilter(this, filterId, {
        name: `${namePrefix}-${filterId}`,
        logGroupName: this.logGroup.name,
        pattern,
        metricTransformation: { name, namespace: PIPELINE_METRICS_NAMESPACE, value: '1', defaultValue: '0', dimensions: undefined },
      });
    metric(
      'metric-failed-pipeline-executions',
      `${namePrefix}-FailedPipelineExecutions`,
      '{ ($.source = "aws.codepipeline") && ($.detail-type = "CodePipeline Pipeline Execution State Change") && ($.detail.state = "FAILED") }',
    );
    metric(
      'metric-failed-deployments',
      `${namePrefix}-FailedDeployments`,
      '{ ($.source = "aws.codedeploy") && ($.detail.state = "FAILURE") }',
    );

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
    this.alarms = {
      // CodeBuild publishes account-level build metrics (no dimension) for every project of the account.
      failedBuilds: alarm('alarm-failed-builds', 'CodeBuild builds failed', 'AWS/CodeBuild', 'FailedBuilds', failedBuildsThreshold),
      failedDeployments: alarm(
        'alarm-failed-deployments',
        'CodeDeploy deployments failed',
        PIPELINE_METRICS_NAMESPACE,
        `${namePrefix}-FailedDeployments`,
        failedDeploymentsThreshold,
      ),
      failedPipelines: alarm(
        'alarm-failed-pipelines',
        'Pipeline executions failed',
        PIPELINE_METRICS_NAMESPACE,
        `${namePrefix}-FailedPipelineExecutions`,
        1,
      ),
    };

    const widgets: Record<string, unknown>[] = [
      {
        type: 'metric',
        x: 0,
        y: 0,
        width: 12,
        height: 6,
        properties: {
          title: 'Builds',
          region,
          stat: 'Sum',
          period: 300,
          metrics: [
            ['AWS/CodeBuild', 'Builds'],
            ['AWS/CodeBuild', 'SucceededBuilds'],
            ['AWS/CodeBuild', 'FailedBuilds'],
          ],
        },
      },
      {
        type: 'metric',
        x: 12,
        y: 0,
        width: 12,
        height: 6,
        properties: {
          title: 'Failed pipeline executions and deployments',
          region,
          stat: 'Sum',
          period: 300,
          metrics: [
            [PIPELINE_METRICS_NAMESPACE, `${namePrefix}-FailedPipelineExecutions`],
            [PIPELINE_METRICS_NAMESPACE, `${namePrefix}-FailedDeployments`],
          ],
        },
      },
      {
        type: 'metric',
        x: 0,
        y: 6,
        width: 12,
        height: 6,
        properties: { title: 'Build duration (p90, seconds)', region, stat: 'p90', period: 300, metrics: [['AWS/CodeBuild', 'Duration']] },
      },
      {
        type: 'log',
        x: 12,
        y: 6,
        width: 12,
        height: 6,
        properties: {
          title: 'Latest failures',
          region,
          query: `SOURCE '${props.logGroupName}' | fields @timestamp, source, \`detail-type\`, detail.pipeline, detail.stage, detail.action, detail.state | filter detail.state in ["FAILED", "FAILURE"] | sort @timestamp desc | limit 20`,
        },
      },
      {
        type: 'text',
        x: 0,
        y: 12,
        width: 24,
        height: Math.max(2, Math.min(12, pipelineNames.length + 2)),
        properties: {
          markdown: [
            '## Pipelines',
            '',
            ...pipelineNames.map(
              (p) => `- [${p}](https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${p}/view?region=${region})`,
            ),
          ].join('\n'),
        },
      },
    ];
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${namePrefix}-cicd`,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
