import deploy from '../fixtures/deploy';
import { scenarioConfig } from '../support/config';
import { synthesizeScenario } from '../support/scenario';
import { resourcesOf, synthObject, buildExample } from '../support/synth';

// The deploy scenario (__tests__/fixtures/deploy): one CodeDeploy service per target (ECS, Lambda, EC2).
const scenario = synthesizeScenario(scenarioConfig(deploy));
const stacks = scenario.stacks;
const byName = Object.fromEntries(stacks.environments.map((s) => [s.environment.name, s]));
const tfOf = Object.fromEntries(['dev', 'test', 'staging', 'prod'].map((name) => [name, scenario.terraform(name)]));

function groupOf(env: string, service: string): Record<string, any> {
  const group = resourcesOf(tfOf[env], 'aws_codedeploy_deployment_group').find((g) => g.deployment_group_name === `acme-${env}-${service}`);
  expect(group).toBeDefined();
  return group!;
}

describe('CodeDeploy in each environment stack', () => {
  test.each(['dev', 'test', 'staging', 'prod'])('%s: an application and a deployment group per service, on its compute platform', (env) => {
    const apps = Object.fromEntries(resourcesOf(tfOf[env], 'aws_codedeploy_app').map((a) => [a.name, a.compute_platform]));
    expect(apps).toEqual({
      [`acme-${env}-cart`]: 'ECS',
      [`acme-${env}-relay`]: 'Lambda',
      [`acme-${env}-shelf`]: 'Server',
    });
    expect(resourcesOf(tfOf[env], 'aws_codedeploy_deployment_group')).toHaveLength(3);
    expect(resourcesOf(tfOf[env], 'aws_iam_role').filter((r) => /-codedeploy$/.test(r.name))).toHaveLength(3);
  });

  test.each<[string, string, string]>([
    ['dev', 'cart', 'CodeDeployDefault.ECSAllAtOnce'],
    ['test', 'cart', 'CodeDeployDefault.ECSAllAtOnce'],
    ['staging', 'cart', 'CodeDeployDefault.ECSCanary10Percent5Minutes'],
    ['prod', 'cart', 'CodeDeployDefault.ECSCanary10Percent15Minutes'],
    ['dev', 'relay', 'CodeDeployDefault.LambdaAllAtOnce'],
    ['staging', 'relay', 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute'],
    ['prod', 'relay', 'acme-prod-relay-linear-20pct-5min'],
    ['dev', 'shelf', 'CodeDeployDefault.AllAtOnce'],
    ['test', 'shelf', 'CodeDeployDefault.HalfAtATime'],
    ['staging', 'shelf', 'acme-staging-shelf-rolling-75pct-healthy'],
    ['prod', 'shelf', 'CodeDeployDefault.AllAtOnce'],
  ])('%s %s deploys with %s', (env, service, config) => {
    expect(byName[env].deployments.get(service)!.deploymentConfigName).toBe(config);
    if (!config.startsWith('CodeDeployDefault.')) {
      const custom = resourcesOf(tfOf[env], 'aws_codedeploy_deployment_config').map((c) => c.deployment_config_name);
      expect(custom).toContain(config);
    }
  });

  test('shelf is in place outside prod and blue/green in prod', () => {
    expect(['dev', 'test', 'staging', 'prod'].map((env) => groupOf(env, 'shelf').deployment_style.deployment_type)).toEqual([
      'IN_PLACE',
      'IN_PLACE',
      'IN_PLACE',
      'BLUE_GREEN',
    ]);
    expect(groupOf('prod', 'shelf').blue_green_deployment_config.green_fleet_provisioning_option).toEqual({
      action: 'COPY_AUTO_SCALING_GROUP',
    });
  });

  test("cart uses each environment's own listeners", () => {
    const services = scenarioConfig(deploy).services;
    const listeners = (services[0].deploy as { listeners: Record<string, { production: string; test: string }> }).listeners;
    for (const env of ['dev', 'test', 'staging', 'prod']) {
      const route = groupOf(env, 'cart').load_balancer_info.target_group_pair_info;
      expect(route.prod_traffic_route.listener_arns).toEqual([listeners[env].production]);
      expect(route.test_traffic_route.listener_arns).toEqual([listeners[env].test]);
    }
  });

  test.each<[string, number, number]>([
    ['dev', 50, 3],
    ['prod', 5, 2],
  ])("%s: alarm thresholds come from the environment's alarms", (env, http5xx, periods) => {
    const alarm = resourcesOf(tfOf[env], 'aws_cloudwatch_metric_alarm').find((a) => a.alarm_name === `acme-${env}-cart-http-5xx`);
    expect(alarm).toMatchObject({ threshold: http5xx, evaluation_periods: periods });
  });

  test.each(['dev', 'prod'])("%s: alarms and deployment events go to the environment's notification topic", (env) => {
    const topic = Object.keys(tfOf[env].resource.aws_sns_topic);
    expect(topic).toHaveLength(1);
    const ref = `\${aws_sns_topic.${topic[0]}.arn}`;
    for (const alarm of resourcesOf(tfOf[env], 'aws_cloudwatch_metric_alarm')) expect(alarm.alarm_actions).toEqual([ref]);
    for (const group of resourcesOf(tfOf[env], 'aws_codedeploy_deployment_group')) {
      expect(group.trigger_configuration[0].trigger_target_arn).toBe(ref);
    }
  });

  test('exposes what a pipeline needs, by service name', () => {
    const prod = byName.prod.deployments;
    expect([...prod.keys()]).toEqual(['cart', 'relay', 'shelf']);
    expect([...prod.values()].map((d) => d.target)).toEqual(['ecs', 'lambda', 'ec2']);
    for (const d of prod.values()) {
      expect(typeof d.applicationName).toBe('string');
      expect(typeof d.deploymentGroupArn).toBe('string');
    }
  });

  test('a service without a deploy block gets no CodeDeploy resources', () => {
    const config = scenarioConfig(deploy, (raw) => {
      delete raw.services[1].deploy;
      delete raw.services[1].pipeline; // its pipeline deploys through CodeDeploy
    });
    const dev = buildExample(config).environments[0];
    expect([...dev.deployments.keys()]).toEqual(['cart', 'shelf']);
    expect(resourcesOf(synthObject(dev), 'aws_codedeploy_app')).toHaveLength(2);
  });

  test('the policy pack passes: the only finding is the suppressed EC2 managed policy', () => {
    const findings = scenario
      .report()
      .findings.filter((f) => f.stack !== 'bootstrap' && f.stack !== 'platform' && f.path.split('/')[1].startsWith('deploy-'));
    expect(findings.filter((f) => f.suppressedBecause === undefined)).toEqual([]);
    expect(new Set(findings.map((f) => `${f.ruleId} ${f.path.split('/').slice(1, 3).join('/')}`))).toEqual(
      new Set(['PLAT-IAM-101 deploy-shelf/role']),
    );
  });
});
