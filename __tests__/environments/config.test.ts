import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../model';
import { configErrorOf as errorOf, exampleConfig, rawExample } from '../support/config';
import { writeConfigDir } from '../support/config-dir';

type Raw = ReturnType<typeof rawExample>;

describe('the example configuration', () => {
  test('loads from a config folder what parsing its data gives, environments in promotion order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-dir-'));
    try {
      const config = loadConfig(writeConfigDir(path.join(dir, 'environments'), rawExample()));
      expect(config).toEqual(exampleConfig());
      expect(config.environments.map((e) => e.name)).toEqual(['dev', 'test', 'staging', 'prod']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('applies defaults once, at load', () => {
    const config = exampleConfig((raw) => {
      delete raw.environments.dev.build.architecture;
      delete raw.environments.dev.notificationEmails;
    });
    const dev = config.environments[0];
    expect(dev.build.architecture).toBe('arm64');
    expect(dev.notificationEmails).toEqual([]);
  });

  test('gives each environment its own account', () => {
    const accounts = exampleConfig().environments.map((e) => e.account.id);
    expect(new Set(accounts).size).toBe(accounts.length);
  });

  test('requires approval before staging and prod, not before dev and test', () => {
    const approvals = Object.fromEntries(exampleConfig().environments.map((e) => [e.name, e.approval.required]));
    expect(approvals).toEqual({ dev: false, test: false, staging: true, prod: true });
  });
});

describe('an invalid configuration is rejected with one message naming file, environment, field and what is allowed', () => {
  test.each<[string, (raw: Raw) => void, RegExp]>([
    [
      'an account id that is not 12 digits',
      (raw) => (raw.environments.prod.account.id = '12345'),
      /environments\/prod\.ts \(environment "prod"\): account\.id: must be a 12-digit AWS account id, as a string \(got "12345"\)/,
    ],
    [
      'a region that is not a region code',
      (raw) => (raw.environments.test.account.region = 'Ireland'),
      /environments\/test\.ts \(environment "test"\): account\.region: must be an AWS region code/,
    ],
    [
      'a log retention CloudWatch does not offer',
      (raw) => (raw.environments.staging.logRetentionDays = 45),
      /environments\/staging\.ts \(environment "staging"\): logRetentionDays: must be one of the CloudWatch Logs retention periods: 1, 3, 5.*\(got 45\)/,
    ],
    [
      'an unknown compute type',
      (raw) => (raw.environments.dev.build.computeType = 'BUILD_GENERAL1_HUGE'),
      /environments\/dev\.ts \(environment "dev"\): build\.computeType: .*BUILD_GENERAL1_SMALL.*\(got "BUILD_GENERAL1_HUGE"\)/,
    ],
    [
      'a misspelt field',
      (raw) => (raw.environments.dev.logRetention = 14),
      /environments\/dev\.ts \(environment "dev"\): \(the whole file\): Unrecognized key: "logRetention"/,
    ],
    [
      'prod without approval',
      (raw) => (raw.environments.prod.approval = { required: false }),
      /environments\/prod\.ts \(environment "prod"\): approval\.required: must be true for the last environment of the promotion order/,
    ],
    [
      'approval required with no reviewer',
      (raw) => (raw.environments.staging.approval = { required: true }),
      /environments\/staging\.ts \(environment "staging"\): approval: needs at least one entry in reviewerTeams or reviewerUsers/,
    ],
    [
      'two environments in one account',
      (raw) => (raw.environments.test.account.id = raw.environments.dev.account.id),
      /environments\/test\.ts \(environment "test"\): account\.id: 222222222222 is already the account of "dev"/,
    ],
    [
      'an environment file whose name differs from its file',
      (raw) => (raw.environments.test.name = 'qa'),
      /environments\/test\.ts \(environment "test"\): name: must equal the file name "test" \(got "qa"\)/,
    ],
    [
      'a promotion order naming a missing environment',
      (raw) => raw.organisation.promotionOrder.push('perf'),
      /environments\/organisation\.ts: promotionOrder: names "perf", but environments\/perf\.ts does not exist/,
    ],
    [
      'an environment named like an org-wide stack',
      (raw) => {
        raw.organisation.promotionOrder[1] = 'platform';
        raw.environments.platform = { ...raw.environments.test, name: 'platform' };
        delete raw.environments.test;
      },
      /environments\/organisation\.ts: promotionOrder: "platform" is reserved \(an org-wide stack/,
    ],
    [
      "an environment named like a plan environment, plan-<scope> (its deploy role's OIDC subject would be a plan role's)",
      (raw) => {
        raw.organisation.promotionOrder[1] = 'plan-prod';
        raw.environments['plan-prod'] = { ...raw.environments.test, name: 'plan-prod' };
        delete raw.environments.test;
      },
      /environments\/organisation\.ts: promotionOrder\[1\]: must be 2-12 lower-case letters or digits/,
    ],
    [
      'an environment promoted twice',
      (raw) => (raw.organisation.promotionOrder = ['dev', 'test', 'dev', 'staging', 'prod']),
      /promotionOrder: names "dev" more than once/,
    ],
    [
      'a state bucket name S3 refuses',
      (raw) => (raw.organisation.stateBackend.bucketName = 'My_State'),
      /environments\/organisation\.ts: stateBackend\.bucketName: must be a valid S3 bucket name/,
    ],
    [
      'an unknown locking mode',
      (raw) => (raw.organisation.stateBackend.locking = 'consul'),
      /stateBackend\.locking: .*"dynamodb".*"s3".*"both".*\(got "consul"\)/,
    ],
    [
      'a service with an invalid name',
      (raw) => (raw.services[1].name = 'Payments_FN'),
      /environments\/services\.ts \(service "Payments_FN"\): \[1\]\.name|environments\/services\.ts \(service "Payments_FN"\): name: must be 3-26 lower-case letters/,
    ],
    [
      'two services of one name',
      (raw) => {
        raw.services[0].name = 'twin-svc';
        raw.services.push({ ...raw.services[0] });
      },
      /environments\/services\.ts: service names must be unique; "twin-svc" appears more than once/,
    ],
    [
      'a tag key in the reserved aws: namespace',
      (raw) => (raw.organisation.tags['aws:owner'] = 'x'),
      /environments\/organisation\.ts: tags\.aws:owner: tag keys may not start with "aws:"/,
    ],
  ])('%s', (_name, mutate, expected) => {
    const lines = errorOf(mutate).message.split('\n');
    // the problem first; every problem at once, one per line, each naming its file (model/config.ts)
    expect(lines[0]).toMatch(expected);
    expect(lines.every((line) => /^environments\/[a-z0-9-]+\.ts[ :]/.test(line))).toBe(true);
    expect(new Set(lines).size).toBe(lines.length);
  });
});
