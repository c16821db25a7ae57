import { configErrorOf as errorOf, exampleConfig, rawExample } from '../support/config';

type Raw = ReturnType<typeof rawExample>;

describe('build settings of a service', () => {
  test('a service without a build block gets the defaults: npm, S3 cache, CodeArtifact, no Docker', () => {
    const config = exampleConfig((raw) => raw.services.push({ name: 'plain-svc', description: 'No build block', team: 'commerce' }));
    const plain = config.services.find((s) => s.name === 'plain-svc');
    expect(plain?.build).toEqual({
      ecosystem: 'npm',
      docker: false,
      cache: 's3',
      codeArtifact: true,
      secrets: {},
      reports: {
        junit: ['reports/junit/**/*.xml'],
        coverage: 'reports/coverage/cobertura-coverage.xml',
        coverageFormat: 'COBERTURAXML',
        export: 's3',
      },
      commands: {},
      vpc: {},
    });
  });

  test('the example catalogue exercises every ecosystem, Docker, batch, secrets and a VPC', () => {
    const services = exampleConfig().services;
    expect(services.slice(0, 3).map((s) => s.build.ecosystem)).toEqual(['npm', 'pypi', 'maven']);
    expect(services.filter((s) => s.build.docker).map((s) => s.name)).toEqual(['orders-api']);
    expect(services.find((s) => s.name === 'payments-fn')?.build.batch).toEqual({ shards: 4, purposes: ['unit-test'] });
    expect(Object.keys(services.find((s) => s.name === 'catalog-web')?.build.vpc ?? {})).toEqual(['staging', 'prod']);
  });

  test('the organisation gets a CodeArtifact domain for npm, PyPI and Maven by default', () => {
    const config = exampleConfig((raw) => delete raw.organisation.codeArtifact);
    expect(config.organisation.codeArtifact).toEqual({
      ecosystems: ['npm', 'pypi', 'maven'],
      releaseRole: { roleName: 'package-release', githubEnvironment: 'release', tagPatterns: ['v*'] },
    });
  });
});

describe('an invalid build setting is rejected with one message naming file, service, field and what is allowed', () => {
  test.each<[string, (raw: Raw) => void, RegExp]>([
    [
      'an unknown ecosystem',
      (raw) => (raw.services[0].build.ecosystem = 'cargo'),
      /environments\/services\.ts \(service "orders-api"\): build\.ecosystem: .*"npm".*"pypi".*"maven".*\(got "cargo"\)/,
    ],
    [
      'an unknown cache mode',
      (raw) => (raw.services[1].build.cache = 'redis'),
      /\(service "payments-fn"\): build\.cache: .*"s3".*"local".*"none"/,
    ],
    [
      'a secret that looks like a value, not a name',
      (raw) => (raw.services[1].build.secrets = { API_KEY: 'sk live 123!' }),
      /\(service "payments-fn"\): build\.secrets\.API_KEY: must be 3-40 lower-case letters, digits or hyphens/,
    ],
    [
      'a build secret the service does not declare',
      (raw) => (raw.services[1].build.secrets = { API_KEY: 'live-api-key' }),
      /\(service "payments-fn"\): build\.secrets\.API_KEY: names "live-api-key", which is not one of the service's secrets \(declared: sandbox-api-key, stripe-webhook-key\)/,
    ],
    [
      'a build secret no build may read',
      (raw) => (raw.services[1].build.secrets = { STRIPE_KEY: 'stripe-webhook-key' }),
      /\(service "payments-fn"\): build\.secrets\.STRIPE_KEY: secret "stripe-webhook-key" has no build reader/,
    ],
    [
      'a secret bound to an invalid variable name',
      (raw) => (raw.services[1].build.secrets = { 'api-key': 'sandbox-api-key' }),
      /\(service "payments-fn"\): build\.secrets\.api-key: must be an environment variable name/,
    ],
    [
      'a command with a Terraform template',
      (raw) => (raw.services[0].build.commands = { build: ['echo ${HOME}'] }),
      /\(service "orders-api"\): build\.commands\.build\[0\]: must not contain "\$\{" or "%\{"/,
    ],
    [
      'a batch of one shard',
      (raw) => (raw.services[1].build.batch = { shards: 1 }),
      /\(service "payments-fn"\): build\.batch\.shards: .*2/,
    ],
    [
      'a VPC for an environment that does not exist',
      (raw) => (raw.services[2].build.vpc = { qa: raw.services[2].build.vpc.staging }),
      /environments\/services\.ts \(service "catalog-web"\): build\.vpc\.qa: names an environment that is not in promotionOrder \(allowed: dev, test, staging, prod\)/,
    ],
    [
      'a VPC id that is not one',
      (raw) => (raw.services[2].build.vpc.staging.vpcId = 'my-vpc'),
      /\(service "catalog-web"\): build\.vpc\.staging\.vpcId: must be a VPC id/,
    ],
    [
      'CodeArtifact for an ecosystem the domain does not serve',
      (raw) => (raw.organisation.codeArtifact = { ecosystems: ['npm', 'pypi'] }),
      /\(service "catalog-web"\): build\.codeArtifact: is true, but environments\/organisation\.ts codeArtifact\.ecosystems has no "maven" repository/,
    ],
    [
      'an ecosystem listed twice',
      (raw) => (raw.organisation.codeArtifact = { ecosystems: ['npm', 'npm'] }),
      /environments\/organisation\.ts: codeArtifact\.ecosystems: must name each ecosystem once/,
    ],
    [
      'sharded Maven unit tests without a command',
      (raw) => (raw.services[2].build.batch = { shards: 3 }),
      /\(service "catalog-web"\): build\.batch\.purposes: runs unit-test in shards, but maven has no default sharded unit-test command; set build\.commands\.unitTest/,
    ],
    [
      'sharded integration tests without a command',
      (raw) => (raw.services[1].build.batch = { shards: 3, purposes: ['integration-test'] }),
      /\(service "payments-fn"\): build\.batch\.purposes: runs integration-test in shards.*build\.commands\.integrationTest/,
    ],
    [
      'Lambda compute for builds of a Docker service',
      (raw) => (raw.environments.test.build.computeType = 'BUILD_LAMBDA_4GB'),
      /environments\/test\.ts \(environment "test"\): build\.computeType: BUILD_LAMBDA_4GB is Lambda compute, which cannot run service "orders-api" \(build\.docker: true, build\.cache: "local"\)/,
    ],
  ])('%s', (_name, mutate, expected) => {
    const lines = errorOf(mutate).message.split('\n');
    // the problem first; every problem at once, one per line, each naming its file (model/config.ts)
    expect(lines[0]).toMatch(expected);
    expect(lines.every((line) => /^environments\/[a-z0-9-]+\.ts[ :]/.test(line))).toBe(true);
    expect(new Set(lines).size).toBe(lines.length);
  });
});
