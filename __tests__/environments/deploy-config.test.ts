import { strategyFor, type CodeDeployConfig } from '../../model';
import { configErrorOf as errorOf, exampleConfig, rawExample } from '../support/config';

type Raw = ReturnType<typeof rawExample>;
const ORDERS = 0;
const PAYMENTS = 1;
const CATALOG = 2;

function deployOf(name: string, mutate?: (raw: Raw) => void): CodeDeployConfig {
  const service = exampleConfig(mutate).services.find((s) => s.name === name);
  return service!.deploy as CodeDeployConfig;
}

describe('the example deploy blocks', () => {
  test('each sample service deploys with a different strategy per environment', () => {
    const config = exampleConfig();
    const table = Object.fromEntries(
      config.services
        .filter((s) => s.deploy !== undefined)
        .map((s) => [s.name, config.environments.map((e) => strategyFor(s.deploy as CodeDeployConfig, e.name).type)]),
    );
    expect(table).toEqual({
      'orders-api': ['all-at-once', 'blue-green', 'canary', 'canary'],
      'payments-fn': ['all-at-once', 'all-at-once', 'linear', 'linear'],
      'catalog-web': ['all-at-once', 'rolling', 'rolling', 'blue-green'],
    });
  });

  test('applies defaults once, at load', () => {
    const deploy = deployOf('payments-fn', (raw) => {
      raw.services[PAYMENTS].deploy.strategy = { default: { type: 'canary' } };
      delete raw.services[PAYMENTS].deploy.alarms;
    });
    expect(deploy.strategy.environments).toEqual({});
    expect(deploy.strategy.default).toEqual({ type: 'canary', percent: 10, intervalMinutes: 5, terminationWaitMinutes: 60 });
    expect(deploy.alarms).toEqual({ metrics: ['errorRate', 'latency'], custom: [] });
  });

  test('rolling defaults to half the fleet healthy', () => {
    const deploy = deployOf('catalog-web', (raw) => (raw.services[CATALOG].deploy.strategy.default = { type: 'rolling' }));
    expect(deploy.strategy.default).toEqual({ type: 'rolling', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 50 } });
  });

  test('a service without a deploy block is valid (not deployed by CodeDeploy)', () => {
    const config = exampleConfig((raw) => {
      delete raw.services[ORDERS].deploy;
      delete raw.services[ORDERS].pipeline; // its pipeline deploys through CodeDeploy
    });
    expect(config.services[ORDERS].deploy).toBeUndefined();
  });

  test('EC2 by tag, with only custom alarms, needs no load balancer', () => {
    const deploy = deployOf('catalog-web', (raw) => {
      const d = raw.services[CATALOG].deploy;
      d.autoScalingGroupNames = [];
      d.targetGroupNames = [];
      d.loadBalancerArns = {};
      d.ec2TagFilters = { app: 'catalog-web' };
      d.strategy = { default: { type: 'rolling', minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } } };
      d.alarms = { metrics: [], custom: [{ name: 'errors', namespace: 'Acme/Catalog', metricName: 'Errors', threshold: 10 }] };
    });
    expect(deploy.target).toBe('ec2');
  });
});

describe('a rejected deploy block names file, service, environment, field and what is allowed', () => {
  test.each<[string, (raw: Raw) => void, RegExp]>([
    [
      'blue/green on Lambda',
      (raw) => (raw.services[PAYMENTS].deploy.strategy.environments.prod = { type: 'blue-green' }),
      /^environments\/services\.ts \(service "payments-fn"\): deploy\.strategy\.environments\.prod\.type: "blue-green" is not a strategy of target "lambda" \(Lambda deployments shift alias traffic between versions; there is no fleet to replace\); allowed: all-at-once, canary, linear \(got "blue-green"\)$/,
    ],
    [
      'rolling on Lambda',
      (raw) => (raw.services[PAYMENTS].deploy.strategy.default = { type: 'rolling' }),
      /\(service "payments-fn"\): deploy\.strategy\.default\.type: "rolling" is not a strategy of target "lambda"/,
    ],
    [
      'canary on EC2 (in-place or blue/green only)',
      (raw) => (raw.services[CATALOG].deploy.strategy.environments.staging = { type: 'canary' }),
      /\(service "catalog-web"\): deploy\.strategy\.environments\.staging\.type: "canary" is not a strategy of target "ec2" \(EC2 deployments are in-place or blue\/green; canary traffic shifting exists only for ECS and Lambda\); allowed: all-at-once, rolling, blue-green/,
    ],
    [
      'linear on EC2',
      (raw) => (raw.services[CATALOG].deploy.strategy.default = { type: 'linear' }),
      /\(service "catalog-web"\): deploy\.strategy\.default\.type: "linear" is not a strategy of target "ec2"/,
    ],
    [
      'rolling on ECS',
      (raw) => (raw.services[ORDERS].deploy.strategy.environments.dev = { type: 'rolling' }),
      /\(service "orders-api"\): deploy\.strategy\.environments\.dev\.type: "rolling" is not a strategy of target "ecs" \(CodeDeploy deploys ECS services blue\/green only/,
    ],
    [
      'ECS without listeners',
      (raw) => delete raw.services[ORDERS].deploy.listeners,
      /^environments\/services\.ts \(service "orders-api", environment "dev"\): deploy\.listeners\.dev: ECS all-at-once needs the production and test listener ARNs of this environment \(\{ production, test \}\)$/,
    ],
    [
      'ECS without the listeners of one environment',
      (raw) => delete raw.services[ORDERS].deploy.listeners.prod,
      /\(service "orders-api", environment "prod"\): deploy\.listeners\.prod: ECS canary needs the production and test listener ARNs/,
    ],
    [
      'ECS without a test listener',
      (raw) => delete raw.services[ORDERS].deploy.listeners.staging.test,
      /\(service "orders-api"\): deploy\.listeners\.staging\.test: is required/,
    ],
    [
      'ECS with the same listener for production and test',
      (raw) => (raw.services[ORDERS].deploy.listeners.test.test = raw.services[ORDERS].deploy.listeners.test.production),
      /\(service "orders-api", environment "test"\): deploy\.listeners\.test\.test: must differ from the production listener/,
    ],
    [
      'a listener of another account',
      (raw) => (raw.services[ORDERS].deploy.listeners.prod = raw.services[ORDERS].deploy.listeners.dev),
      /\(service "orders-api", environment "prod"\): deploy\.listeners\.prod\.production: must be in the environment's account 555555555555 and region eu-west-1 \(got 222222222222, eu-west-1\)/,
    ],
    [
      'a listener ARN that is not an ALB listener',
      (raw) =>
        (raw.services[ORDERS].deploy.listeners.dev.production = 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/x/1'),
      /\(service "orders-api"\): deploy\.listeners\.dev\.production: must be an Application Load Balancer listener ARN/,
    ],
    [
      'ECS with one target group twice',
      (raw) => (raw.services[ORDERS].deploy.targetGroupNames = ['orders-api', 'orders-api']),
      /\(service "orders-api"\): deploy\.targetGroupNames: blue\/green needs two different target groups/,
    ],
    [
      'ECS with one target group',
      (raw) => (raw.services[ORDERS].deploy.targetGroupNames = ['orders-api']),
      /\(service "orders-api"\): deploy\.targetGroupNames/,
    ],
    [
      'ECS without task roles',
      (raw) => (raw.services[ORDERS].deploy.taskRoleNames = []),
      /\(service "orders-api"\): deploy\.taskRoleNames: must name at least one role \(the task execution role\)/,
    ],
    [
      'EC2 blue/green without an Auto Scaling group',
      (raw) => {
        raw.services[CATALOG].deploy.autoScalingGroupNames = [];
        raw.services[CATALOG].deploy.ec2TagFilters = { app: 'catalog-web' };
      },
      /\(service "catalog-web"\): deploy\.autoScalingGroupNames: EC2 blue\/green \(strategy\.environments\.prod\) copies an Auto Scaling group: name at least one/,
    ],
    [
      'EC2 blue/green without a target group',
      (raw) => (raw.services[CATALOG].deploy.targetGroupNames = []),
      /\(service "catalog-web"\): deploy\.targetGroupNames: EC2 blue\/green \(strategy\.environments\.prod\) moves traffic through a load balancer/,
    ],
    [
      'EC2 without instances',
      (raw) => {
        raw.services[CATALOG].deploy.autoScalingGroupNames = [];
        raw.services[CATALOG].deploy.strategy = { default: { type: 'all-at-once' } };
      },
      /\(service "catalog-web"\): deploy\.autoScalingGroupNames: EC2 deployments need instances: name Auto Scaling groups or ec2TagFilters/,
    ],
    [
      'EC2 load balancer alarms without the load balancer of an environment',
      (raw) => delete raw.services[CATALOG].deploy.loadBalancerArns.staging,
      /\(service "catalog-web", environment "staging"\): deploy\.loadBalancerArns\.staging: the errorRate, http5xx, latency alarm\(s\) are load balancer metrics: name this environment's load balancer ARN, or use only custom alarms/,
    ],
    [
      'a 5xx alarm on Lambda',
      (raw) => (raw.services[PAYMENTS].deploy.alarms.metrics = ['http5xx']),
      /\(service "payments-fn"\): deploy\.alarms\.metrics: http5xx is a load balancer metric and a Lambda alias has none/,
    ],
    [
      'no alarm at all',
      (raw) => (raw.services[PAYMENTS].deploy.alarms = { metrics: [], custom: [] }),
      /\(service "payments-fn"\): deploy\.alarms: name at least one alarm metric .*rollback on alarm needs an alarm/,
    ],
    [
      'an unknown alarm metric',
      (raw) => (raw.services[ORDERS].deploy.alarms.metrics = ['cpu']),
      /\(service "orders-api"\): deploy\.alarms\.metrics\[0\]: .*"errorRate".*"http5xx".*"latency".*\(got "cpu"\)/,
    ],
    [
      'a strategy for an environment that does not exist',
      (raw) => (raw.services[PAYMENTS].deploy.strategy.environments.perf = { type: 'canary' }),
      /\(service "payments-fn"\): deploy\.strategy\.environments\.perf: names environment "perf", which is not in promotionOrder \(allowed: dev, test, staging, prod\)/,
    ],
    [
      'a canary percentage of 100',
      (raw) => (raw.services[PAYMENTS].deploy.strategy.environments.prod = { type: 'canary', percent: 100 }),
      /\(service "payments-fn"\): deploy\.strategy\.environments\.prod\.percent: .*99/,
    ],
    [
      'an unknown strategy',
      (raw) => (raw.services[PAYMENTS].deploy.strategy.default = { type: 'big-bang' }),
      /\(service "payments-fn"\): deploy\.strategy\.default\.type: .*'all-at-once' \| 'rolling' \| 'blue-green' \| 'canary' \| 'linear' \(got "big-bang"\)/,
    ],
    [
      'an unknown target',
      (raw) => (raw.services[PAYMENTS].deploy.target = 'mainframe'),
      /\(service "payments-fn"\): deploy\.target: .*'ec2' \| 'ecs' \| 'lambda' \(got "mainframe"\)/,
    ],
    [
      'a field of another target',
      (raw) => (raw.services[PAYMENTS].deploy.clusterName = 'commerce'),
      /\(service "payments-fn"\): deploy: Unrecognized key: "clusterName"/,
    ],
  ])('%s', (_name, mutate, expected) => {
    const lines = errorOf(mutate).message.split('\n');
    // the problem first; every problem at once, one per line, each naming its file (model/config.ts)
    expect(lines[0]).toMatch(expected);
    expect(lines.every((line) => /^environments\/[a-z0-9-]+\.ts[ :]/.test(line))).toBe(true);
    expect(new Set(lines).size).toBe(lines.length);
  });
});
