import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, parseConfig, resolveModel, type RawPlatformConfig } from '../../model';
import { synthesizePlatform } from '../../stacks';
import { rawExample } from '../support/config';

type Raw = ReturnType<typeof rawExample>;

/** Drop every key named like `dropped` (per-environment maps), except in a listener pair ({ production, test }). */
function withoutEnvironments(value: unknown, dropped: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutEnvironments(v, dropped));
  if (value === null || typeof value !== 'object') return value;
  const listenerPair = 'production' in value;
  const entries = Object.entries(value)
    .filter(([key]) => listenerPair || !dropped.includes(key))
    .map(([key, v]) => [
      key,
      key === 'environments' && Array.isArray(v) ? v.filter((e) => !dropped.includes(e)) : withoutEnvironments(v, dropped),
    ]);
  return Object.fromEntries(entries);
}

/** The example with only the first environment of its promotion order: that environment is production. */
function onlyFirstEnvironment(fix?: (raw: Raw) => void): Raw {
  const raw = rawExample();
  const [first, ...dropped] = raw.organisation.promotionOrder as string[];
  raw.organisation.promotionOrder = [first];
  raw.environments = { [first]: raw.environments[first] };
  raw.services = withoutEnvironments(raw.services, dropped) as Raw['services'];
  fix?.(raw);
  return raw;
}

/** What production needs of a first environment configured like a development one. */
function asProduction(raw: Raw): void {
  const first = raw.organisation.promotionOrder[0] as string;
  const env = raw.environments[first];
  env.approval = {
    required: true,
    reviewerTeams: [raw.organisation.sourceControl.teams[0].slug],
    approverRoleArns: [`arn:aws:iam::${env.account.id}:role/approvers`],
  };
  env.logRetentionDays = 365;
  env.protectStatefulResources = true;
}

function problemsOf(raw: Raw): string[] {
  try {
    parseConfig(raw as RawPlatformConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected the configuration to be rejected');
}

describe('with a single environment, that environment is production', () => {
  test('the model says so: it is first and production', () => {
    const model = resolveModel(parseConfig(onlyFirstEnvironment(asProduction) as RawPlatformConfig));
    expect(model.environments).toHaveLength(1);
    expect(model.first).toBe(model.production);
    expect(model.environments[0]).toMatchObject({ first: true, production: true });
  });

  // The bug: validation exempted a single environment, then synth refused its pipelines (PLAT-PIPE-001).
  test.each<[string, (raw: Raw) => void, RegExp]>([
    [
      'no approval',
      (raw) => (raw.environments[raw.organisation.promotionOrder[0]].approval = { required: false }),
      /^environments\/[a-z0-9]+\.ts \(environment "[a-z0-9]+"\): approval\.required: must be true for the last environment of the promotion order, since "[a-z0-9]+" is production \(the last environment of promotionOrder, and its only one\)/,
    ],
    [
      'development log retention',
      (raw) => (raw.environments[raw.organisation.promotionOrder[0]].logRetentionDays = 14),
      /^environments\/[a-z0-9]+\.ts \(environment "[a-z0-9]+"\): logRetentionDays: must be at least 365, since "[a-z0-9]+" is production .* \(got 14\)$/,
    ],
    [
      'unprotected state',
      (raw) => (raw.environments[raw.organisation.promotionOrder[0]].protectStatefulResources = false),
      /^environments\/[a-z0-9]+\.ts \(environment "[a-z0-9]+"\): protectStatefulResources: must be true, since "[a-z0-9]+" is production/,
    ],
  ])('is rejected at validation with %s', (_label, spoil, expected) => {
    const lines = problemsOf(
      onlyFirstEnvironment((raw) => {
        asProduction(raw);
        spoil(raw);
      }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });

  test('a development-like single environment: every problem is reported at once', () => {
    const lines = problemsOf(onlyFirstEnvironment());
    expect(lines.filter((l) => /: approval\.required: /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /: logRetentionDays: /.test(l))).toHaveLength(1);
  });

  test('once validation accepts it, synth passes the policy pack', () => {
    const config = parseConfig(onlyFirstEnvironment(asProduction) as RawPlatformConfig);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-single-environment-'));
    try {
      const result = synthesizePlatform(config, path.join(dir, 'out'));
      expect(result.stacks).toContain(config.environments[0].name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validation reports every problem at once', () => {
  test('problems of different cross-file checks, in one error', () => {
    const lines = problemsOf(
      (() => {
        const raw = rawExample();
        const [first, second] = raw.organisation.promotionOrder as string[];
        raw.environments[second].account.id = raw.environments[first].account.id;
        raw.services[0].team = 'ghosts';
        return raw;
      })(),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/: account\.id: \d+ is already the account of "[a-z0-9]+"/),
        expect.stringMatching(/: team: names team "ghosts"/),
      ]),
    );
  });

  test('schema problems of an environment file and of the catalogue, in one error', () => {
    const lines = problemsOf(
      (() => {
        const raw = rawExample();
        raw.environments[raw.organisation.promotionOrder[0] as string].logRetentionDays = 'long';
        raw.services[0].build = { ...raw.services[0].build, ecosystem: 'cobol' };
        return raw;
      })(),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^environments\/[a-z0-9]+\.ts \(environment "[a-z0-9]+"\): logRetentionDays: /),
        expect.stringMatching(/^environments\/services\.ts \(service "[a-z0-9-]+"\): build\.ecosystem: /),
      ]),
    );
  });
});
