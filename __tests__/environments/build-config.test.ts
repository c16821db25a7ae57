import builds from '../fixtures/builds';
import { scenarioConfig, scenarioErrorOf, type RawConfig as Raw } from '../support/config';

// The builds scenario (__tests__/fixtures/builds): a service per kind of build on four environments.
const buildsConfig = (mutate?: (raw: Raw) => void) => scenarioConfig(builds, mutate);
const errorOf = (mutate: (raw: Raw) => void) => scenarioErrorOf(builds, mutate);

describe('build settings of a service', () => {
  test('a service without a build block gets the defaults: npm, S3 cache, CodeArtifact, no Docker', () => {
    const config = buildsConfig((raw) => raw.services.push({ name: 'plain-svc', description: 'No build block', team: 'commerce' }));
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

  test('the fixture exercises every ecosystem, Docker, batch, secrets and a VPC', () => {
    const services = buildsConfig().services;
    expect(services.slice(0, 3).map((s) => s.build.ecosystem)).toEqual(['npm', 'pypi', 'maven']);
    expect(services.filter((s) => s.build.docker).map((s) => s.name)).toEqual(['box']);
    expect(services.find((s) => s.name === 'hook')?.build.batch).toEqual({ shards: 4, purposes: ['unit-test'] });
    expect(Object.keys(services.find((s) => s.name === 'web')?.build.vpc ?? {})).toEqual(['staging', 'prod']);
  });

  test('the organisation gets a CodeArtifact domain for npm, PyPI and Maven by default', () => {
    const config = buildsConfig((raw) => delete raw.organisation.codeArtifact);
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
      /environments\/services\.ts \(service "box"\): build\.ecosystem: .*"npm".*"pypi".*"maven".*\(got "cargo"\)/,
    ],
    [
      'an unknown cache mode',
      (raw) => (raw.services[1].build.cache = 'redis'),
      /\(service "hook"\): build\.cache: .*"s3".*"local".*"none"/,
    ],
    [
      'a secret that looks like a value, not a name',
      (raw) => (raw.services[1].build.secrets = { API_KEY: 'sk live 123!' }),
      /\(service "hook"\): build\.secrets\.API_KEY: must be 3-40 lower-case letters, digits or hyphens/,
    ],
    [
      'a build secret the service does not declare',
      (raw) => (raw.services[1].build.secrets = { API_KEY: 'live-api-key' }),
      /\(service "hook"\): build\.secrets\.API_KEY: names "live-api-key", which is not one of the service's secrets \(declared: sandbox-api-key, webhook-key\)/,
    ],
    [
      'a build secret no build may read',
      (raw) => (raw.services[1].build.secrets = { WEBHOOK_KEY: 'webhook-key' }),
      /\(service "hook"\): build\.secrets\.WEBHOOK_KEY: secret "webhook-key" has no build reader/,
    ],
    [
      'a secret bound to an invalid variable name',
      (raw) => (raw.services[1].build.secrets = { 'api-key': 'sandbox-api-key' }),
      /\(service "hook"\): build\.secrets\.api-key: must be an environment variable name/,
    ],
    [
      'a command with a Terraform template',
      (raw) => (raw.services[0].build.commands = { build: ['echo ${HOME}'] }),
      /\(service "box"\): build\.commands\.build\[0\]: must not contain "\$\{" or "%\{"/,
    ],
    ['a batch of one shard', (raw) => (raw.services[1].build.batch = { shards: 1 }), /\(service "hook"\): build\.batch\.shards: .*2/],
    [
      'a VPC for an environment that does not exist',
      (raw) => (raw.services[2].build.vpc = { qa: raw.services[2].build.vpc.staging }),
      /environments\/services\.ts \(service "web"\): build\.vpc\.qa: names an environment that is not in promotionOrder \(allowed: dev, test, staging, prod\)/,
    ],
    [
      'a VPC id that is not one',
      (raw) => (raw.services[2].build.vpc.staging.vpcId = 'my-vpc'),
      /\(service "web"\): build\.vpc\.staging\.vpcId: must be a VPC id/,
    ],
    [
      'CodeArtifact for an ecosystem the domain does not serve',
      (raw) => (raw.organisation.codeArtifact = { ecosystems: ['npm', 'pypi'] }),
      /\(service "web"\): build\.codeArtifact: is true, but environments\/organisation\.ts codeArtifact\.ecosystems has no "maven" repository/,
    ],
    [
      'an ecosystem listed twice',
      (raw) => (raw.organisation.codeArtifact = { ecosystems: ['npm', 'npm'] }),
      /environments\/organisation\.ts: codeArtifact\.ecosystems: must name each ecosystem once/,
    ],
    [
      'sharded Maven unit tests without a command',
      (raw) => (raw.services[2].build.batch = { shards: 3 }),
      /\(service "web"\): build\.batch\.purposes: runs unit-test in shards, but maven has no default sharded unit-test command; set build\.commands\.unitTest/,
    ],
    [
      'sharded integration tests without a command',
      (raw) => (raw.services[1].build.batch = { shards: 3, purposes: ['integration-test'] }),
      /\(service "hook"\): build\.batch\.purposes: runs integration-test in shards.*build\.commands\.integrationTest/,
    ],
    [
      'Lambda compute for builds of a Docker service',
      (raw) => (raw.environments.test.build.computeType = 'BUILD_LAMBDA_4GB'),
      /environments\/test\.ts \(environment "test"\): build\.computeType: BUILD_LAMBDA_4GB is Lambda compute, which cannot run service "box" \(build\.docker: true, build\.cache: "local"\)/,
    ],
  ])('%s', (_name, mutate, expected) => {
    const lines = errorOf(mutate).message.split('\n');
    // the problem first; every problem at once, one per line, each naming its file (model/config.ts)
    expect(lines[0]).toMatch(expected);
    expect(lines.every((line) => /^environments\/[a-z0-9-]+\.ts[ :]/.test(line))).toBe(true);
    expect(new Set(lines).size).toBe(lines.length);
  });
});
