/**
 * Bad input, property-based: every invalid configuration fast-check generates (wrong types, out-of-range
 * numbers, bad names, missing fields, unknown keys, broken cross-references) ends in exactly one
 * ConfigError whose message names the file and the field. A sample goes through the real CLI: non-zero
 * exit, one message, no stack trace, and no cdktf.out written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { ConfigError, parseConfig, type RawPlatformConfig } from '../../model';
import { rawExample } from '../support/config';
import { writeConfigDir } from '../support/config-dir';

type Raw = ReturnType<typeof rawExample>;
type Json = Record<string, any>;

/** A broken configuration: what to do to the example data, and what the error must name. */
interface Breakage {
  readonly describe: string;
  readonly apply: (raw: Raw) => void;
  /** The file the message must start with. */
  readonly file: string;
  /** Text the message must contain (the field, key or value at fault). */
  readonly names: string;
}

const ENVIRONMENTS = ['dev', 'test', 'staging', 'prod'] as const;
const ROOT = path.resolve(__dirname, '../..');
const FILE = {
  organisation: 'environments/organisation.ts',
  services: 'environments/services.ts',
  environment: (name: string) => `environments/${name}.ts`,
};

/** Leaf fields of each file, by dotted path, with the schema's kind of value. */
const ENVIRONMENT_FIELDS: Readonly<Record<string, 'string' | 'number' | 'boolean' | 'array' | 'object'>> = {
  name: 'string',
  'account.id': 'string',
  'account.region': 'string',
  'account.deployRoleName': 'string',
  'approval.required': 'boolean',
  'approval.reviewerTeams': 'array',
  'approval.reviewerUsers': 'array',
  'approval.waitTimerMinutes': 'number',
  'build.computeType': 'string',
  'build.lightComputeType': 'string',
  'build.architecture': 'string',
  'build.timeoutMinutes': 'number',
  'build.queuedTimeoutMinutes': 'number',
  'build.concurrentBuildLimit': 'number',
  logRetentionDays: 'number',
  artifactRetentionDays: 'number',
  'alarms.errorRatePercent': 'number',
  'alarms.http5xxCount': 'number',
  'alarms.p99LatencyMs': 'number',
  'alarms.evaluationPeriods': 'number',
  'alarms.periodSeconds': 'number',
  pipelineExecutionMode: 'string',
  notificationEmails: 'array',
  protectStatefulResources: 'boolean',
  tags: 'object',
};
const ORGANISATION_FIELDS: Readonly<Record<string, 'string' | 'number' | 'boolean' | 'array' | 'object'>> = {
  prefix: 'string',
  partition: 'string',
  'management.accountId': 'string',
  'management.region': 'string',
  'management.deployRoleName': 'string',
  'github.owner': 'string',
  'github.platformRepository': 'string',
  'stateBackend.bucketName': 'string',
  'stateBackend.lockTableName': 'string',
  'stateBackend.kmsKeyAlias': 'string',
  'stateBackend.roleName': 'string',
  'stateBackend.locking': 'string',
  'stateBackend.noncurrentVersionRetentionDays': 'number',
  'stateBackend.bootstrapMigrated': 'boolean',
  promotionOrder: 'array',
  tags: 'object',
};
const SERVICE_FIELDS: Readonly<Record<string, 'string'>> = { name: 'string', description: 'string', team: 'string', repository: 'string' };

/** Fields without a default: deleting one is an error. */
const REQUIRED = {
  environment: [
    'name',
    'account',
    'account.id',
    'account.region',
    'account.deployRoleName',
    'approval',
    'approval.required',
    'build',
    'build.computeType',
    'build.lightComputeType',
    'logRetentionDays',
    'artifactRetentionDays',
    'alarms',
    'alarms.errorRatePercent',
    'alarms.http5xxCount',
    'alarms.p99LatencyMs',
    'pipelineExecutionMode',
  ],
  organisation: [
    'prefix',
    'management',
    'management.accountId',
    'management.region',
    'github',
    'github.owner',
    'stateBackend',
    'stateBackend.bucketName',
    'stateBackend.lockTableName',
    'stateBackend.kmsKeyAlias',
    'stateBackend.roleName',
    'promotionOrder',
  ],
  service: ['name', 'description', 'team'],
};

/** Numeric fields and the values they allow. */
const NUMBER_RANGES: readonly { path: string; min: number; max: number; integer: boolean }[] = [
  { path: 'approval.waitTimerMinutes', min: 0, max: 43200, integer: true },
  { path: 'build.timeoutMinutes', min: 5, max: 2160, integer: true },
  { path: 'build.queuedTimeoutMinutes', min: 5, max: 480, integer: true },
  { path: 'build.concurrentBuildLimit', min: 1, max: 100, integer: true },
  { path: 'artifactRetentionDays', min: 1, max: 3650, integer: true },
  { path: 'alarms.errorRatePercent', min: 0.1, max: 100, integer: false },
  { path: 'alarms.http5xxCount', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
  { path: 'alarms.p99LatencyMs', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
  { path: 'alarms.evaluationPeriods', min: 1, max: 100, integer: true },
];

/** Named fields and the pattern a valid value matches. */
const NAME_PATTERNS: readonly { where: 'environment' | 'organisation' | 'service'; path: string; valid: RegExp }[] = [
  { where: 'environment', path: 'account.id', valid: /^\d{12}$/ },
  { where: 'environment', path: 'account.region', valid: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/ },
  { where: 'environment', path: 'account.deployRoleName', valid: /^[A-Za-z0-9+=,.@_-]{1,64}$/ },
  { where: 'organisation', path: 'prefix', valid: /^[a-z][a-z0-9]{1,9}$/ },
  { where: 'organisation', path: 'stateBackend.bucketName', valid: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/ },
  { where: 'organisation', path: 'stateBackend.lockTableName', valid: /^[A-Za-z0-9_.-]{3,255}$/ },
  { where: 'organisation', path: 'github.owner', valid: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/ },
  { where: 'organisation', path: 'management.accountId', valid: /^\d{12}$/ },
  { where: 'service', path: 'name', valid: /^[a-z][a-z0-9-]{1,24}[a-z0-9]$/ },
  { where: 'service', path: 'team', valid: /^[a-z0-9][a-z0-9-]{0,99}$/ },
  { where: 'service', path: 'repository', valid: /^[A-Za-z0-9._-]{1,100}$/ },
];

function setAt(data: Json, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  const parent = keys.slice(0, -1).reduce<Json>((acc, key) => acc[key], data);
  parent[keys[keys.length - 1]] = value;
}

function deleteAt(data: Json, dotted: string): void {
  const keys = dotted.split('.');
  const parent = keys.slice(0, -1).reduce<Json>((acc, key) => acc[key], data);
  delete parent[keys[keys.length - 1]];
}

/** Which file's data a breakage touches, and how to reach it. */
const target = fc.oneof(
  fc.constantFrom(...ENVIRONMENTS).map((env) => ({
    where: 'environment' as const,
    file: FILE.environment(env),
    get: (raw: Raw) => raw.environments[env],
  })),
  fc.constant({ where: 'organisation' as const, file: FILE.organisation, get: (raw: Raw) => raw.organisation }),
  fc.integer({ min: 0, max: 2 }).map((index) => ({
    where: 'service' as const,
    file: FILE.services,
    get: (raw: Raw) => raw.services[index],
  })),
);

function fieldsOf(where: 'environment' | 'organisation' | 'service'): Readonly<Record<string, string>> {
  return where === 'environment' ? ENVIRONMENT_FIELDS : where === 'organisation' ? ORGANISATION_FIELDS : SERVICE_FIELDS;
}

/** A value of any kind but `kind`. */
function wrongValue(kind: string): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `x${s}`),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
    boolean: fc.boolean(),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    object: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 5 }).map((k) => `k${k}`),
      fc.integer(),
      { maxKeys: 2 },
    ),
    null: fc.constant(null),
  };
  return fc.oneof(
    ...Object.entries(all)
      .filter(([k]) => k !== kind && !(kind === 'object' && k === 'array'))
      .map(([, a]) => a),
  );
}

const wrongTypes: fc.Arbitrary<Breakage> = target.chain((t) =>
  fc.constantFrom(...Object.keys(fieldsOf(t.where))).chain((field) =>
    wrongValue(fieldsOf(t.where)[field]).map((value) => ({
      describe: `${t.file}: ${field} = ${JSON.stringify(value)}`,
      apply: (raw: Raw) => setAt(t.get(raw), field, value),
      file: t.file,
      names: field,
    })),
  ),
);

const outOfRange: fc.Arbitrary<Breakage> = fc
  .tuple(fc.constantFrom(...ENVIRONMENTS), fc.constantFrom(...NUMBER_RANGES))
  .chain(([env, range]) =>
    fc
      .oneof(
        fc.double({ max: range.min, maxExcluded: true, noNaN: true }).filter((v) => v < range.min), // not -0
        fc.double({ min: range.max, minExcluded: true, noNaN: true }).filter((v) => v > range.max),
        ...(range.integer
          ? [fc.double({ min: range.min, max: Math.min(range.max, 1e6), noNaN: true }).filter((v) => !Number.isInteger(v))]
          : []),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      )
      .map((value) => ({
        describe: `${FILE.environment(env)}: ${range.path} = ${value}`,
        apply: (raw: Raw) => setAt(raw.environments[env], range.path, value),
        file: FILE.environment(env),
        names: range.path,
      })),
  );

const badNames: fc.Arbitrary<Breakage> = fc.constantFrom(...NAME_PATTERNS).chain((pattern) =>
  fc
    .tuple(fc.string({ maxLength: 70 }), fc.constantFrom(...ENVIRONMENTS), fc.integer({ min: 0, max: 2 }))
    .filter(([value]) => !pattern.valid.test(value))
    .map(([value, env, index]) => {
      const file =
        pattern.where === 'environment' ? FILE.environment(env) : pattern.where === 'organisation' ? FILE.organisation : FILE.services;
      return {
        describe: `${file}: ${pattern.path} = ${JSON.stringify(value)}`,
        apply: (raw: Raw) =>
          setAt(
            pattern.where === 'environment'
              ? raw.environments[env]
              : pattern.where === 'organisation'
                ? raw.organisation
                : raw.services[index],
            pattern.path,
            value,
          ),
        file,
        names: pattern.path,
      };
    }),
);

const missingFields: fc.Arbitrary<Breakage> = target.chain((t) =>
  fc.constantFrom(...REQUIRED[t.where]).map((field) => ({
    describe: `${t.file}: without ${field}`,
    apply: (raw: Raw) => deleteAt(t.get(raw), field),
    file: t.file,
    names: field,
  })),
);

const unknownKeys: fc.Arbitrary<Breakage> = target.chain((t) => {
  const objects =
    t.where === 'environment'
      ? ['', 'account', 'approval', 'build', 'alarms']
      : t.where === 'organisation'
        ? ['', 'management', 'github', 'stateBackend']
        : [''];
  return fc
    .tuple(fc.constantFrom(...objects), fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/), fc.jsonValue({ maxDepth: 2 }))
    .map(([at, key, value]) => ({
      describe: `${t.file}: ${at ? `${at}.` : ''}${key}X added`,
      apply: (raw: Raw) => {
        const object = at === '' ? t.get(raw) : t.get(raw)[at];
        object[`${key}X`] = value; // the suffix keeps it clear of every real field name
      },
      file: t.file,
      names: `"${key}X"`,
    }));
});

const ANOTHER_NAME = fc.stringMatching(/^[a-z][a-z0-9]{1,11}$/).filter((n) => !(ENVIRONMENTS as readonly string[]).includes(n));

const brokenReferences: fc.Arbitrary<Breakage> = fc.oneof(
  ANOTHER_NAME.map((name) => ({
    describe: `promotionOrder names missing environment ${name}`,
    apply: (raw: Raw) => raw.organisation.promotionOrder.push(name),
    file: FILE.organisation,
    names: `promotionOrder: names "${name}", but environments/${name}.ts does not exist`,
  })),
  fc.constantFrom(...ENVIRONMENTS).map((env) => ({
    describe: `promotionOrder names ${env} twice`,
    apply: (raw: Raw) => raw.organisation.promotionOrder.push(env),
    file: FILE.organisation,
    names: `promotionOrder: names "${env}" more than once`,
  })),
  fc.constantFrom('dev', 'test', 'staging').map((env) => ({
    describe: `promotionOrder leaves out ${env}`,
    apply: (raw: Raw) => (raw.organisation.promotionOrder = raw.organisation.promotionOrder.filter((e: string) => e !== env)),
    file: FILE.organisation,
    names: `promotionOrder: does not name "${env}"`,
  })),
  fc.tuple(fc.constantFrom(...ENVIRONMENTS), ANOTHER_NAME).map(([env, name]) => ({
    describe: `${env}.ts says its name is ${name}`,
    apply: (raw: Raw) => (raw.environments[env].name = name),
    file: FILE.environment(env),
    names: `name: must equal the file name "${env}"`,
  })),
  fc
    .tuple(fc.constantFrom(...ENVIRONMENTS), fc.constantFrom(...ENVIRONMENTS))
    .filter(([a, b]) => ENVIRONMENTS.indexOf(a) < ENVIRONMENTS.indexOf(b))
    .map(([first, second]) => ({
      describe: `${second} shares ${first}'s account`,
      apply: (raw: Raw) => (raw.environments[second].account.id = raw.environments[first].account.id),
      file: FILE.environment(second),
      names: `account.id: ${['222222222222', '333333333333', '444444444444', '555555555555'][ENVIRONMENTS.indexOf(first)]} is already the account of "${first}"`,
    })),
  fc.integer({ min: 0, max: 2 }).map((index) => ({
    describe: `service ${index} appears twice`,
    apply: (raw: Raw) => raw.services.push({ ...raw.services[index] }),
    file: FILE.services,
    names: 'service names must be unique',
  })),
  fc.constant({
    describe: 'prod without approval',
    apply: (raw: Raw) => (raw.environments.prod.approval = { required: false }),
    file: FILE.environment('prod'),
    names: 'approval.required: must be true for the last environment',
  }),
  fc.constantFrom('staging', 'prod').map((env) => ({
    describe: `${env} requires approval from nobody`,
    apply: (raw: Raw) => (raw.environments[env].approval = { required: true, reviewerTeams: [], reviewerUsers: [] }),
    file: FILE.environment(env),
    names: 'approval: needs at least one entry in reviewerTeams or reviewerUsers',
  })),
);

const CATEGORIES: readonly [string, fc.Arbitrary<Breakage>, number][] = [
  ['wrong types', wrongTypes, 300],
  ['out-of-range numbers', outOfRange, 200],
  ['bad names', badNames, 200],
  ['missing fields', missingFields, 150],
  ['unknown keys', unknownKeys, 150],
  ['broken cross-references', brokenReferences, 150],
];

/** The error `breakage` produces; fails the test when it produces none or something other than a ConfigError. */
function errorOf(breakage: Breakage): ConfigError {
  const raw = rawExample();
  breakage.apply(raw);
  try {
    parseConfig(raw as RawPlatformConfig);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw new Error(`${breakage.describe}: threw ${String(error)}, not a ConfigError`);
    return error;
  }
  throw new Error(`${breakage.describe}: was accepted`);
}

let tried = 0;

describe('every invalid configuration ends in one ConfigError naming the file and the field', () => {
  test.each(CATEGORIES)('%s', (_name, arbitrary, numRuns) => {
    fc.assert(
      fc.property(arbitrary, (breakage) => {
        tried += 1;
        const { message } = errorOf(breakage);
        // the breakage first; what it breaks elsewhere after it, one problem per line, each naming its file
        const [first, ...rest] = message.split('\n');
        expect(first.startsWith(breakage.file)).toBe(true);
        expect(first).toContain(breakage.names);
        expect(rest.every((line) => /^environments\/[a-z0-9-]+\.ts[ :]/.test(line))).toBe(true);
        expect(message).not.toMatch(/\n\s+at /);
      }),
      { numRuns, seed: 8 },
    );
  });

  afterAll(() => {
    expect(tried).toBe(CATEGORIES.reduce((sum, [, , n]) => sum + n, 0));
  });
});

describe('the CLI on an invalid configuration', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-config-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A config folder of the example fixture's data with one data file overwritten by `content`. */
  function brokenConfigDir(file: string, content: string): string {
    const dir = writeConfigDir(path.join(fs.mkdtempSync(path.join(tmp, 'case-')), 'environments'), rawExample());
    fs.writeFileSync(path.join(dir, path.basename(file)), content);
    return dir;
  }

  function dataFile(breakage: Breakage): string {
    const raw = rawExample();
    breakage.apply(raw);
    const base = path.basename(breakage.file, '.ts');
    const data = base === 'organisation' ? raw.organisation : base === 'services' ? raw.services : raw.environments[base];
    return `// written by bad-input.test.ts\nexport default ${JSON.stringify(data, null, 2)};\n`;
  }

  const samples: [string, string, string, string][] = [
    ...[wrongTypes, missingFields, brokenReferences].map((arbitrary): [string, string, string, string] => {
      const [breakage] = fc.sample(arbitrary, { numRuns: 1, seed: 42 });
      return [breakage.describe, breakage.file, dataFile(breakage), breakage.file];
    }),
    [
      'a file that does not parse',
      FILE.environment('test'),
      'export default { name: "test", \n',
      'environments/test.ts: could not be loaded',
    ],
  ];

  test.each(samples)('%s: exits non-zero with one message, no stack trace, no output', (_name, file, content, expected) => {
    const configDir = brokenConfigDir(file, content);
    const outdir = path.join(path.dirname(configDir), 'cdktf.out');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'tools/synth.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr.startsWith(`Synth failed: ${expected}`)).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(path.dirname(configDir))).toEqual(['environments']); // no cdktf.out, no staging dir
  });
});
