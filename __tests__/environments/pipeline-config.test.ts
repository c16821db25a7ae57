import { resolvePipeline } from '../../model';
import pipelines from '../fixtures/pipelines';
import { scenarioConfig, scenarioErrorOf, type RawConfig as Raw } from '../support/config';

// The pipelines scenario (__tests__/fixtures/pipelines): a service per pattern, deploy target and source host.
const errorOf = (mutate: (raw: Raw) => void) => scenarioErrorOf(pipelines, mutate);
const service = (raw: Raw, name: string) => raw.services.find((s) => s.name === name)!;

const resolved = (mutate: (raw: Raw) => void, name: string) => {
  const config = scenarioConfig(pipelines, mutate);
  return resolvePipeline(config.services.find((s) => s.name === name)!, config.organisation).pipeline!;
};

describe('pipeline defaults', () => {
  test('a minimal promotion pipeline: GitHub main, one unit test, scan and validate, every environment', () => {
    const pipeline = resolved(
      (raw) => (service(raw, 'shelf').pipeline = { pattern: 'promotion', deploy: { type: 'codedeploy-ec2' } }),
      'shelf',
    );
    expect(pipeline).toEqual({
      pattern: 'promotion',
      source: {
        type: 'connection',
        provider: 'github',
        branch: 'main',
        includePaths: [],
        excludePaths: [],
        repository: 'acme-platform/shelf-frontend',
      },
      tests: [{ name: 'unit-test', dependsOn: [] }],
      deploy: { type: 'codedeploy-ec2' },
      infrastructure: undefined,
      environments: ['dev', 'test', 'staging', 'prod'],
      reviewUrl: 'https://github.com/acme-platform/shelf-frontend/commits/main',
    });
  });

  test('a basic pipeline runs in the first environment', () => {
    const pipeline = resolved((raw) => (service(raw, 'site').pipeline = { pattern: 'basic', deploy: { type: 's3' } }), 'site');
    expect(pipeline).toMatchObject({ environments: ['dev'] });
  });

  test('the repository name of the service is the default GitHub repository and CodeCommit repository', () => {
    expect(resolved(() => undefined, 'finder').source).toMatchObject({ type: 'connection', repository: 'acme-storefront/finder' });
    const codecommit = resolved((raw) => (service(raw, 'finder').pipeline.source = { type: 'codecommit' }), 'finder');
    expect(codecommit.source).toEqual({ type: 'codecommit', branch: 'main', repository: 'finder-repo' });
  });

  test('services without a pipeline block still validate and get no pipeline', () => {
    const config = scenarioConfig(pipelines, (raw) =>
      raw.services.push({ name: 'batch-jobs', description: 'Nightly batch', team: 'commerce' }),
    );
    const batch = config.services.find((s) => s.name === 'batch-jobs')!;
    expect(resolvePipeline(batch, config.organisation)).toEqual({ problems: [] });
  });

  test('environments get monitoring defaults', () => {
    expect(scenarioConfig(pipelines).environments[0].monitoring).toEqual({
      auditRetentionDays: 365,
      failedBuildsThreshold: 1,
      failedDeploymentsThreshold: 1,
    });
  });
});

describe('an invalid pipeline is rejected with one message naming the service, the field and what is allowed', () => {
  test.each<[string, (raw: Raw) => void, RegExp]>([
    [
      'an unknown pattern',
      (raw) => (service(raw, 'basket-api').pipeline.pattern = 'canary'),
      /environments\/services\.ts \(service "basket-api"\): \[0\]\.pipeline\.pattern|environments\/services\.ts \(service "basket-api"\): pipeline\.pattern: .*"basic".*"promotion"/,
    ],
    [
      'an unknown deploy target',
      (raw) => (service(raw, 'basket-api').pipeline.deploy = { type: 'nomad' }),
      /\(service "basket-api"\): pipeline\.deploy\.type: .*'codedeploy-ec2' \| 'codedeploy-ecs'.*\(got "nomad"\)/,
    ],
    [
      'a GitLab source without a repository',
      (raw) => delete service(raw, 'finder').pipeline.source.repository,
      /environments\/services\.ts \(service "finder"\): pipeline\.source\.repository: is required for provider "gitlab" \("owner\/name"\)/,
    ],
    [
      'an environment not in the promotion order',
      (raw) => (service(raw, 'basket-api').pipeline.environments = ['dev', 'perf']),
      /\(service "basket-api"\): pipeline\.environments: names "perf", which is not in promotionOrder \(dev, test, staging, prod\)/,
    ],
    [
      'environments out of promotion order',
      (raw) => (service(raw, 'basket-api').pipeline.environments = ['dev', 'staging', 'test']),
      /\(service "basket-api"\): pipeline\.environments: must follow promotionOrder \(dev, test, staging, prod\) without repeats \(got dev, staging, test\)/,
    ],
    [
      'a pipeline that does not start where builds run',
      (raw) => (service(raw, 'basket-api').pipeline.environments = ['test', 'staging', 'prod']),
      /\(service "basket-api"\): pipeline\.environments: must start with "dev", the first environment of promotionOrder: only it builds/,
    ],
    [
      'a gated pipeline in two environments (would rebuild)',
      (raw) => (service(raw, 'reports').pipeline.environments = ['dev', 'test']),
      /\(service "reports"\): pipeline\.environments: pattern "gated" runs in exactly one environment \(got 2\); use pattern "promotion"/,
    ],
    [
      'infra-app without infrastructure',
      (raw) => delete service(raw, 'stock').pipeline.infrastructure,
      /\(service "stock"\): pipeline\.infrastructure: is required by pattern "infra-app"/,
    ],
    [
      'infrastructure on another pattern',
      (raw) => (service(raw, 'site').pipeline.infrastructure = { tool: 'terraform' }),
      /\(service "site"\): pipeline\.infrastructure: is only used by pattern "infra-app" \(got pattern "basic"\)/,
    ],
    [
      'an EKS node role for an environment not in the promotion order (a typo)',
      (raw) => (service(raw, 'finder').pipeline.deploy.nodeRoleNames.stagin = 'acme-staging-node'),
      /\(service "finder"\): pipeline\.deploy\.nodeRoleNames\.stagin: "stagin" is not in promotionOrder \(dev, test, staging, prod\); remove the entry \(node roles are named for: test, staging, prod\)/,
    ],
    [
      'an EKS node role for an environment the pipeline does not deploy to',
      (raw) => (service(raw, 'finder').pipeline.environments = ['dev', 'test', 'staging']),
      /\(service "finder"\): pipeline\.deploy\.nodeRoleNames\.prod: the pipeline does not deploy to "prod" \(it runs in dev, test, staging\); remove the entry/,
    ],
    [
      'an EKS node role for the environment that builds',
      (raw) => (service(raw, 'finder').pipeline.deploy.nodeRoleNames.dev = 'acme-dev-node'),
      /\(service "finder"\): pipeline\.deploy\.nodeRoleNames\.dev: "dev" is where the pipeline builds: .*; remove the entry/,
    ],
    [
      'a test depending on a later or unknown test',
      (raw) =>
        (service(raw, 'basket-api').pipeline.tests = [{ name: 'integration-test', dependsOn: ['unit-test'] }, { name: 'unit-test' }]),
      /\(service "basket-api"\): pipeline\.tests\[0\]\.dependsOn: "unit-test" must name a test listed before "integration-test"/,
    ],
    [
      'a test without a CodeBuild project',
      (raw) => (service(raw, 'basket-api').pipeline.tests = [{ name: 'e2e' }]),
      /\(service "basket-api"\): pipeline\.tests\[0\]\.name: .*"unit-test"\|"integration-test" \(got "e2e"\)/,
    ],
    [
      'a test named twice',
      (raw) => (service(raw, 'basket-api').pipeline.tests = [{ name: 'unit-test' }, { name: 'unit-test' }]),
      /\(service "basket-api"\): pipeline\.tests\[1\]\.name: "unit-test" appears more than once/,
    ],
    [
      'a pipeline without validation',
      (raw) => (service(raw, 'basket-api').pipeline.validate = false),
      /\(service "basket-api"\): pipeline\.validate: must be true or left out: every deploy is checked by the validate project/,
    ],
    [
      'an S3 source key that is not a zip',
      (raw) => (service(raw, 'portal').pipeline.source.objectKey = 'uploads/release.tar'),
      /\(service "portal"\): pipeline\.source\.objectKey: must be an S3 object key ending in \.zip/,
    ],
    [
      'a review link that is not https',
      (raw) => (service(raw, 'portal').pipeline.reviewUrl = 'http://wiki.example.com'),
      /\(service "portal"\): pipeline\.reviewUrl: must be an https:\/\/ URL/,
    ],
    [
      'a CloudFormation target without its execution role',
      (raw) => delete service(raw, 'reports').pipeline.deploy.executionRoleName,
      /\(service "reports"\): pipeline\.deploy\.executionRoleName/,
    ],
    [
      'an audit retention shorter than 90 days',
      (raw) => (raw.environments.prod.monitoring = { auditRetentionDays: 30 }),
      /environments\/prod\.ts \(environment "prod"\): monitoring\.auditRetentionDays: .*90/,
    ],
  ])('%s', (_name, mutate, expected) => {
    const error = errorOf(mutate);
    expect(error.message).toMatch(expected);
    expect(error.message.split('\n')).toHaveLength(1);
  });
});
