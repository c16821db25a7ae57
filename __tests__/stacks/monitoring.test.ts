import { exampleConfig } from '../support/config';
import { documentStatements } from '../support/pipelines';
import { exampleTerraform } from '../support/example';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

const config = exampleConfig();
const tf: Record<string, Record<string, any>> = Object.fromEntries(
  ['dev', 'test', 'staging', 'prod'].map((name) => [name, exampleTerraform(name)]),
);
const ACCOUNT: Record<string, string> = { dev: '222222222222', test: '333333333333', staging: '444444444444', prod: '555555555555' };
const TOPIC = /^\$\{aws_sns_topic\.notifications_topic_[0-9A-F]+\.arn\}$/;
const KEY = /^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/;
const rule = (env: string, name: string) => resourcesOf(tf[env], 'aws_cloudwatch_event_rule').find((r) => r.name === name)!;
const targetsOf = (env: string, name: string) =>
  resourcesOf(tf[env], 'aws_cloudwatch_event_target').filter((t) => {
    const [ruleId] = Object.entries(tf[env].resource.aws_cloudwatch_event_rule).find(([, r]: [string, any]) => r.name === name)!;
    return t.rule === `\${aws_cloudwatch_event_rule.${ruleId}.name}`;
  });
const keyStatement = (env: string, sid: string) =>
  dataOf(tf[env], 'aws_iam_policy_document')
    .flatMap((d) => d.statement)
    .find((s: any) => s.sid === sid);

describe.each(['dev', 'test', 'staging', 'prod'])('monitoring of %s', (env) => {
  const environment = config.environments.find((e) => e.name === env)!;

  test.each([
    [
      'pipeline-failures',
      {
        source: ['aws.codepipeline'],
        'detail-type': [
          'CodePipeline Pipeline Execution State Change',
          'CodePipeline Stage Execution State Change',
          'CodePipeline Action Execution State Change',
        ],
        detail: { state: ['FAILED'], pipeline: [{ prefix: `acme-${env}-` }] },
      },
    ],
    [
      'approvals-waiting',
      {
        source: ['aws.codepipeline'],
        'detail-type': ['CodePipeline Action Execution State Change'],
        detail: { state: ['STARTED'], type: { category: ['Approval'] }, pipeline: [{ prefix: `acme-${env}-` }] },
      },
    ],
    [
      'build-failures',
      {
        source: ['aws.codebuild'],
        'detail-type': ['CodeBuild Build State Change'],
        detail: { 'build-status': ['FAILED', 'TIMED_OUT'], 'project-name': [{ prefix: `acme-${env}-` }] },
      },
    ],
    [
      'deployment-failures',
      {
        source: ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Deployment State-change Notification'],
        detail: { state: ['FAILURE'], application: [{ prefix: `acme-${env}-` }] },
      },
    ],
  ])('EventBridge sends %s to the environment topic, readably', (name, pattern) => {
    expect(JSON.parse(rule(env, `acme-${env}-${name}`).event_pattern)).toEqual(pattern);
    const [target] = targetsOf(env, `acme-${env}-${name}`);
    expect(target.arn).toMatch(TOPIC);
    expect(typeof JSON.parse(target.input_transformer.input_template)).toBe('string');
  });

  test(`every pipeline, build and deployment state change goes to a KMS-encrypted log kept ${environment.logRetentionDays} days`, () => {
    const [group] = resourcesOf(tf[env], 'aws_cloudwatch_log_group').filter((g) => g.name === `/acme/${env}/codepipeline/executions`);
    expect(group).toEqual({
      name: `/acme/${env}/codepipeline/executions`,
      retention_in_days: environment.logRetentionDays,
      kms_key_id: expect.stringMatching(KEY),
    });
    expect(JSON.parse(rule(env, `acme-${env}-execution-log`).event_pattern).source).toEqual([
      'aws.codepipeline',
      'aws.codebuild',
      'aws.codedeploy',
    ]);
    expect(targetsOf(env, `acme-${env}-execution-log`)).toEqual([
      expect.objectContaining({
        arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.pipeline-monitoring_execution-log_[0-9A-F]+\.arn\}$/),
      }),
    ]);
    // the environment key lets CloudWatch Logs encrypt exactly this prefix of log groups
    expect(keyStatement(env, 'CloudWatchLogs').condition[0].values).toEqual([`arn:aws:logs:eu-west-1:${ACCOUNT[env]}:log-group:/acme/*`]);
  });

  test('only the execution-log rule may write to the log group', () => {
    const [policy] = resourcesOf(tf[env], 'aws_cloudwatch_log_resource_policy');
    expect(policy.policy_name).toBe(`acme-${env}-events-to-execution-log`);
    expect(documentStatements(tf[env], policy.policy_document)).toEqual([
      {
        sid: 'EventBridgeWritesExecutionLog',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com', 'events.amazonaws.com'] }],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`arn:aws:logs:eu-west-1:${ACCOUNT[env]}:log-group:/acme/${env}/codepipeline/executions:*`],
        condition: [
          {
            test: 'ArnEquals',
            variable: 'aws:SourceArn',
            values: [`arn:aws:events:eu-west-1:${ACCOUNT[env]}:rule/acme-${env}-execution-log`],
          },
        ],
      },
    ]);
  });

  test('alarms on failed builds, deployments and pipeline executions notify the topic', () => {
    const ours = resourcesOf(tf[env], 'aws_cloudwatch_metric_alarm').filter((a) => a.alarm_name.startsWith(`acme-${env}-failed-`));
    const alarms = ours.map((a) => [a.alarm_name, a.namespace, a.metric_name, a.threshold]);
    expect(alarms).toEqual([
      [`acme-${env}-failed-builds`, 'AWS/CodeBuild', 'FailedBuilds', 1],
      [`acme-${env}-failed-deployments`, 'CICD/Pipelines', `acme-${env}-FailedDeployments`, 1],
      [`acme-${env}-failed-pipelines`, 'CICD/Pipelines', `acme-${env}-FailedPipelineExecutions`, 1],
    ]);
    for (const alarm of ours) {
      expect(alarm).toMatchObject({
        statistic: 'Sum',
        period: 300,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
      });
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC)]);
    }
    const filters = resourcesOf(tf[env], 'aws_cloudwatch_log_metric_filter').map((f) => f.metric_transformation.name);
    expect(filters.sort()).toEqual([`acme-${env}-FailedDeployments`, `acme-${env}-FailedPipelineExecutions`]);
  });

  test("a dashboard of builds, failures and the environment's pipelines", () => {
    const [dashboard] = resourcesOf(tf[env], 'aws_cloudwatch_dashboard');
    expect(dashboard.dashboard_name).toBe(`acme-${env}-cicd`);
    const body = JSON.parse(dashboard.dashboard_body);
    expect(body.widgets.map((w: any) => w.properties.title ?? 'pipelines')).toEqual([
      'Builds',
      'Failed pipeline executions and deployments',
      'Build duration (p90, seconds)',
      'Latest failures',
      'pipelines',
    ]);
    const pipelines = Object.values(tf[env].resource.aws_codepipeline).map((p: any) => p.name);
    for (const name of pipelines) expect(body.widgets[4].properties.markdown).toContain(`[${name}]`);
  });

  test('a multi-region trail with log file validation, encrypted with the environment key', () => {
    expect(resourcesOf(tf[env], 'aws_cloudtrail')).toEqual([
      expect.objectContaining({
        name: `acme-${env}-audit`,
        enable_log_file_validation: true,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_logging: true,
        kms_key_id: expect.stringMatching(KEY),
        s3_bucket_name: expect.stringMatching(/^\$\{aws_s3_bucket\.audit-trail_bucket_[0-9A-F]+\.bucket\}$/),
        depends_on: [expect.stringMatching(/^aws_s3_bucket_policy\.audit-trail_bucket_policy_/)],
      }),
    ]);
  });

  test('the trail has its own protected bucket that only this trail may write to', () => {
    const bucket = resourcesOf(tf[env], 'aws_s3_bucket').find((b) => b.bucket === `acme-${env}-audit-${ACCOUNT[env]}`)!;
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    const lifecycle = resourcesOf(tf[env], 'aws_s3_bucket_lifecycle_configuration').find((l) => /audit-trail/.test(l.bucket))!;
    expect(lifecycle.rule).toContainEqual(expect.objectContaining({ id: 'expire-current-versions', expiration: [{ days: 365 }] }));
    const policy = resourcesOf(tf[env], 'aws_s3_bucket_policy').find((p) => /audit-trail/.test(p.bucket))!;
    const trailArn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT[env]}:trail/acme-${env}-audit`;
    const bucketArn = `arn:aws:s3:::acme-${env}-audit-${ACCOUNT[env]}`;
    expect(documentStatements(tf[env], policy.policy).slice(1)).toEqual([
      {
        sid: 'CloudTrailAclCheck',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        actions: ['s3:GetBucketAcl'],
        resources: [bucketArn],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }],
      },
      {
        sid: 'CloudTrailWrite',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [`${bucketArn}/AWSLogs/${ACCOUNT[env]}/*`],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] },
          { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
        ],
      },
    ]);
  });

  test('the environment key lets CloudTrail encrypt only for its own trails', () => {
    const trailArn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT[env]}:trail/acme-${env}-audit`;
    expect(keyStatement(env, 'CloudTrailEncryptLogs')).toEqual({
      sid: 'CloudTrailEncryptLogs',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
      actions: ['kms:GenerateDataKey'],
      resources: ['*'],
      condition: [
        { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] },
        {
          test: 'StringLike',
          variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
          values: [`arn:aws:cloudtrail:*:${ACCOUNT[env]}:trail/*`],
        },
      ],
    });
    expect(keyStatement(env, 'CloudTrailDescribeKey')).toMatchObject({ actions: ['kms:DescribeKey'] });
  });
});

test('alarm thresholds and audit retention come from the environment config', () => {
  const changed = buildExample(
    exampleConfig(
      (raw) => (raw.environments.prod.monitoring = { failedBuildsThreshold: 3, failedDeploymentsThreshold: 2, auditRetentionDays: 2555 }),
    ),
  );
  const prod = synthObject(changed.environments.find((s) => s.node.id === 'prod')!);
  const thresholds = Object.fromEntries(
    resourcesOf(prod, 'aws_cloudwatch_metric_alarm')
      .filter((a) => a.alarm_name.startsWith('acme-prod-failed-'))
      .map((a) => [a.alarm_name, a.threshold]),
  );
  expect(thresholds).toEqual({ 'acme-prod-failed-builds': 3, 'acme-prod-failed-deployments': 2, 'acme-prod-failed-pipelines': 1 });
  const lifecycle = resourcesOf(prod, 'aws_s3_bucket_lifecycle_configuration').find((l) => /audit-trail/.test(l.bucket))!;
  expect(lifecycle.rule).toContainEqual(expect.objectContaining({ id: 'expire-current-versions', expiration: [{ days: 2555 }] }));
});
