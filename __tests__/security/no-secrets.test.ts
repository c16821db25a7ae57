import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findSecretsInValue } from '../../policies/rules/secrets';
import { scanDirectoryForSecrets } from '../../tools/secret-scan';
import { exampleOutdir, exampleStackNames } from '../support/example';

// every planted file under one folder, removed after the tests
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'planted-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('no secrets in the synthesized output', () => {
  test('no file of any stack holds a token, key, private key or password', () => {
    // the example as `npm run synth` writes it (synthesized once for the run: support/global-setup.ts)
    const { files, secrets } = scanDirectoryForSecrets(exampleOutdir());
    expect(files).toBe(exampleStackNames().length + 2); // every stack, the manifest and the policy report
    expect(secrets).toEqual([]);
  });
});

describe('the secret scanner', () => {
  // Built by concatenation so that this file itself holds no complete token.
  const planted: Record<string, string> = {
    'AWS access key id': 'AKIA' + 'Z7Q4X2MPLW9RTB3K',
    'GitHub token': 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
    'GitHub fine-grained token': 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV',
    'private key': '-----BEGIN RSA ' + 'PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
    'Slack token': 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    'Slack webhook': 'https://hooks.slack.com/services/' + 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  };

  test.each(Object.entries(planted))('finds a planted %s in a synthesized file', (kind, secret) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
    fs.mkdirSync(path.join(dir, 'stacks', 'dev'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'stacks', 'dev', 'cdk.tf.json'),
      JSON.stringify({ resource: { aws_ssm_parameter: { p: { name: '/acme/x', value: secret } } } }),
    );
    const { secrets } = scanDirectoryForSecrets(dir);
    expect(secrets.map((s) => [s.file, s.kind])).toContainEqual([path.join('stacks', 'dev', 'cdk.tf.json'), kind]);
    expect(secrets.every((s) => !s.excerpt.includes(secret))).toBe(true);
  });

  test('finds a literal random value under a credential-like key', () => {
    expect(findSecretsInValue({ config: { client_secret: 'q8Zr2LkP0vX7mN4tB6wY1sD9' } })).toEqual([
      { kind: 'literal value of "client_secret"', excerpt: 'q8Zr****D9' },
    ]);
    expect(findSecretsInValue({ password: 'Tr0ub4dor&3-horse-staple-9' }).length).toBe(1);
    expect(findSecretsInValue({ secret_string: '{"key":"9fQ2xL7pR4tV8wZ1"}' }).map((s) => s.kind)).toEqual([
      'literal value of "secret_string"',
    ]);
    expect(findSecretsInValue({ plaintext_value: 'S3cr3tV4lu3-0f-4-Gh-S3cr3t' }).length).toBe(1);
    expect(findSecretsInValue({ secret_string: 'REPLACE-ME-OUT-OF-BAND' })).toEqual([]);
  });

  test('ignores references, ARNs, names and construct hashes', () => {
    expect(
      findSecretsInValue({
        secret_arn: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:github-app-AbC123',
        token: '${aws_secretsmanager_secret_version.github.secret_string}',
        secret_name: 'acme-dev-github-app-private-key',
        kms_key_id: 'arn:aws:kms:eu-west-1:222222222222:key/11111111-2222-3333-4444-555555555555',
        '//': { metadata: { uniqueId: 'state-backend_key_policy_E53C510A' } },
        password_length: 32,
      }),
    ).toEqual([]);
  });
});
