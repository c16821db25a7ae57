import { exampleStackNames, exampleTerraform } from '../support/example';
import { buildExample, synthObject } from '../support/synth';
import { exampleConfig } from '../support/config';

const tf = Object.fromEntries(exampleStackNames().map((name) => [name, exampleTerraform(name)]));
const remote = ['platform', 'dev', 'test', 'staging', 'prod'];

describe('remote state', () => {
  test.each(remote)('%s keeps its state under its own key in the encrypted, locked S3 backend', (name) => {
    expect(tf[name].terraform.backend).toEqual({
      s3: {
        bucket: 'acme-cicd-platform-tfstate-111111111111',
        key: `${name}/terraform.tfstate`,
        region: 'eu-west-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-west-1:111111111111:alias/acme-cicd-platform-tfstate',
        dynamodb_table: 'acme-cicd-platform-tflock',
        assume_role: { role_arn: `arn:aws:iam::111111111111:role/cicd-platform-state-${name}`, session_name: `cdktf-state-${name}` },
      },
    });
  });

  test('every state key is distinct', () => {
    const keys = remote.map((name) => tf[name].terraform.backend.s3.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('bootstrap starts on local state, since the bucket it creates does not exist yet', () => {
    expect(tf.bootstrap.terraform.backend).toEqual({ local: { path: '../../../state/bootstrap/terraform.tfstate' } });
  });

  test('bootstrap moves into its own bucket once bootstrapMigrated is set', () => {
    const migrated = buildExample(exampleConfig((raw) => (raw.organisation.stateBackend.bootstrapMigrated = true)));
    expect(synthObject(migrated.bootstrap).terraform.backend.s3).toMatchObject({ key: 'bootstrap/terraform.tfstate', encrypt: true });
  });

  test.each([
    ['s3', { use_lockfile: true }, ['dynamodb_table'], '>= 1.11.0'],
    ['both', { use_lockfile: true, dynamodb_table: 'acme-cicd-platform-tflock' }, [], '>= 1.11.0'],
    ['dynamodb', { dynamodb_table: 'acme-cicd-platform-tflock' }, ['use_lockfile'], '>= 1.5.0'],
  ])('locking "%s" sets %j and requires Terraform %s', (locking, present, absent, version) => {
    const built = buildExample(exampleConfig((raw) => (raw.organisation.stateBackend.locking = locking)));
    const dev = synthObject(built.environments[0]).terraform;
    expect(dev.backend.s3).toMatchObject(present);
    for (const key of absent) expect(dev.backend.s3).not.toHaveProperty(key);
    expect(dev.required_version).toBe(version);
  });
});

describe('providers', () => {
  test.each([
    ['dev', '222222222222'],
    ['test', '333333333333'],
    ['staging', '444444444444'],
    ['prod', '555555555555'],
  ])(
    '%s assumes var.aws_role_name (default: the Terraform role) in its own account %s, and no other account is allowed',
    (name, account) => {
      const [aws] = tf[name].provider.aws;
      expect(aws.allowed_account_ids).toEqual([account]);
      expect(aws.assume_role).toEqual([{ role_arn: `arn:aws:iam::${account}:role/\${var.aws_role_name}`, session_name: `cdktf-${name}` }]);
      expect(tf[name].variable.aws_role_name).toMatchObject({ type: 'string', default: 'cicd-platform-terraform', nullable: false });
      expect(aws.region).toBe('eu-west-1');
    },
  );

  test('platform deploys into the management account through the management Terraform role (var.aws_role_name)', () => {
    const [aws] = tf.platform.provider.aws;
    expect(aws.allowed_account_ids).toEqual(['111111111111']);
    expect(aws.assume_role[0].role_arn).toBe('arn:aws:iam::111111111111:role/${var.aws_role_name}');
    expect(tf.platform.variable.aws_role_name.default).toBe('cicd-platform-terraform');
  });

  test.each(['bootstrap', 'management-access'])(
    '%s deploys into the management account with the administrator’s own credentials',
    (name) => {
      const [aws] = tf[name].provider.aws;
      expect(aws.allowed_account_ids).toEqual(['111111111111']);
      expect(aws.assume_role).toBeUndefined();
      expect(tf[name].variable).toBeUndefined();
    },
  );

  test('every stack that assumes a role takes its name from var.aws_role_name; only bootstrap and the access stacks assume none', () => {
    for (const [name, stack] of Object.entries(tf)) {
      const [aws] = stack.provider.aws;
      if (name.endsWith('-access') || name === 'bootstrap') {
        expect({ name, assumeRole: aws.assume_role, variable: stack.variable }).toEqual({
          name,
          assumeRole: undefined,
          variable: undefined,
        });
      } else {
        expect({ name, roleArn: aws.assume_role[0].role_arn }).toEqual({
          name,
          roleArn: expect.stringMatching(/:role\/\$\{var\.aws_role_name\}$/),
        });
      }
    }
  });

  test('default tags merge organisation, environment and stack tags', () => {
    expect(tf.prod.provider.aws[0].default_tags).toEqual([
      {
        tags: {
          'managed-by': 'cdktf',
          repository: 'acme-platform/cicd-platform',
          'cost-center': 'platform',
          environment: 'prod',
          'data-classification': 'confidential',
          stack: 'prod',
        },
      },
    ]);
  });

  test.each(['platform', 'dev', 'prod'])('%s configures GitHub with the owner from config and no token', (name) => {
    expect(tf[name].provider.github).toEqual([{ owner: 'acme-platform' }]);
  });

  test('bootstrap does not configure GitHub', () => {
    expect(tf.bootstrap.provider.github).toBeUndefined();
  });

  test.each(Object.keys(tf))('%s names its providers by fully qualified source', (name) => {
    const required = tf[name].terraform.required_providers;
    expect(required.aws.source).toBe('hashicorp/aws');
    if (required.github) expect(required.github.source).toBe('integrations/github');
    for (const provider of Object.values<any>(required)) expect(provider.source).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
  });
});
