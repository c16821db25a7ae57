import { ConfigError, type PlatformConfig } from '../../model';
import { Testing } from '../../modules/core';
import { buildPlatform, type PlatformStacks } from '../../stacks';
import fixture from '../fixtures/secrets';
import { scenarioConfig, type RawConfig } from '../support/config';
import { dataOf, resourcesOf, synthObject } from '../support/synth';

// Service secrets, on their scenario fixture (__tests__/fixtures/secrets/: dev, then prod; two services that
// declare every kind of secret). The live catalogue is checked by invariants only.

type Raw = RawConfig;

function config(mutate?: (raw: Raw) => void): PlatformConfig {
  return scenarioConfig(fixture, mutate);
}

function build(mutate?: (raw: Raw) => void): PlatformStacks {
  return buildPlatform(Testing.app({ stackTraces: false }), config(mutate));
}

const ACCOUNT: Record<string, string> = { dev: '100000000002', prod: '100000000003' };
const stacks = build();
const stackOf = (all: PlatformStacks, env: string) => all.environments.find((s) => s.environment.name === env)!;
const synthesized = new Map(Object.keys(ACCOUNT).map((env) => [env, synthObject(stackOf(stacks, env))]));
const terraform = (env: string) => structuredClone(synthesized.get(env)!);

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

const role = (env: string, name: string) => `arn:aws:iam::${ACCOUNT[env]}:role/${name}`;

describe('service secrets', () => {
  const tf = terraform('dev');

  test('each declared secret exists once per environment, named <prefix>/<env>/<service>/<secret>, with its purpose', () => {
    expect(
      resourcesOf(tf, 'aws_secretsmanager_secret')
        .map((s) => [s.name, s.description])
        .sort(),
    ).toEqual([
      ['mini/dev/hooks/sandbox-key', 'API key of the provider sandbox, used by the unit tests'],
      ['mini/dev/hooks/signing-key', 'Signing secret of the webhook calls'],
      ['mini/dev/ledger/db-credentials', 'Database credentials (unit tests and the running task)'],
      ['mini/dev/ledger/registry-token', 'Read-only token of the package registry, used by the build'],
    ]);
  });

  test('every secret is encrypted with the environment key and kept 30 days after deletion', () => {
    const keyRef = /^\$\{aws_kms_key\.key_[A-F0-9]+\.arn\}$/;
    for (const secret of resourcesOf(tf, 'aws_secretsmanager_secret')) {
      expect(secret.kms_key_id).toMatch(keyRef);
      expect(secret.recovery_window_in_days).toBe(30);
      expect(secret.lifecycle).toEqual({ prevent_destroy: true });
    }
    expect(Object.keys(tf.resource.aws_kms_key)).toHaveLength(1);
  });

  test('the resource policy lets exactly the named roles read, and denies every other principal', () => {
    const { document, policy } = secretPolicy(tf, 'mini/dev/ledger/db-credentials');
    expect(policy.block_public_policy).toBe(true);
    const readers = [role('dev', 'mini-dev-ledger-unit-cb'), role('dev', 'mini-ledger-task-execution')];
    expect(document.statement).toEqual([
      {
        sid: 'NamedRolesRead',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT.dev}:root`] }],
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
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...readers, role('dev', 'mini-secrets-rotation')] }],
      },
    ]);
  });

  test.each([
    ['mini/dev/ledger/registry-token', ['mini-dev-ledger-build-cb']],
    ['mini/dev/hooks/signing-key', ['mini-hooks-runtime']],
  ])('%s is readable only by %j (no rotation role)', (name, roles) => {
    const readers = roles.map((r) => role('dev', r));
    const { document } = secretPolicy(tf, name);
    expect(document.statement[0].condition[0].values).toEqual(readers);
    expect(document.statement[1].condition[0].values).toEqual(readers);
  });

  test('a rotated secret rotates with the named function of its own account, after the configured days', () => {
    const { secretId } = secretPolicy(tf, 'mini/dev/ledger/db-credentials');
    const [rotation] = resourcesOf(tf, 'aws_secretsmanager_secret_rotation');
    expect(rotation).toMatchObject({
      secret_id: `\${aws_secretsmanager_secret.${secretId}.id}`,
      rotation_lambda_arn: `arn:aws:lambda:eu-west-1:${ACCOUNT.dev}:function:mini-secrets-rotation-postgres`,
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: false,
    });
    const [permission] = resourcesOf(tf, 'aws_lambda_permission');
    expect(permission).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: `arn:aws:lambda:eu-west-1:${ACCOUNT.dev}:function:mini-secrets-rotation-postgres`,
      principal: 'secretsmanager.amazonaws.com',
      source_arn: `\${aws_secretsmanager_secret.${secretId}.arn}`,
      statement_id: 'secretsmanager-mini-dev-ledger-db-credentials',
    });
    expect(rotation.depends_on).toEqual([expect.stringMatching(/^aws_lambda_permission\./)]);
  });

  test('an exempt secret has no rotation, and its reason is in the policy report as the suppression', () => {
    const reasons = (env: string) =>
      stacks.report.findings.filter((f) => f.stack === env && f.ruleId === 'PLAT-SM-002').map((f) => f.suppressedBecause);
    const exempt = (secret: string) =>
      `rotation exempt (environments/services.ts, ${secret}): ${fixture.services.flatMap((s) => s.secrets.map((x) => [`${s.name}/${x.name}`, x.rotation] as const)).find(([n]) => n === secret)![1].exempt}`;
    expect(reasons('dev')).toEqual([exempt('hooks/sandbox-key'), exempt('hooks/signing-key'), exempt('ledger/registry-token')]);
    // the registry token (read by the build) and the sandbox key (unit tests) exist in the first environment alone
    expect(reasons('prod')).toEqual([exempt('hooks/signing-key')]);
  });

  test('a secret read only by builds the first environment runs exists there alone (no reader role elsewhere)', () => {
    // hooks/sandbox-key: readers { builds: ['unit-test'] }; unit tests run in the first environment only
    const names = (env: string) =>
      resourcesOf(terraform(env), 'aws_secretsmanager_secret')
        .map((s) => s.name)
        .filter((n: string) => n.includes('/hooks/'))
        .sort();
    expect(names('dev')).toEqual(['mini/dev/hooks/sandbox-key', 'mini/dev/hooks/signing-key']);
    expect(names('prod')).toEqual(['mini/prod/hooks/signing-key']);
  });

  test('no secret of any environment names a build role that environment does not have', () => {
    let checked = 0;
    for (const [env, account] of Object.entries(ACCOUNT)) {
      const envTf = terraform(env);
      const roles = new Set(resourcesOf(envTf, 'aws_iam_role').map((r) => `arn:aws:iam::${account}:role/${r.name}`));
      const buildReaders = resourcesOf(envTf, 'aws_secretsmanager_secret').flatMap((s) => {
        const { document } = secretPolicy(envTf, s.name);
        return (document.statement[0].condition[0].values as string[]).filter((arn) => /-cb$/.test(arn));
      });
      checked += buildReaders.length;
      expect([env, buildReaders.filter((arn) => !roles.has(arn))]).toEqual([env, []]);
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('stack.secrets gives each secret ARN by reference, and read statements scoped to them', () => {
    const stack = stackOf(stacks, 'dev');
    expect(stack.secrets.keys).toEqual(['hooks/sandbox-key', 'hooks/signing-key', 'ledger/db-credentials', 'ledger/registry-token']);
    expect(stack.secrets.arnOf('ledger', 'registry-token')).toBe(stack.secrets.get('ledger', 'registry-token').arn);
    expect(stack.secrets.readStatements('ledger', ['registry-token'], 'KEY', 'eu-west-1')).toEqual([
      {
        sid: 'ReadSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: [stack.secrets.arnOf('ledger', 'registry-token')],
      },
      {
        sid: 'DecryptSecrets',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: ['KEY'],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.eu-west-1.amazonaws.com'] }],
      },
    ]);
    expect(() => stack.secrets.arnOf('ledger', 'nope')).toThrow(
      'environment "dev": service "ledger" declares no secret "nope" in environments/services.ts (its secrets: db-credentials, registry-token)',
    );
  });

  test('a throw-away environment keeps deleted secrets 7 days and does not protect them', () => {
    const json = synthObject(
      stackOf(
        build((raw) => (raw.environments.dev.protectStatefulResources = false)),
        'dev',
      ),
    );
    const secrets = resourcesOf(json, 'aws_secretsmanager_secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(secret.recovery_window_in_days).toBe(7);
      expect(secret.lifecycle).toEqual({ prevent_destroy: false });
    }
  });

  test('a service without secrets adds none', () => {
    const json = synthObject(
      stackOf(
        build((raw) => {
          for (const s of raw.services) {
            delete s.secrets;
            if (s.build) delete s.build.secrets;
          }
        }),
        'dev',
      ),
    );
    expect(resourcesOf(json, 'aws_secretsmanager_secret')).toEqual([]);
    expect(dataOf(json, 'aws_iam_policy_document').filter((d) => d.statement[0].sid === 'NamedRolesRead')).toEqual([]);
  });
});

describe('secret declarations that are refused', () => {
  const withSecret = (secret: Record<string, unknown>) => () =>
    config((raw) => {
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
    expect(() => config((raw) => (raw.services[0].secrets = [base, base]))).toThrow(
      'environments/services.ts (service "ledger"): secrets: secret names must be unique within a service',
    );
  });

  test('a reader that is not a build purpose names file, service, field and the purposes allowed', () => {
    expect(() => config((raw) => (raw.services[0].secrets = [{ ...base, readers: { builds: ['integration-tests'] } }]))).toThrow(
      /environments\/services\.ts \(service "ledger"\): secrets\[0\]\.readers\.builds\[0\]: Invalid option: expected one of "build"\|"unit-test"/,
    );
  });
});
