import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Testing } from '../../modules/core';
import { PIPELINE_METRICS_NAMESPACE, PipelineMonitoring, type PipelineMonitoringProps } from '../../modules/pipeline-monitoring';
import { dataOf, resourcesOf } from '../support/synth';

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:probe-dev-notifications';
const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/logs-key';
const PROPS: PipelineMonitoringProps = {
  namePrefix: 'probe-dev',
  logGroupName: '/probe/dev/pipeline-executions',
  logRetentionDays: 30,
  kmsKeyArn: KEY,
  topicArn: TOPIC,
  partition: 'aws',
  region: 'eu-west-1',
  accountId: '111111111111',
  pipelineNames: ['probe-dev-svc-a', 'probe-dev-svc-b'],
};

function synth(overrides: Partial<PipelineMonitoringProps> = {}): { json: string; tf: Record<string, any> } {
  const json = Testing.synthScope((scope) => new PipelineMonitoring(scope, 'monitoring', { ...PROPS, ...overrides }));
  return { json, tf: JSON.parse(json) };
}

const { json, tf } = synth();
const rules = new Map(resourcesOf(tf, 'aws_cloudwatch_event_rule').map((r) => [r.name, { ...r, pattern: JSON.parse(r.event_pattern) }]));
const targets = resourcesOf(tf, 'aws_cloudwatch_event_target');
const OURS = [{ prefix: 'probe-dev-' }];

describe('PipelineMonitoring: notifications', () => {
  test.each<[string, string, Record<string, unknown>]>([
    ['probe-dev-pipeline-failures', 'aws.codepipeline', { state: ['FAILED'], pipeline: OURS }],
    ['probe-dev-approvals-waiting', 'aws.codepipeline', { state: ['STARTED'], type: { category: ['Approval'] }, pipeline: OURS }],
    ['probe-dev-build-failures', 'aws.codebuild', { 'build-status': ['FAILED', 'TIMED_OUT'], 'project-name': OURS }],
    ['probe-dev-deployment-failures', 'aws.codedeploy', { state: ['FAILURE'], application: OURS }],
  ])('%s: %s events of names under the prefix only', (name, source, detail) => {
    const rule = rules.get(name);
    expect(rule?.pattern).toMatchObject({ source: [source], detail });
  });

  test('each notification rule sends to the topic a one-line message built from the event', () => {
    const notifications = targets.filter((t) => t.target_id === 'notifications');
    expect(notifications).toHaveLength(4);
    for (const target of notifications) {
      expect(target.arn).toBe(TOPIC);
      expect(Object.keys(target.input_transformer.input_paths).length).toBeGreaterThan(0);
      expect(JSON.parse(target.input_transformer.input_template)).toMatch(/<[a-z]+>/);
    }
  });
});

describe('PipelineMonitoring: execution log', () => {
  test('a log group kept for the days given, encrypted with the customer key', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { name: PROPS.logGroupName, retention_in_days: 30, kms_key_id: KEY });
  });

  test('a rule sends every CodePipeline, CodeBuild and CodeDeploy state change to it', () => {
    const rule = rules.get('probe-dev-execution-log');
    expect(rule?.pattern.source).toEqual(['aws.codepipeline', 'aws.codebuild', 'aws.codedeploy']);
    expect(rule?.pattern['detail-type']).toEqual(
      expect.arrayContaining(['CodePipeline Pipeline Execution State Change', 'CodeBuild Build State Change']),
    );
    const [target] = targets.filter((t) => t.target_id === 'execution-log');
    expect(target.arn).toMatch(/^\$\{aws_cloudwatch_log_group\.[^.]+\.arn\}$/);
  });

  test('the log group lets EventBridge write to it only for that one rule', () => {
    const [document] = dataOf(tf, 'aws_iam_policy_document');
    expect(document.statement).toEqual([
      {
        sid: 'EventBridgeWritesExecutionLog',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com', 'events.amazonaws.com'] }],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: ['arn:aws:logs:eu-west-1:111111111111:log-group:/probe/dev/pipeline-executions:*'],
        condition: [
          { test: 'ArnEquals', variable: 'aws:SourceArn', values: ['arn:aws:events:eu-west-1:111111111111:rule/probe-dev-execution-log'] },
        ],
      },
    ]);
    const [policy] = resourcesOf(tf, 'aws_cloudwatch_log_resource_policy');
    expect(policy.policy_name).toBe('probe-dev-events-to-execution-log');
  });

  test('the ARNs follow the partition', () => {
    const [document] = dataOf(synth({ partition: 'aws-cn', region: 'cn-north-1' }).tf, 'aws_iam_policy_document');
    expect(document.statement[0].resources[0]).toMatch(/^arn:aws-cn:logs:cn-north-1:/);
    expect(document.statement[0].condition[0].values[0]).toMatch(/^arn:aws-cn:events:cn-north-1:/);
  });
});

describe('PipelineMonitoring: alarms and dashboard', () => {
  test('failed pipeline executions and deployments are counted from the execution log', () => {
    const filters = resourcesOf(tf, 'aws_cloudwatch_log_metric_filter');
    expect(filters.map((f) => f.metric_transformation.name).sort()).toEqual([
      'probe-dev-FailedDeployments',
      'probe-dev-FailedPipelineExecutions',
    ]);
    for (const filter of filters) {
      expect(filter.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.[^.]+\.name\}$/);
      expect(filter.metric_transformation).toMatchObject({ namespace: PIPELINE_METRICS_NAMESPACE, value: '1', default_value: '0' });
    }
  });

  test.each<[string, string, string]>([
    ['probe-dev-failed-builds', 'AWS/CodeBuild', 'FailedBuilds'],
    ['probe-dev-failed-deployments', PIPELINE_METRICS_NAMESPACE, 'probe-dev-FailedDeployments'],
    ['probe-dev-failed-pipelines', PIPELINE_METRICS_NAMESPACE, 'probe-dev-FailedPipelineExecutions'],
  ])('%s: alarms on the first failure in 5 minutes, and tells the topic when it raises and clears', (alarmName, namespace, metricName) => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: alarmName,
      namespace,
      metric_name: metricName,
      statistic: 'Sum',
      period: 300,
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
  });

  test('the build and deployment thresholds are the ones given', () => {
    const custom = synth({ failedBuildsThreshold: 3, failedDeploymentsThreshold: 2 }).json;
    expect(custom).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_name: 'probe-dev-failed-builds', threshold: 3 });
    expect(custom).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_name: 'probe-dev-failed-deployments', threshold: 2 });
  });

  test('a dashboard of the environment links each pipeline given and queries the execution log', () => {
    const [dashboard] = resourcesOf(tf, 'aws_cloudwatch_dashboard');
    expect(dashboard.dashboard_name).toBe('probe-dev-cicd');
    const body = JSON.parse(dashboard.dashboard_body);
    const text = JSON.stringify(body);
    for (const name of PROPS.pipelineNames!) expect(text).toContain(`codepipeline/pipelines/${name}/view?region=eu-west-1`);
    expect(body.widgets.find((w: any) => w.type === 'log').properties.query).toContain(`SOURCE '${PROPS.logGroupName}'`);
  });
});
