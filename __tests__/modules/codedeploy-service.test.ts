import { TerraformOutput, TerraformStack, Testing } from '../../modules/core';
import {
  CodeDeployService,
  type CodeDeployServiceProps,
  type DeploymentPlatform,
  type DeploymentStrategy,
} from '../../modules/codedeploy-service';
import { dataOf, resourcesOf } from '../support/synth';

const TOPIC = 'arn:aws:sns:eu-west-1:555555555555:acme-prod-cicd-notifications';
const KEY = 'arn:aws:kms:eu-west-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const BUCKET = 'arn:aws:s3:::acme-prod-artifacts-555555555555';
const PROD_LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:555555555555:listener/app/commerce/3a1b2c3d4e5f6074/1d2b3c4d5e6f7087';
const TEST_LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:555555555555:listener/app/commerce/3a1b2c3d4e5f6074/2d2b3c4d5e6f7088';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:555555555555:loadbalancer/app/storefront/7a1b2c3d4e5f6078';

const PLATFORMS: Record<DeploymentPlatform['target'], DeploymentPlatform> = {
  ec2: { target: 'ec2', autoScalingGroupNames: ['svc-web'], ec2TagFilters: {}, targetGroupNames: ['svc-web'], loadBalancerArn: LB },
  ecs: {
    target: 'ecs',
    clusterName: 'commerce',
    serviceName: 'svc-api',
    targetGroupNames: ['svc-api-blue', 'svc-api-green'],
    productionListenerArn: PROD_LISTENER,
    testListenerArn: TEST_LISTENER,
    taskRoleNames: ['svc-api-task', 'svc-api-task-execution'],
  },
  lambda: { target: 'lambda', functionName: 'payments-webhook', alias: 'live' },
};

function props(
  platform: DeploymentPlatform,
  strategy: DeploymentStrategy,
  more: Partial<CodeDeployServiceProps> = {},
): CodeDeployServiceProps {
  return {
    name: 'acme-prod-svc',
    platform,
    strategy,
    alarmMetrics: platform.target === 'lambda' ? ['errorRate', 'latency'] : ['errorRate', 'http5xx', 'latency'],
    alarmThresholds: { errorRatePercent: 1, http5xxCount: 5, p99LatencyMs: 1000, evaluationPeriods: 2, periodSeconds: 60 },
    notificationTopicArn: TOPIC,
    kmsKeyArn: KEY,
    artifactBucketArn: BUCKET,
    hookFunctionPrefix: 'CodeDeployHook_svc',
    partition: 'aws',
    accountId: '555555555555',
    region: 'eu-west-1',
    ...more,
  };
}

function synth(p: CodeDeployServiceProps): { tf: Record<string, any>; service: CodeDeployService } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const service = new CodeDeployService(stack, 'deploy', p);
  return { tf: JSON.parse(Testing.synth(stack)), service };
}

const only = (tf: Record<string, any>, type: string) => {
  const all = resourcesOf(tf, type);
  expect(all).toHaveLength(1);
  return all[0];
};

const allAtOnce: DeploymentStrategy = { type: 'all-at-once' };
const rolling = (type: 'FLEET_PERCENT' | 'HOST_COUNT', value: number): DeploymentStrategy => ({
  type: 'rolling',
  minimumHealthyHosts: { type, value },
});
const blueGreen: DeploymentStrategy = { type: 'blue-green', terminationWaitMinutes: 45 };
const canary = (percent: number, intervalMinutes: number): DeploymentStrategy => ({
  type: 'canary',
  percent,
  intervalMinutes,
  terminationWaitMinutes: 30,
});
const linear = (percent: number, intervalMinutes: number): DeploymentStrategy => ({
  type: 'linear',
  percent,
  intervalMinutes,
  terminationWaitMinutes: 30,
});

describe('CodeDeployService: every platform x strategy the config allows', () => {
  test.each<[DeploymentPlatform['target'], string, DeploymentStrategy, string, { type: string; option: string }]>([
    ['ec2', 'all-at-once (in place)', allAtOnce, 'CodeDeployDefault.AllAtOnce', { type: 'IN_PLACE', option: 'WITH_TRAFFIC_CONTROL' }],
    [
      'ec2',
      'rolling, half at a time',
      rolling('FLEET_PERCENT', 50),
      'CodeDeployDefault.HalfAtATime',
      { type: 'IN_PLACE', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'ec2',
      'rolling, 75% healthy (custom)',
      rolling('FLEET_PERCENT', 75),
      'acme-prod-svc-rolling-75pct-healthy',
      { type: 'IN_PLACE', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'ec2',
      'rolling, 2 hosts healthy (custom)',
      rolling('HOST_COUNT', 2),
      'acme-prod-svc-rolling-2-healthy',
      { type: 'IN_PLACE', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    ['ec2', 'blue/green', blueGreen, 'CodeDeployDefault.AllAtOnce', { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' }],
    ['ecs', 'all-at-once', allAtOnce, 'CodeDeployDefault.ECSAllAtOnce', { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' }],
    ['ecs', 'blue/green', blueGreen, 'CodeDeployDefault.ECSAllAtOnce', { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' }],
    [
      'ecs',
      'canary 10% / 5 min',
      canary(10, 5),
      'CodeDeployDefault.ECSCanary10Percent5Minutes',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'ecs',
      'canary 10% / 15 min',
      canary(10, 15),
      'CodeDeployDefault.ECSCanary10Percent15Minutes',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'ecs',
      'canary 25% / 10 min (custom)',
      canary(25, 10),
      'acme-prod-svc-canary-25pct-10min',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'ecs',
      'linear 10% / 1 min',
      linear(10, 1),
      'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'ecs',
      'linear 10% / 3 min',
      linear(10, 3),
      'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'ecs',
      'linear 20% / 2 min (custom)',
      linear(20, 2),
      'acme-prod-svc-linear-20pct-2min',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    ['lambda', 'all-at-once', allAtOnce, 'CodeDeployDefault.LambdaAllAtOnce', { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' }],
    [
      'lambda',
      'canary 10% / 5 min',
      canary(10, 5),
      'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'lambda',
      'canary 10% / 30 min',
      canary(10, 30),
      'CodeDeployDefault.LambdaCanary10Percent30Minutes',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'lambda',
      'canary 5% / 20 min (custom)',
      canary(5, 20),
      'acme-prod-svc-canary-5pct-20min',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'lambda',
      'linear 10% / 1 min',
      linear(10, 1),
      'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'lambda',
      'linear 10% / 10 min',
      linear(10, 10),
      'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
    [
      'lambda',
      'linear 20% / 5 min (custom)',
      linear(20, 5),
      'acme-prod-svc-linear-20pct-5min',
      { type: 'BLUE_GREEN', option: 'WITH_TRAFFIC_CONTROL' },
    ],
  ])('%s %s', (target, _name, strategy, configName, style) => {
    const { tf, service } = synth(props(PLATFORMS[target], strategy));
    const group = only(tf, 'aws_codedeploy_deployment_group');
    expect(only(tf, 'aws_codedeploy_app').compute_platform).toBe({ ec2: 'Server', ecs: 'ECS', lambda: 'Lambda' }[target]);
    expect(group.deployment_style).toEqual({ deployment_type: style.type, deployment_option: style.option });
    expect(service.deploymentConfigName).toBe(configName);
    const custom = resourcesOf(tf, 'aws_codedeploy_deployment_config');
    if (configName.startsWith('CodeDeployDefault.')) {
      expect(group.deployment_config_name).toBe(configName);
      expect(custom).toHaveLength(0);
    } else {
      expect(custom).toHaveLength(1);
      expect(custom[0].deployment_config_name).toBe(configName);
      expect(custom[0].compute_platform).toBe({ ec2: 'Server', ecs: 'ECS', lambda: 'Lambda' }[target]);
      expect(custom[0].lifecycle).toEqual({ create_before_destroy: true });
      expect(group.deployment_config_name).toMatch(/^\$\{aws_codedeploy_deployment_config\.[^.]+\.deployment_config_name\}$/);
    }
  });

  test('a custom rolling config keeps the configured minimum of healthy hosts', () => {
    const { tf } = synth(props(PLATFORMS.ec2, rolling('FLEET_PERCENT', 75)));
    const config = only(tf, 'aws_codedeploy_deployment_config');
    expect(config.minimum_healthy_hosts).toEqual({ type: 'FLEET_PERCENT', value: 75 });
    expect(config.traffic_routing_config).toBeUndefined();
  });

  test.each<[string, DeploymentStrategy, Record<string, unknown>]>([
    ['canary', canary(25, 10), { type: 'TimeBasedCanary', time_based_canary: { percentage: 25, interval: 10 } }],
    ['linear', linear(20, 2), { type: 'TimeBasedLinear', time_based_linear: { percentage: 20, interval: 2 } }],
  ])('a custom %s config shifts the configured percent every interval', (_name, strategy, routing) => {
    const { tf } = synth(props(PLATFORMS.ecs, strategy));
    expect(only(tf, 'aws_codedeploy_deployment_config').traffic_routing_config).toEqual(routing);
  });

  test('EC2 in place: the Auto Scaling groups and target groups, no blue/green settings', () => {
    const { tf } = synth(props(PLATFORMS.ec2, rolling('FLEET_PERCENT', 50)));
    const group = only(tf, 'aws_codedeploy_deployment_group');
    expect(group.autoscaling_groups).toEqual(['svc-web']);
    expect(group.load_balancer_info).toEqual({ target_group_info: [{ name: 'svc-web' }] });
    expect(group.blue_green_deployment_config).toBeUndefined();
  });

  test('EC2 in place by tag, without a load balancer: no traffic control', () => {
    const platform: DeploymentPlatform = {
      target: 'ec2',
      autoScalingGroupNames: [],
      ec2TagFilters: { app: 'batch' },
      targetGroupNames: [],
    };
    const { tf } = synth(props(platform, allAtOnce, { alarmMetrics: [], customAlarms: [custom] }));
    const group = only(tf, 'aws_codedeploy_deployment_group');
    expect(group.ec2_tag_filter).toEqual([{ key: 'app', value: 'batch', type: 'KEY_AND_VALUE' }]);
    expect(group.deployment_style).toEqual({ deployment_type: 'IN_PLACE', deployment_option: 'WITHOUT_TRAFFIC_CONTROL' });
    expect(group.load_balancer_info).toBeUndefined();
  });

  test('EC2 blue/green copies the Auto Scaling group and terminates the old fleet after the wait', () => {
    const { tf } = synth(props(PLATFORMS.ec2, blueGreen));
    const group = only(tf, 'aws_codedeploy_deployment_group');
    expect(group.autoscaling_groups).toEqual(['svc-web']);
    expect(group.load_balancer_info).toEqual({ target_group_info: [{ name: 'svc-web' }] });
    expect(group.blue_green_deployment_config).toEqual({
      deployment_ready_option: { action_on_timeout: 'CONTINUE_DEPLOYMENT' },
      green_fleet_provisioning_option: { action: 'COPY_AUTO_SCALING_GROUP' },
      terminate_blue_instances_on_deployment_success: { action: 'TERMINATE', termination_wait_time_in_minutes: 45 },
    });
  });

  test('ECS: the service, production and test listeners and both target groups', () => {
    const { tf } = synth(props(PLATFORMS.ecs, canary(10, 5)));
    const group = only(tf, 'aws_codedeploy_deployment_group');
    expect(group.ecs_service).toEqual({ cluster_name: 'commerce', service_name: 'svc-api' });
    expect(group.load_balancer_info).toEqual({
      target_group_pair_info: {
        prod_traffic_route: { listener_arns: [PROD_LISTENER] },
        test_traffic_route: { listener_arns: [TEST_LISTENER] },
        target_group: [{ name: 'svc-api-blue' }, { name: 'svc-api-green' }],
      },
    });
    expect(group.blue_green_deployment_config).toEqual({
      deployment_ready_option: { action_on_timeout: 'CONTINUE_DEPLOYMENT' },
      terminate_blue_instances_on_deployment_success: { action: 'TERMINATE', termination_wait_time_in_minutes: 30 },
    });
  });

  test('Lambda: traffic control on the alias, no fleet or load balancer', () => {
    const { tf } = synth(props(PLATFORMS.lambda, linear(10, 1)));
    const group = only(tf, 'aws_codedeploy_deployment_group');
    expect(group.load_balancer_info).toBeUndefined();
    expect(group.autoscaling_groups).toBeUndefined();
    expect(group.blue_green_deployment_config).toBeUndefined();
  });
});

const custom = {
  name: 'declined-spike',
  namespace: 'Acme/Payments',
  metricName: 'DeclinedPayments',
  dimensions: { Service: 'svc-fn' },
  statistic: 'Sum',
  threshold: 50,
  comparison: 'GreaterThanOrEqualToThreshold',
};

describe('CodeDeployService: rollback, alarms and notifications', () => {
  test.each(['ec2', 'ecs', 'lambda'] as const)('%s rolls back automatically on failure and on alarm', (target) => {
    const group = only(synth(props(PLATFORMS[target], allAtOnce)).tf, 'aws_codedeploy_deployment_group');
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] });
  });

  test.each(['ec2', 'ecs', 'lambda'] as const)('%s watches exactly the alarms it creates, and each alarm notifies the topic', (target) => {
    const { tf } = synth(props(PLATFORMS[target], allAtOnce, { customAlarms: [custom] }));
    const group = only(tf, 'aws_codedeploy_deployment_group');
    const alarms = tf.resource.aws_cloudwatch_metric_alarm as Record<string, any>;
    expect(group.alarm_configuration.enabled).toBe(true);
    expect(group.alarm_configuration.ignore_poll_alarm_failure).toBe(false);
    expect([...group.alarm_configuration.alarms].sort()).toEqual(
      Object.keys(alarms).map((id) => `\${aws_cloudwatch_metric_alarm.${id}.alarm_name}`),
    );
    const expected =
      target === 'lambda'
        ? ['acme-prod-svc-error-rate', 'acme-prod-svc-latency', 'acme-prod-svc-custom-declined-spike']
        : ['acme-prod-svc-error-rate', 'acme-prod-svc-http-5xx', 'acme-prod-svc-latency', 'acme-prod-svc-custom-declined-spike'];
    expect(
      Object.values(alarms)
        .map((a) => a.alarm_name)
        .sort(),
    ).toEqual(expected.sort());
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_actions).toEqual([TOPIC]);
      expect(alarm.ok_actions).toEqual([TOPIC]);
      expect(alarm.evaluation_periods).toBe(2);
      expect(alarm.treat_missing_data).toBe('notBreaching');
    }
  });

  test('ALB alarms: thresholds from the environment, on the load balancer of the production listener', () => {
    const { tf } = synth(props(PLATFORMS.ecs, allAtOnce));
    const byName = Object.fromEntries(resourcesOf(tf, 'aws_cloudwatch_metric_alarm').map((a) => [a.alarm_name, a]));
    const dimensions = { LoadBalancer: 'app/commerce/3a1b2c3d4e5f6074' };
    expect(byName['acme-prod-svc-http-5xx']).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metric_name: 'HTTPCode_Target_5XX_Count',
      dimensions,
      statistic: 'Sum',
      period: 60,
      threshold: 5,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
    expect(byName['acme-prod-svc-latency']).toMatchObject({
      metric_name: 'TargetResponseTime',
      dimensions,
      extended_statistic: 'p99',
      threshold: 1,
      comparison_operator: 'GreaterThanThreshold',
    });
    const rate = byName['acme-prod-svc-error-rate'];
    expect(rate.threshold).toBe(1);
    expect(rate.metric_query.map((q: any) => q.id)).toEqual(['errors', 'requests', 'rate']);
    expect(rate.metric_query[0].metric).toMatchObject({ metric_name: 'HTTPCode_Target_5XX_Count', dimensions });
    expect(rate.metric_query[2]).toMatchObject({ return_data: true, expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)' });
  });

  test('EC2 alarms use the load balancer named for the environment', () => {
    const { tf } = synth(props(PLATFORMS.ec2, allAtOnce, { alarmMetrics: ['http5xx'] }));
    expect(only(tf, 'aws_cloudwatch_metric_alarm').dimensions).toEqual({ LoadBalancer: 'app/storefront/7a1b2c3d4e5f6078' });
  });

  test('Lambda alarms: error rate and p99 duration on the alias', () => {
    const { tf } = synth(props(PLATFORMS.lambda, canary(10, 5)));
    const byName = Object.fromEntries(resourcesOf(tf, 'aws_cloudwatch_metric_alarm').map((a) => [a.alarm_name, a]));
    const dimensions = { FunctionName: 'payments-webhook', Resource: 'payments-webhook:live' };
    expect(byName['acme-prod-svc-latency']).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Duration',
      dimensions,
      threshold: 1000,
    });
    expect(byName['acme-prod-svc-error-rate'].metric_query.map((q: any) => q.metric?.metric_name ?? q.expression)).toEqual([
      'Errors',
      'Invocations',
      'IF(invocations > 0, 100 * errors / invocations, 0)',
    ]);
  });

  test('a custom metric alarm keeps its own statistic, threshold and comparison', () => {
    const { tf } = synth(
      props(PLATFORMS.lambda, allAtOnce, {
        alarmMetrics: [],
        customAlarms: [{ ...custom, statistic: 'p90', comparison: 'LessThanThreshold' }],
      }),
    );
    expect(only(tf, 'aws_cloudwatch_metric_alarm')).toMatchObject({
      alarm_name: 'acme-prod-svc-custom-declined-spike',
      namespace: 'Acme/Payments',
      metric_name: 'DeclinedPayments',
      dimensions: { Service: 'svc-fn' },
      extended_statistic: 'p90',
      threshold: 50,
      comparison_operator: 'LessThanThreshold',
    });
  });

  test.each(['ec2', 'ecs', 'lambda'] as const)('%s publishes deployment events to the notification topic', (target) => {
    const group = only(synth(props(PLATFORMS[target], allAtOnce)).tf, 'aws_codedeploy_deployment_group');
    expect(group.trigger_configuration).toEqual([
      {
        trigger_name: 'deployment-events',
        trigger_target_arn: TOPIC,
        trigger_events: [
          'DeploymentStart',
          'DeploymentSuccess',
          'DeploymentFailure',
          'DeploymentStop',
          'DeploymentRollback',
          'DeploymentReady',
        ],
      },
    ]);
  });
});

describe('CodeDeployService: service role of least privilege', () => {
  const statements = (tf: Record<string, any>) => {
    const docs = dataOf(tf, 'aws_iam_policy_document');
    const permissions = docs.find((d) => !d.statement.some((s: any) => s.actions.includes('sts:AssumeRole')));
    return Object.fromEntries(permissions!.statement.map((s: any) => [s.sid, s]));
  };
  const alarmArn = (id: string) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`;

  test('CodeDeploy alone may assume the role', () => {
    const { tf } = synth(props(PLATFORMS.lambda, allAtOnce));
    const trust = dataOf(tf, 'aws_iam_policy_document').find((d) => d.statement[0].actions.includes('sts:AssumeRole'));
    expect(trust!.statement).toEqual([
      {
        sid: 'CodeDeployAssumes',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['codedeploy.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
      },
    ]);
  });

  test('ECS: its own service, listeners and task roles; only Describe calls on "*"', () => {
    const { tf } = synth(props(PLATFORMS.ecs, canary(10, 5), { alarmMetrics: ['http5xx'] }));
    const alarm = Object.keys(tf.resource.aws_cloudwatch_metric_alarm)[0];
    expect(Object.values(statements(tf))).toEqual([
      {
        sid: 'EcsTaskSets',
        effect: 'Allow',
        actions: ['ecs:CreateTaskSet', 'ecs:DeleteTaskSet', 'ecs:DescribeServices', 'ecs:UpdateServicePrimaryTaskSet'],
        resources: [
          'arn:aws:ecs:eu-west-1:555555555555:service/commerce/svc-api',
          'arn:aws:ecs:eu-west-1:555555555555:task-set/commerce/svc-api/*',
        ],
      },
      {
        sid: 'LoadBalancerRead',
        effect: 'Allow',
        actions: [
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTargetGroups',
        ],
        resources: ['*'],
      },
      {
        sid: 'ShiftListenerTraffic',
        effect: 'Allow',
        actions: ['elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyRule'],
        resources: [
          PROD_LISTENER,
          TEST_LISTENER,
          'arn:aws:elasticloadbalancing:eu-west-1:555555555555:listener-rule/app/commerce/3a1b2c3d4e5f6074/1d2b3c4d5e6f7087/*',
          'arn:aws:elasticloadbalancing:eu-west-1:555555555555:listener-rule/app/commerce/3a1b2c3d4e5f6074/2d2b3c4d5e6f7088/*',
        ],
      },
      {
        sid: 'PassTaskRoles',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: ['arn:aws:iam::555555555555:role/svc-api-task', 'arn:aws:iam::555555555555:role/svc-api-task-execution'],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
      },
      {
        sid: 'InvokeLifecycleHooks',
        effect: 'Allow',
        actions: ['lambda:InvokeFunction'],
        resources: ['arn:aws:lambda:eu-west-1:555555555555:function:CodeDeployHook_svc*'],
      },
      { sid: 'ReadRevisions', effect: 'Allow', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [`${BUCKET}/*`] },
      { sid: 'PollAlarms', effect: 'Allow', actions: ['cloudwatch:DescribeAlarms'], resources: [alarmArn(alarm)] },
      { sid: 'PublishEvents', effect: 'Allow', actions: ['sns:Publish'], resources: [TOPIC] },
      { sid: 'EncryptedTopicAndArtifacts', effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [KEY] },
    ]);
    expect(resourcesOf(tf, 'aws_iam_role_policy_attachment')).toHaveLength(0);
  });

  test('Lambda: its own function and alias', () => {
    const { tf } = synth(props(PLATFORMS.lambda, canary(10, 5), { alarmMetrics: ['latency'] }));
    const s = statements(tf);
    expect(Object.keys(s)).toEqual([
      'ShiftAliasTraffic',
      'InvokeLifecycleHooks',
      'ReadRevisions',
      'PollAlarms',
      'PublishEvents',
      'EncryptedTopicAndArtifacts',
    ]);
    expect(s.ShiftAliasTraffic).toEqual({
      sid: 'ShiftAliasTraffic',
      effect: 'Allow',
      actions: ['lambda:GetAlias', 'lambda:GetProvisionedConcurrencyConfig', 'lambda:UpdateAlias'],
      resources: [
        'arn:aws:lambda:eu-west-1:555555555555:function:payments-webhook',
        'arn:aws:lambda:eu-west-1:555555555555:function:payments-webhook:live',
      ],
    });
    expect(resourcesOf(tf, 'aws_iam_role_policy_attachment')).toHaveLength(0);
  });

  test('EC2: the documented managed policy, suppressed with its reason, plus the key of the encrypted topic', () => {
    const { tf, service } = synth(props(PLATFORMS.ec2, blueGreen));
    expect(only(tf, 'aws_iam_role_policy_attachment').policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole');
    expect(Object.values(statements(tf))).toEqual([
      { sid: 'EncryptedTopicAndArtifacts', effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [KEY] },
    ]);
    const suppressions = service.role.managedPolicy!.node.metadata.filter((m) => m.type === 'cicd-platform:policy-suppression');
    expect(suppressions.map((m) => (m.data as { id: string }).id)).toEqual(['PLAT-IAM-101']);
    expect((suppressions[0].data as { reason: string }).reason).toMatch(/documented/);
  });

  test('the deployment group waits for the role and its policies', () => {
    const group = only(synth(props(PLATFORMS.ecs, allAtOnce)).tf, 'aws_codedeploy_deployment_group');
    expect(group.depends_on).toEqual([expect.stringMatching(/^aws_iam_role\./), expect.stringMatching(/^aws_iam_role_policy\./)]);
  });
});

describe('CodeDeployService: what a pipeline needs', () => {
  test('application and group names and ARNs resolve to the resources; the config name and ARN are plain', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const service = new CodeDeployService(stack, 'deploy', props(PLATFORMS.lambda, linear(20, 5)));
    new TerraformOutput(stack, 'app', { value: service.applicationName });
    new TerraformOutput(stack, 'app-arn', { value: service.applicationArn });
    new TerraformOutput(stack, 'group', { value: service.deploymentGroupName });
    new TerraformOutput(stack, 'group-arn', { value: service.deploymentGroupArn });
    const outputs = JSON.parse(Testing.synth(stack)).output;
    expect(outputs.app.value).toMatch(/^\$\{aws_codedeploy_app\.deploy_application_[A-Z0-9]+\.name\}$/);
    expect(outputs['app-arn'].value).toMatch(/^\$\{aws_codedeploy_app\.deploy_application_[A-Z0-9]+\.arn\}$/);
    expect(outputs.group.value).toMatch(
      /^\$\{aws_codedeploy_deployment_group\.deploy_deployment-group_[A-Z0-9]+\.deployment_group_name\}$/,
    );
    expect(outputs['group-arn'].value).toMatch(/^\$\{aws_codedeploy_deployment_group\.deploy_deployment-group_[A-Z0-9]+\.arn\}$/);
    expect(service.target).toBe('lambda');
    expect(service.deploymentConfigName).toBe('acme-prod-svc-linear-20pct-5min');
    expect(service.deploymentConfigArn).toBe('arn:aws:codedeploy:eu-west-1:555555555555:deploymentconfig:acme-prod-svc-linear-20pct-5min');
  });
});

describe('CodeDeployService: statements a deployer (pipeline role) needs', () => {
  test('Lambda and EC2: register revisions on the application, deploy to the group, read the config', () => {
    const service = synth(props(PLATFORMS.lambda, linear(20, 5))).service;
    expect(service.deployerStatements).toEqual([
      {
        sid: 'CodeDeployRevisions',
        effect: 'Allow',
        actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
        resources: [service.applicationArn],
      },
      {
        sid: 'CodeDeployDeployments',
        effect: 'Allow',
        actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
        resources: [service.deploymentGroupArn],
      },
      {
        sid: 'CodeDeployConfig',
        effect: 'Allow',
        actions: ['codedeploy:GetDeploymentConfig'],
        resources: ['arn:aws:codedeploy:eu-west-1:555555555555:deploymentconfig:acme-prod-svc-linear-20pct-5min'],
      },
    ]);
    expect(service.taskRoleArns).toEqual([]);
  });

  test('ECS: also registers task definitions and passes only the task roles to ECS', () => {
    const service = synth(props(PLATFORMS.ecs, canary(10, 5))).service;
    expect(service.taskRoleArns).toEqual([
      'arn:aws:iam::555555555555:role/svc-api-task',
      'arn:aws:iam::555555555555:role/svc-api-task-execution',
    ]);
    expect(service.deployerStatements.slice(3)).toEqual([
      {
        sid: 'EcsTaskDefinitions',
        effect: 'Allow',
        actions: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
        resources: ['*'],
      },
      {
        sid: 'PassTaskRoles',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: service.taskRoleArns,
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
      },
    ]);
  });
});

describe('CodeDeployService refuses combinations CodeDeploy does not support', () => {
  test.each<[string, DeploymentPlatform, DeploymentStrategy, Partial<CodeDeployServiceProps>, RegExp]>([
    [
      'canary on EC2',
      PLATFORMS.ec2,
      canary(10, 5),
      {},
      /strategy "canary" is not supported on ec2 \(allowed: all-at-once, rolling, blue-green\)/,
    ],
    ['linear on EC2', PLATFORMS.ec2, linear(10, 1), {}, /strategy "linear" is not supported on ec2/],
    [
      'blue/green on Lambda',
      PLATFORMS.lambda,
      blueGreen,
      {},
      /strategy "blue-green" is not supported on lambda \(allowed: all-at-once, canary, linear\)/,
    ],
    ['rolling on Lambda', PLATFORMS.lambda, rolling('FLEET_PERCENT', 50), {}, /strategy "rolling" is not supported on lambda/],
    ['rolling on ECS', PLATFORMS.ecs, rolling('FLEET_PERCENT', 50), {}, /strategy "rolling" is not supported on ecs/],
    [
      'EC2 blue/green without an Auto Scaling group',
      { ...PLATFORMS.ec2, autoScalingGroupNames: [], ec2TagFilters: { app: 'web' } } as DeploymentPlatform,
      blueGreen,
      {},
      /EC2 blue\/green needs an Auto Scaling group to copy and a target group/,
    ],
    ['no alarm at all', PLATFORMS.ecs, allAtOnce, { alarmMetrics: [], customAlarms: [] }, /rollback on alarm needs at least one alarm/],
    [
      'a name CodeDeploy refuses',
      PLATFORMS.ecs,
      allAtOnce,
      { name: 'x'.repeat(101) },
      /is longer than the 100 characters CodeDeploy allows/,
    ],
    [
      'a 5xx alarm on Lambda',
      PLATFORMS.lambda,
      allAtOnce,
      { alarmMetrics: ['http5xx'] },
      /"http5xx" is a load balancer metric; a Lambda alias has none/,
    ],
    [
      'a load balancer alarm on EC2 without a load balancer',
      { ...PLATFORMS.ec2, loadBalancerArn: undefined } as DeploymentPlatform,
      allAtOnce,
      {},
      /"errorRate" is a load balancer metric; name the load balancer/,
    ],
  ])('%s', (_name, platform, strategy, more, expected) => {
    expect(() => synth(props(platform, strategy, more))).toThrow(expected);
  });
});
