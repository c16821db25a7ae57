import { ConfigError } from '../../model';
import { exampleConfig } from '../support/config';
import { exampleTerraform } from '../support/example';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

const dev = () => buildExample().environments.find((s) => s.environment.name === 'dev')!;
const ACCOUNT: Record<string, string> = { dev: '222222222222', test: '333333333333', staging: '444444444444', prod: '555555555555' };

/** The policy document a secret's resource policy uses, found by the secret's name. */
function secretPolicy(tf: Record<string, any>, name: string): any {
  const secret = Object.entries(tf.resource.aws_secretsmanager_secret).find(([, s]: [string, any]) => s.name === name);
  if (secret === undefined) throw new Error(`no secret ${name}`);
  const policy = resourcesOf(tf, 'aws_secretsmanager_secret_policy').find(
    (p) => p.secret_arn === `\${aws_secretsmanager_secret.${secret[0]}.arn}`,
  );
  const docName = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy!.policy)![1];
  return { secretId: secret[0], secret: secret[1], policy, document: tf.data.aws_iam_policy_document[docName] };
}

describe('service secrets', () => {
  const tf = exampleTerraform('dev');

  test('each declared secret exists once per environment, named <prefix>/<env>/<service>/<secret>, with its purpose', () => {
    expect(
      resourcesOf(tf, 'aws_secretsmanager_secret')
        .map((s) => [s.name, s.description])
        .sort(),
    ).toEqual([
      ['acme/dev/orders-api/db-credentials', 'PostgreSQL credentials of the orders database (integration tests and the running task)'],
      ['acme/dev/orders-api/npm-token', 'Read-only token of the private npm registry, used by the build'],
      ['acme/dev/payments-fn/sandbox-api-key', 'API key of the payment provider sandbox, used by the unit tests'],
      ['acme/dev/payments-fn/stripe-webhook-key', 'Signing secret Stripe uses for webhook calls to this function'],
    ]);
  });

  test('every secret is encrypted with the environment key and kept 30 days after deletion', () => {
    const stack = dev();
    const json = synthObject(stack);
    const keyRef = /^\$\{aws_kms_key\.key_[A-F0-9]+\.arn\}$/;
    for (const secret of resourcesOf(json, 'aws_secretsmanager_secret')) {
      expect(secret.kms_key_id).toMatch(keyRef);
      expect(secret.recovery_window_in_days).toBe(30);
      expect(secret.lifecycle).toEqual({ prevent_destroy: true });
    }
    expect(Object.keys(json.resource.aws_kms_key)).toHaveLength(1);
  });

  test('the resource policy lets exactly the named roles read, and denies every other principal', () => {
    const { document, policy } = secretPolicy(tf, 'acme/dev/orders-api/db-credentials');
    expect(policy.block_public_policy).toBe(true);
    const readers = [
      'arn:aws:iam::222222222222:role/acme-dev-orders-api-unit-cb',
      'arn:aws:iam::222222222222:role/acme-orders-api-task-execution',
    ];
    expect(document.statement).toEqual([
      {
        sid: 'NamedRolesRead',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::222222222222:root'] }],
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: ['*'],
        condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: readers }],
      },
      {
        sid: 'DenyEveryoneElse',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        condition: [
          {
            test: 'ArnNotEquals',
            variable: 'aws:PrincipalArn',
            values: [...readers, 'arn:aws:iam::222222222222:role/acme-secrets-rotation'],
          },
        ],
      },
    ]);
  });

  test.each([
    ['acme/dev/orders-api/npm-token', ['arn:aws:iam::222222222222:role/acme-dev-orders-api-build-cb']],
    ['acme/dev/payments-fn/stripe-webhook-key', ['arn:aws:iam::222222222222:role/acme-payments-fn-runtime']],
  ])('%s is readable only by %j (no rotation role)', (name, readers) => {
    const { document } = secretPolicy(tf, name);
    expect(document.statement[0].condition[0].values).toEqual(readers);
    expect(document.statement[1].condition[0].values).toEqual(readers);
  });

  test('a rotated secret rotates with the named function of its own account, after the configured days', () => {
    const { secretId } = secretPolicy(tf, 'acme/dev/orders-api/db-credentials');
    const [rotation] = resourcesOf(tf, 'aws_secretsmanager_secret_rotation');
    expect(rotation).toMatchObject({
      secret_id: `\${aws_secretsmanager_secret.${secretId}.id}`,
      rotation_lambda_arn: 'arn:aws:lambda:eu-west-1:222222222222:function:acme-secrets-rotation-postgres',
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: false,
    });
    const [permission] = resourcesOf(tf, 'aws_lambda_permission');
    expect(permission).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: 'arn:aws:lambda:eu-west-1:222222222222:function:acme-secrets-rotation-postgres',
      principal: 'secretsmanager.amazonaws.com',
      source_arn: `\${aws_secretsmanager_secret.${secretId}.arn}`,
      statement_id: 'secretsmanager-acme-dev-orders-api-db-credentials',
    });
    expect(rotation.depends_on).toEqual([expect.stringMatching(/^aws_lambda_permission\./)]);
  });

  test('an exempt secret has no rotation, and its reason is in the policy report as the suppression', () => {
    const stacks = buildExample();
    const reasons = (env: string) => {
      synthObject(stacks.environments.find((s) => s.environment.name === env)!);
      return stacks.report.findings.filter((f) => f.stack === env && f.ruleId === 'PLAT-SM-002').map((f) => f.suppressedBecause);
    };
    const npm =
      'rotation exempt (environments/services.ts, orders-api/npm-token): third-party token issued by npmjs.com, which offers no rotation API; renewed by hand yearly';
    const sandbox =
      'rotation exempt (environments/services.ts, payments-fn/sandbox-api-key): issued by the payment provider sandbox, which has no key rotation API; renewed by hand quarterly';
    const stripe =
      'rotation exempt (environments/services.ts, payments-fn/stripe-webhook-key): issued by Stripe; it is rolled in the Stripe dashboard, which has no API Secrets Manager can call';
    expect(reasons('dev')).toEqual([npm, sandbox, stripe]);
    // the npm token (read by the build) and the sandbox key (unit tests) exist in dev alone
    expect(reasons('prod')).toEqual([stripe]);
  });

  test('a secret read only by builds the first environment runs exists there alone (no reader role elsewhere)', () => {
    // payments-fn/sandbox-api-key: readers { builds: ['unit-test'] }; unit tests run in dev only
    const names = (env: string) =>
      resourcesOf(exampleTerraform(env), 'aws_secretsmanager_secret')
        .map((s) => s.name)
        .filter((n: string) => n.includes('/payments-fn/'))
        .sort();
    expect(names('dev')).toEqual(['acme/dev/payments-fn/sandbox-api-key', 'acme/dev/payments-fn/stripe-webhook-key']);
    for (const env of ['test', 'staging', 'prod']) expect(names(env)).toEqual([`acme/${env}/payments-fn/stripe-webhook-key`]);
  });

  test('no secret of any environment names a build role that environment does not have', () => {
    for (const [env, account] of Object.entries(ACCOUNT)) {
      const tf = exampleTerraform(env);
      const roles = new Set(resourcesOf(tf, 'aws_iam_role').map((r) => `arn:aws:iam::${account}:role/${r.name}`));
      const buildReaders = resourcesOf(tf, 'aws_secretsmanager_secret').flatMap((s) => {
        const { document } = secretPolicy(tf, s.name);
        return (document.statement[0].condition[0].values as string[]).filter((arn) => /-cb$/.test(arn));
      });
      expect([env, buildReaders.filter((arn) => !roles.has(arn))]).toEqual([env, []]);
    }
  });

  test('stack.secrets gives each secret ARN by reference, and read statements scoped to them', () => {
    const stack = dev();
    expect(stack.secrets.keys).toEqual([
      'orders-api/db-credentials',
      'orders-api/npm-token',
      'payments-fn/sandbox-api-key',
      'payments-fn/stripe-webhook-key',
    ]);
    expect(stack.secrets.arnOf('orders-api', 'npm-token')).toBe(stack.secrets.get('orders-api', 'npm-token').arn);
    expect(stack.secrets.readStatements('orders-api', ['npm-token'], 'KEY', 'eu-west-1')).toEqual([
      {
        sid: 'ReadSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: [stack.secrets.arnOf('orders-api', 'npm-token')],
      },
      {
        sid: 'DecryptSecrets',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: ['KEY'],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.eu-west-1.amazonaws.com'] }],
      },
    ]);
    expect(() => stack.secrets.arnOf('orders-api', 'nope')).toThrow(
      'environment "dev": service "orders-api" declares no secret "nope" in environments/services.ts (its secrets: db-credentials, npm-token)',
    );
  });

  test('a throw-away environment keeps deleted secrets 7 days and does not protect them', () => {
    const config = exampleConfig((raw) => {
      raw.environments.dev.protectStatefulResources = false;
    });
    const json = synthObject(buildExample(config).environments[0]);
    for (const secret of resourcesOf(json, 'aws_secretsmanager_secret')) {
      expect(secret.recovery_window_in_days).toBe(7);
      expect(secret.lifecycle).toEqual({ prevent_destroy: false });
    }
  });

  test('a service without secrets adds none', () => {
    const config = exampleConfig((raw) => {
      for (const s of raw.services) {
        delete s.secrets;
        if (s.build) delete s.build.secrets;
      }
    });
    const json = synthObject(buildExample(config).environments[0]);
    expect(resourcesOf(json, 'aws_secretsmanager_secret')).toEqual([]);
    expect(dataOf(json, 'aws_iam_policy_document').filter((d) => d.statement[0].sid === 'NamedRolesRead')).toEqual([]);
  });
});

describe('secret declarations that are refused', () => {
  const withSecret = (secret: Record<string, unknown>) => () =>
    exampleConfig((raw) => {
      raw.services[0].secrets = [secret];
    });
  const base = {
    name: 'token',
    purpose: 'A token',
    readers: { builds: ['build'] },
    rotation: { exempt: 'issued by a vendor without a rotation API' },
  };

  test.each([
    ['no reader', { ...base, readers: {} }, 'secrets[0].readers: must name at least one reader in builds or roles'],
    ['a value', { ...base, value: 'hunter2' }, 'secrets[0].value: secret values never belong in config'],
    ['rotation without a reason', { ...base, rotation: { exempt: 'no' } }, 'secrets[0].rotation'],
    ['a function ARN', { ...base, rotation: { functionName: 'arn:aws:lambda:x', executionRole: 'r', days: 30 } }, 'secrets[0].rotation'],
    ['a bad name', { ...base, name: 'Token!' }, 'secrets[0].name: must be 3-40 lower-case letters'],
  ])('%s', (_label, secret, message) => {
    expect(withSecret(secret)).toThrow(ConfigError);
    expect(withSecret(secret)).toThrow(message);
  });

  test('two secrets of one name in a service', () => {
    const build = () =>
      exampleConfig((raw) => {
        raw.services[0].secrets = [base, base];
      });
    expect(build).toThrow('environments/services.ts (service "orders-api"): secrets: secret names must be unique within a service');
  });

  test('a reader that is not a build purpose names file, service, field and the purposes allowed', () => {
    expect(() =>
      exampleConfig((raw) => {
        raw.services[0].secrets = [{ ...base, readers: { builds: ['integration-tests'] } }];
      }),
    ).toThrow(
      /environments\/services\.ts \(service "orders-api"\): secrets\[0\]\.readers\.builds\[0\]: Invalid option: expected one of "build"\|"unit-test"/,
    );
  });
});
