import { exampleTerraform } from '../support/example';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

const byName = Object.fromEntries(['dev', 'test', 'staging', 'prod'].map((name) => [name, exampleTerraform(name)]));

describe.each([
  ['dev', '222222222222', 14, 14],
  ['test', '333333333333', 30, 30],
  ['staging', '444444444444', 90, 30],
  ['prod', '555555555555', 365, 30],
])('environment %s', (name, account, retention, noncurrent) => {
  const tf = byName[name];

  test('has its own customer key with rotation, an alias and destroy protection', () => {
    const [key] = resourcesOf(tf, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(resourcesOf(tf, 'aws_kms_alias')[0].name).toBe(`alias/acme-${name}-cicd`);
  });

  test("lets CloudWatch Logs use the key only for this account's platform log groups", () => {
    const statement = dataOf(tf, 'aws_iam_policy_document')
      .flatMap((d) => d.statement)
      .find((s: any) => s.sid === 'CloudWatchLogs');
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-west-1.amazonaws.com'] }]);
    expect(statement.condition).toEqual([
      { test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: [`arn:aws:logs:eu-west-1:${account}:log-group:/acme/*`] },
    ]);
  });

  test(`keeps artifacts ${retention} days and old versions ${noncurrent} days`, () => {
    const [bucket] = resourcesOf(tf, 'aws_s3_bucket');
    expect(bucket.bucket).toBe(`acme-${name}-artifacts-${account}`);
    const [lifecycle] = resourcesOf(tf, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({ id: 'expire-noncurrent-versions', noncurrent_version_expiration: [{ noncurrent_days: noncurrent }] }),
      expect.objectContaining({ id: 'expire-current-versions', expiration: [{ days: retention }] }),
    ]);
  });

  test("has a KMS-encrypted notification topic that only this account's EventBridge and CloudWatch may publish to", () => {
    const [topic] = resourcesOf(tf, 'aws_sns_topic');
    expect(topic).toMatchObject({
      name: `acme-${name}-cicd-notifications`,
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\./),
    });
    const publish = dataOf(tf, 'aws_iam_policy_document')
      .flatMap((d) => d.statement)
      .find((s: any) => s.sid === 'ServicesOfThisAccountPublish');
    expect(publish.principals).toEqual([{ type: 'Service', identifiers: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] }]);
    expect(publish.condition).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }]);
    expect(resourcesOf(tf, 'aws_sns_topic_subscription').map((s) => s.endpoint)).toEqual([`platform-${name}-alerts@example.com`]);
  });
});

test('an environment that does not protect stateful resources lets its key and artifact store be destroyed', async () => {
  const { exampleConfig } = await import('../support/config');
  const built = buildExample(exampleConfig((raw) => (raw.environments.dev.protectStatefulResources = false)));
  const dev = synthObject(built.environments[0]);
  expect(resourcesOf(dev, 'aws_kms_key')[0].lifecycle).toEqual({ prevent_destroy: false });
  expect(resourcesOf(dev, 'aws_s3_bucket')[0].lifecycle).toEqual({ prevent_destroy: false });
});
