import { strategyFor, type CodeDeployConfig } from '../../model';
import deploy from '../fixtures/deploy';
import pipelines from '../fixtures/pipelines';
import { scenarioConfig, scenarioErrorOf, type RawConfig as Raw } from '../support/config';

// The deploy scenario (__tests__/fixtures/deploy): one CodeDeploy service per target (ECS, Lambda, EC2).
const deployConfig = (mutate?: (raw: Raw) => void) => scenarioConfig(deploy, mutate);
const errorOf = (mutate: (raw: Raw) => void) => scenarioErrorOf(deploy, mutate);
const ECS = 0;
const LAMBDA = 1;
const EC2 = 2;

function deployOf(name: string, mutate?: (raw: Raw) => void): CodeDeployConfig {
  const service = deployConfig(mutate).services.find((s) => s.name === name);
  return service!.deploy as CodeDeployConfig;
}

describe('the deploy blocks', () => {
  test('each service deploys with a different strategy per environment', () => {
    const config = deployConfig();
    const table = Object.fromEntries(
      config.services
        .filter((s) => s.deploy !== undefined)
        .map((s) => [s.name, config.environments.map((e) => strategyFor(s.deploy as CodeDeployConfig, e.name).type)]),
    );
    expect(table).toEqual({
      cart: ['all-at-once', 'blue-green', 'canary', 'canary'],
      relay: ['all-at-once', 'all-at-once', 'linear', 'linear'],
      shelf: ['all-at-once', 'rolling', 'rolling', 'blue-green'],
    });
  });

  test('applies defaults once, at load', () => {
    const deploy = deployOf('relay', (raw) => {
      raw.services[LAMBDA].deploy.strategy = { default: { type: 'canary' } };
      delete raw.services[LAMBDA].deploy.alarms;
    });
    expect(deploy.strategy.environments).toEqual({});
    expect(deploy.strategy.default).toEqual({ type: 'canary', percent: 10, intervalMinutes: 5, terminationWaitMinutes: 60 });
    expect(deploy.alarms).toEqual({ metrics: ['errorRate', 'latency'], custom: [] });
  });

  test('rolling defaults to half the fleet healthy', () => {
    const deploy = deployOf('shelf', (raw) => (raw.services[EC2].deploy.strategy.default = { type: 'rolling' }));
    expect(deploy.strategy.default).toEqual({ type: 'rolling', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 50 } });
  });

  test('a service without a deploy block is valid (not deployed by CodeDeploy)', () => {
    const config = deployConfig((raw) => {
      delete raw.services[ECS].deploy;
      delete raw.services[ECS].pipeline; // its pipeline deploys through CodeDeploy
    });
    expect(config.services[ECS].deploy).toBeUndefined();
  });

  test('EC2 by tag, with only custom alarms, needs no load balancer', () => {
    const deploy = deployOf('shelf', (raw) => {
      const d = raw.services[EC2].deploy;
      d.autoScalingGroupNames = [];
      d.targetGroupNames = [];
      d.loadBalancerArns = {};
      d.ec2TagFilters = { app: 'shelf' };
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
      (raw) => (raw.services[LAMBDA].deploy.strategy.environments.prod = { type: 'blue-green' }),
      /^environments\/services\.ts \(service "relay"\): deploy\.strategy\.environments\.prod\.type: "blue-green" is not a strategy of target "lambda" \(Lambda deployments shift alias traffic between versions; there is no fleet to replace\); allowed: all-at-once, canary, linear \(got "blue-green"\)$/,
    ],
    [
      'rolling on Lambda',
      (raw) => (raw.services[LAMBDA].deploy.strategy.default = { type: 'rolling' }),
      /\(service "relay"\): deploy\.strategy\.default\.type: "rolling" is not a strategy of target "lambda"/,
    ],
    [
      'canary on EC2 (in-place or blue/green only)',
      (raw) => (raw.services[EC2].deploy.strategy.environments.staging = { type: 'canary' }),
      /\(service "shelf"\): deploy\.strategy\.environments\.staging\.type: "canary" is not a strategy of target "ec2" \(EC2 deployments are in-place or blue\/green; canary traffic shifting exists only for ECS and Lambda\); allowed: all-at-once, rolling, blue-green/,
    ],
    [
      'linear on EC2',
      (raw) => (raw.services[EC2].deploy.strategy.default = { type: 'linear' }),
      /\(service "shelf"\): deploy\.strategy\.default\.type: "linear" is not a strategy of target "ec2"/,
    ],
    [
      'rolling on ECS',
      (raw) => (raw.services[ECS].deploy.strategy.environments.dev = { type: 'rolling' }),
      /\(service "cart"\): deploy\.strategy\.environments\.dev\.type: "rolling" is not a strategy of target "ecs" \(CodeDeploy deploys ECS services blue\/green only/,
    ],
    [
      'ECS without listeners',
      (raw) => delete raw.services[ECS].deploy.listeners,
      /^environments\/services\.ts \(service "cart", environment "dev"\): deploy\.listeners\.dev: ECS all-at-once needs the production and test listener ARNs of this environment \(\{ production, test \}\)$/,
    ],
    [
      'ECS without the listeners of one environment',
      (raw) => delete raw.services[ECS].deploy.listeners.prod,
      /\(service "cart", environment "prod"\): deploy\.listeners\.prod: ECS canary needs the production and test listener ARNs/,
    ],
    [
      'ECS without a test listener',
      (raw) => delete raw.services[ECS].deploy.listeners.staging.test,
      /\(service "cart"\): deploy\.listeners\.staging\.test: is required/,
    ],
    [
      'ECS with the same listener for production and test',
      (raw) => (raw.services[ECS].deploy.listeners.test.test = raw.services[ECS].deploy.listeners.test.production),
      /\(service "cart", environment "test"\): deploy\.listeners\.test\.test: must differ from the production listener/,
    ],
    [
      'a listener of another account',
      (raw) => (raw.services[ECS].deploy.listeners.prod = raw.services[ECS].deploy.listeners.dev),
      /\(service "cart", environment "prod"\): deploy\.listeners\.prod\.production: must be in the environment's account 555555555555 and region eu-west-1 \(got 222222222222, eu-west-1\)/,
    ],
    [
      'a listener ARN that is not an ALB listener',
      (raw) =>
        (raw.services[ECS].deploy.listeners.dev.production = 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/x/1'),
      /\(service "cart"\): deploy\.listeners\.dev\.production: must be an Application Load Balancer listener ARN/,
    ],
    [
      'ECS with one target group twice',
      (raw) => (raw.services[ECS].deploy.targetGroupNames = ['cart', 'cart']),
      /\(service "cart"\): deploy\.targetGroupNames: blue\/green needs two different target groups/,
    ],
    [
      'ECS with one target group',
      (raw) => (raw.services[ECS].deploy.targetGroupNames = ['cart']),
      /\(service "cart"\): deploy\.targetGroupNames/,
    ],
    [
      'ECS without task roles',
      (raw) => (raw.services[ECS].deploy.taskRoleNames = []),
      /\(service "cart"\): deploy\.taskRoleNames: must name at least one role \(the task execution role\)/,
    ],
    [
      "an ECS task role outside the platform's names (the boundary lets no role pass it)",
      (raw) => (raw.services[ECS].deploy.taskRoleNames = ['acme-cart-task', 'cart-task-execution']),
      /\(service "cart"\): deploy\.taskRoleNames\[1\]: "cart-task-execution" must start with "acme-": the platform's roles pass it, and their permissions boundary lets them pass only roles named "acme-\*"; rename the role \(e\.g\. "acme-cart-task-execution"\)/,
    ],
    [
      'EC2 blue/green without an Auto Scaling group',
      (raw) => {
        raw.services[EC2].deploy.autoScalingGroupNames = [];
        raw.services[EC2].deploy.ec2TagFilters = { app: 'shelf' };
      },
      /\(service "shelf"\): deploy\.autoScalingGroupNames: EC2 blue\/green \(strategy\.environments\.prod\) copies an Auto Scaling group: name at least one/,
    ],
    [
      'EC2 blue/green without a target group',
      (raw) => (raw.services[EC2].deploy.targetGroupNames = []),
      /\(service "shelf"\): deploy\.targetGroupNames: EC2 blue\/green \(strategy\.environments\.prod\) moves traffic through a load balancer/,
    ],
    [
      'EC2 without instances',
      (raw) => {
        raw.services[EC2].deploy.autoScalingGroupNames = [];
        raw.services[EC2].deploy.strategy = { default: { type: 'all-at-once' } };
      },
      /\(service "shelf"\): deploy\.autoScalingGroupNames: EC2 deployments need instances: name Auto Scaling groups or ec2TagFilters/,
    ],
    [
      'EC2 load balancer alarms without the load balancer of an environment',
      (raw) => delete raw.services[EC2].deploy.loadBalancerArns.staging,
      /\(service "shelf", environment "staging"\): deploy\.loadBalancerArns\.staging: the errorRate, http5xx, latency alarm\(s\) are load balancer metrics: name this environment's load balancer ARN, or use only custom alarms/,
    ],
    [
      'a 5xx alarm on Lambda',
      (raw) => (raw.services[LAMBDA].deploy.alarms.metrics = ['http5xx']),
      /\(service "relay"\): deploy\.alarms\.metrics: http5xx is a load balancer metric and a Lambda alias has none/,
    ],
    [
      'no alarm at all',
      (raw) => (raw.services[LAMBDA].deploy.alarms = { metrics: [], custom: [] }),
      /\(service "relay"\): deploy\.alarms: name at least one alarm metric .*rollback on alarm needs an alarm/,
    ],
    [
      'an unknown alarm metric',
      (raw) => (raw.services[ECS].deploy.alarms.metrics = ['cpu']),
      /\(service "cart"\): deploy\.alarms\.metrics\[0\]: .*"errorRate".*"http5xx".*"latency".*\(got "cpu"\)/,
    ],
    [
      'a strategy for an environment that does not exist',
      (raw) => (raw.services[LAMBDA].deploy.strategy.environments.perf = { type: 'canary' }),
      /\(service "relay"\): deploy\.strategy\.environments\.perf: names environment "perf", which is not in promotionOrder \(allowed: dev, test, staging, prod\)/,
    ],
    [
      'a canary percentage of 100',
      (raw) => (raw.services[LAMBDA].deploy.strategy.environments.prod = { type: 'canary', percent: 100 }),
      /\(service "relay"\): deploy\.strategy\.environments\.prod\.percent: .*99/,
    ],
    [
      'an unknown strategy',
      (raw) => (raw.services[LAMBDA].deploy.strategy.default = { type: 'big-bang' }),
      /\(service "relay"\): deploy\.strategy\.default\.type: .*'all-at-once' \| 'rolling' \| 'blue-green' \| 'canary' \| 'linear' \(got "big-bang"\)/,
    ],
    [
      'an unknown target',
      (raw) => (raw.services[LAMBDA].deploy.target = 'mainframe'),
      /\(service "relay"\): deploy\.target: .*'ec2' \| 'ecs' \| 'lambda' \(got "mainframe"\)/,
    ],
    [
      'a field of another target',
      (raw) => (raw.services[LAMBDA].deploy.clusterName = 'commerce'),
      /\(service "relay"\): deploy: Unrecognized key: "clusterName"/,
    ],
  ])('%s', (_name, mutate, expected) => {
    const lines = errorOf(mutate).message.split('\n');
    // the problem first; every problem at once, one per line, each naming its file (model/config.ts)
    expect(lines[0]).toMatch(expected);
    expect(lines.every((line) => /^environments\/[a-z0-9-]+\.ts[ :]/.test(line))).toBe(true);
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('a new environment (one file, its name in promotionOrder)', () => {
  /** The scenario with an EKS service promoted through every environment, and `uat` added between staging and prod. */
  const withUat = (raw: Raw) => {
    raw.services.push({
      name: 'hull',
      description: 'A service on EKS, promoted',
      team: 'commerce',
      build: { ecosystem: 'npm', codeArtifact: false },
      pipeline: {
        pattern: 'promotion',
        deploy: {
          type: 'eks',
          namespace: 'hull',
          nodeRoleNames: { test: 'acme-test-node', staging: 'acme-staging-node', prod: 'acme-prod-node' },
        },
      },
    });
    const staging = raw.environments.staging;
    raw.environments.uat = {
      ...structuredClone(staging),
      name: 'uat',
      account: { ...staging.account, id: '666666666666' },
      approval: { ...staging.approval, approverRoleArns: ['arn:aws:iam::666666666666:role/release-managers'] },
    };
    raw.organisation.promotionOrder = ['dev', 'test', 'staging', 'uat', 'prod'];
  };

  test('is told every per-service value it still needs at once: listeners, load balancer, EKS node role', () => {
    const lines = errorOf(withUat).message.split('\n');
    expect(lines).toEqual([
      'environments/services.ts (service "cart", environment "uat"): deploy.listeners.uat: ECS all-at-once needs the production and test listener ARNs of this environment ({ production, test })',
      'environments/services.ts (service "shelf", environment "uat"): deploy.loadBalancerArns.uat: the errorRate, http5xx, latency alarm(s) are load balancer metrics: name this environment\'s load balancer ARN, or use only custom alarms (alarms.metrics: [])',
      'environments/services.ts (service "hull", environment "uat"): pipeline.deploy.nodeRoleNames.uat: is required: the name of the IAM role of the nodes of EKS cluster acme-uat in uat, which pulls the image (the service\'s ECR repository lets exactly that role pull)',
    ]);
  });

  test('loads once each is given', () => {
    const config = deployConfig((raw) => {
      withUat(raw);
      const uatListener = (n: number) =>
        `arn:aws:elasticloadbalancing:eu-west-1:666666666666:listener/app/shop/0a1b2c3d4e5f6070/${n}a2b3c4d5e6f7080`;
      raw.services[ECS].deploy.listeners.uat = { production: uatListener(1), test: uatListener(2) };
      raw.services[EC2].deploy.loadBalancerArns.uat =
        'arn:aws:elasticloadbalancing:eu-west-1:666666666666:loadbalancer/app/shelf/0a1b2c3d4e5f6070';
      raw.services.find((s) => s.name === 'hull')!.pipeline.deploy.nodeRoleNames.uat = 'acme-uat-node';
    });
    expect(config.environments.map((e) => e.name)).toEqual(['dev', 'test', 'staging', 'uat', 'prod']);
  });
});

test("a CloudFormation execution role outside the platform's names is refused at load, naming the field and the fix", () => {
  const error = scenarioErrorOf(pipelines, (raw) => {
    const reports = raw.services.find((s) => s.name === 'reports')!;
    reports.pipeline.deploy.executionRoleName = 'reports-exec';
  });
  expect(error.message).toContain(
    'environments/services.ts (service "reports"): pipeline.deploy.executionRoleName: "reports-exec" must start with "acme-": the platform\'s roles pass it',
  );
});
