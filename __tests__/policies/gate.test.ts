import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { secNoLiteralSecrets } from '../../policies/rules/sec-no-literal-secrets';
import { applyPolicies, buildStackView, PolicyError, synthBehindGate } from '../../policies';
import { App, S3Backend, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable } from '../../modules/core';
import { synthesizePlatform } from '../../stacks';
import { minimalConfig } from '../support/config';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cicd-gate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A GitHub token's shape, assembled so that no scanner reads this file as holding one. */
const TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const BYPASS = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

/** Run `body` with the cdktf bypass variable set as the cdktf CLI sets it (`true`), then restore it. */
function withBypass<T>(body: () => T): T {
  const before = process.env[BYPASS];
  process.env[BYPASS] = 'true';
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env[BYPASS];
    else process.env[BYPASS] = before;
  }
}

/** An app of one stack whose provider's default tags hold a token, under the policy pack; synthesized into `outdir`. */
function appWithSecretInProvider(outdir: string): App {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, 'leaky');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { owner: TOKEN } }] });
  new S3Bucket(stack, 'bucket', { bucket: 'acme-gate-test' });
  applyPolicies(app, [secNoLiteralSecrets]);
  return app;
}

describe('the policy gate cannot be switched off', () => {
  test.each([
    ['unset', false],
    [`${BYPASS}=true (what the cdktf CLI sets for every synth)`, true],
  ])('an error finding fails the synth with a PolicyError, %s', (_label, bypass) => {
    const outdir = path.join(tmp, `app-${String(bypass)}`);
    const run = () => {
      const app = appWithSecretInProvider(outdir);
      synthBehindGate(app, () => app.synth());
    };
    let error: unknown;
    try {
      if (bypass) withBypass(run);
      else run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).findings.map((f) => f.path)).toEqual(['leaky/aws']);
  });

  test('the message says how to fix or suppress with a reason, never how to bypass', () => {
    const app = appWithSecretInProvider(path.join(tmp, 'app-message'));
    const error = (() => {
      try {
        synthBehindGate(app, () => app.synth());
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected the gate to refuse');
    })();
    expect(error.message).toMatch(/\[PLAT-SEC-001\] holds a secret-like value \(GitHub token: ghp_\*\*\*\*R8\)/);
    expect(error.message).toMatch(/suppress\(construct, "<RULE-ID>", "why"\)/);
    expect(error.message).not.toMatch(/CDKTF_|environment variable|ignore these annotations/);
  });

  test(`npm run synth with ${BYPASS}=true and a token in an environment's tags exits 1, names file and field, writes nothing`, () => {
    const dir = path.join(tmp, 'config');
    fs.cpSync(path.join(root, 'environments'), dir, { recursive: true });
    const file = path.join(dir, 'dev.ts');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace("tags: { environment: 'dev',", `tags: { 'deploy-token': '${TOKEN}', environment: 'dev',`),
    );
    const outdir = path.join(tmp, 'cli-out');
    const result = spawnSync(process.execPath, [path.join(root, 'tools/synth.js')], {
      cwd: root,
      env: { ...process.env, PLATFORM_CONFIG_DIR: dir, CDKTF_OUTDIR: outdir, [BYPASS]: 'true' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /environments\/dev\.ts \(environment "dev"\): tags\.deploy-token: \[PLAT-SEC-001\] holds a secret-like value/,
    );
    expect(result.stderr).not.toMatch(/CDKTF_CONTINUE/);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a token in config stops synthesizePlatform before any output, naming the service and field', () => {
    const config = minimalConfig((raw) => {
      raw.services[0].description = `Static files ${TOKEN}`;
    });
    const outdir = path.join(tmp, 'platform-out');
    expect(() => withBypass(() => synthesizePlatform(config, outdir))).toThrow(
      /environments\/services\.ts \(service "site", services\[0\]\): description: \[PLAT-SEC-001\]/,
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe('PLAT-SEC-001 reads every synthesized value', () => {
  /** The rule's findings over a stack built by `build`, by address. */
  function secretFindings(build: (stack: TerraformStack) => void): string[] {
    const app = new App({ outdir: path.join(tmp, 'unused'), stackTraces: false });
    const stack = new TerraformStack(app, 'subject');
    build(stack);
    const view = buildStackView('subject', stack.toTerraform() as Record<string, unknown>);
    return secNoLiteralSecrets.appliesTo.flatMap((type) =>
      (type === '*' ? view.resources : view.ofType(type)).flatMap((r) => secNoLiteralSecrets.check(r, view).map(() => r.address)),
    );
  }

  test.each<[string, (stack: TerraformStack) => void, string]>([
    [
      'a provider (default_tags)',
      (s) => new AwsProvider(s, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { t: TOKEN } }] }),
      'provider.aws',
    ],
    [
      'the backend',
      (s) => new S3Backend(s, { bucket: 'b', key: 'k', region: 'eu-west-1', accessKey: 'AKIA' + 'ABCDEFGHIJKLMNOP' }),
      'terraform.backend.s3',
    ],
    ['a variable default', (s) => new TerraformVariable(s, 'v', { type: 'string', default: TOKEN }), 'var.v'],
    ['an output', (s) => new TerraformOutput(s, 'o', { value: TOKEN }), 'output.o'],
    ['a local', (s) => new TerraformLocal(s, 'l', TOKEN), 'local.l'],
  ])('a token in %s is a finding', (_where, build, address) => {
    expect(secretFindings(build)).toEqual([address]);
  });

  test('a provider without a secret has no finding', () => {
    expect(
      secretFindings((s) => new AwsProvider(s, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { team: 'platform' } }] })),
    ).toEqual([]);
  });
});
