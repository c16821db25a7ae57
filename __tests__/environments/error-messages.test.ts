/**
 * Errors a newcomer meets first say the fix: one line naming the file, the field and what to do. Each case
 * changes the example configuration in one place; names of environments and services come from the data,
 * so the cases hold for any valid catalogue.
 */
import { ConfigError, parseConfig, type RawPlatformConfig } from '../../model';
import { rawExample } from '../support/config';

type Raw = ReturnType<typeof rawExample>;

/** The message the changed configuration is rejected with; fails when it is accepted or fails otherwise. */
function messageOf(mutate: (raw: Raw) => void): string {
  const raw = rawExample();
  mutate(raw);
  try {
    parseConfig(raw as RawPlatformConfig);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
  throw new Error('expected the configuration to be rejected');
}

/** The last environment of the promotion order (production) and the one before it. */
function lastTwo(raw: Raw): { production: string; before: string } {
  const order: string[] = raw.organisation.promotionOrder;
  return { production: order[order.length - 1], before: order[order.length - 2] };
}

/** Production placed before the environment that precedes it, each otherwise as the example has them. */
function swapLastTwo(raw: Raw): void {
  const order: string[] = raw.organisation.promotionOrder;
  const n = order.length;
  [order[n - 2], order[n - 1]] = [order[n - 1], order[n - 2]];
}

describe('an environment laxer than one before it names promotionOrder and the fix', () => {
  test('production placed before the environment before it: one line, the field that gives it away, the order to use', () => {
    let names = { production: '', before: '' };
    const message = messageOf((raw) => {
      names = lastTwo(raw);
      raw.environments[names.before].logRetentionDays = 90;
      raw.environments[names.production].logRetentionDays = 365;
      raw.environments[names.before].approval = { required: true, reviewerTeams: [raw.organisation.sourceControl.platformTeam] };
      swapLastTwo(raw);
    });
    // production's own retention rule (model/config.ts) or the order rule: either way one line naming promotionOrder
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('promotionOrder');
    expect(message).toContain(`"${names.before}"`);
  });

  /** Ways to make one environment laxer than every one before it, in only the field named. */
  const loosenings: [string, string, (earlier: Record<string, any>, middle: Record<string, any>, team: string) => void][] = [
    [
      'log retention',
      'logRetentionDays',
      (earlier, middle) => {
        earlier.approval = structuredClone(middle.approval);
        earlier.logRetentionDays = 7;
        middle.logRetentionDays = 1;
      },
    ],
    [
      'approval',
      'approval.required',
      (earlier, middle, team) => {
        earlier.approval = { required: true, reviewerTeams: [team] };
        earlier.logRetentionDays = 1;
        middle.approval = { required: false };
      },
    ],
  ];

  test.each(loosenings)(
    '%s that drops in a middle environment names promotionOrder, the field and the file to change',
    (_name, field, loosen) => {
      let middle = '';
      const message = messageOf((raw) => {
        const order: string[] = raw.organisation.promotionOrder;
        middle = order[1];
        loosen(raw.environments[order[0]], raw.environments[middle], raw.organisation.sourceControl.platformTeam);
      });
      expect(message.split('\n')).toHaveLength(1);
      expect(message.startsWith(`environments/organisation.ts: promotionOrder: "${middle}" comes after`)).toBe(true);
      expect(message).toContain(`(${field})`);
      expect(message).toContain(`or change ${field} in environments/${middle}.ts`);
    },
  );
});

describe('a missing required field says "is required" and what it holds', () => {
  test.each([
    ['an environment string', 'environment', 'account.region', 'account.region: is required (a string)'],
    ['an environment object', 'environment', 'approval', 'approval: is required (an object)'],
    ['an environment choice', 'environment', 'pipelineExecutionMode', 'pipelineExecutionMode: is required (one of "SUPERSEDED", "QUEUED")'],
    ['an organisation string', 'organisation', 'stateBackend.bucketName', 'stateBackend.bucketName: is required (a string)'],
    ['a service string', 'service', 'description', 'description: is required (a string)'],
  ])('%s', (_name, where, field, expected) => {
    const message = messageOf((raw) => {
      const target =
        where === 'organisation'
          ? raw.organisation
          : where === 'service'
            ? raw.services[0]
            : raw.environments[raw.organisation.promotionOrder[0]];
      const keys = field.split('.');
      const parent = keys.slice(0, -1).reduce<Record<string, any>>((acc, key) => acc[key], target);
      delete parent[keys[keys.length - 1]];
    });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^environments\/\w+\.ts/);
    expect(message).toContain(expected);
    expect(message).not.toMatch(/expected \w+, received undefined|got nothing/);
  });
});

test("a bucket name over S3's limit gives the limit, its length and the whole value", () => {
  const name = `acme-state-${'x'.repeat(60)}`;
  const message = messageOf((raw) => (raw.organisation.stateBackend.bucketName = name));
  expect(message).toBe(
    `environments/organisation.ts: stateBackend.bucketName: is too long for an S3 bucket name; shorten it (at most 63 characters; this value has ${name.length}: "${name}")`,
  );
});

describe('a value on a secret', () => {
  const value = 'hunter2-do-not-print';
  let message = '';
  beforeAll(() => {
    message = messageOf((raw) => {
      const service = raw.services[0];
      service.secrets = [
        {
          name: 'api-token',
          purpose: 'A token the build reads',
          readers: { builds: ['build'] },
          rotation: { exempt: 'issued by a vendor without a rotation API' },
          value,
        },
      ];
    });
  });

  test('says secret values never belong in config and where the value goes instead, on one line', () => {
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(
      /^environments\/services\.ts \(service "[a-z0-9-]+"\): secrets\[0\]\.value: secret values never belong in config/,
    );
    expect(message).toContain('set it in Secrets Manager');
    expect(message).toContain('aws secretsmanager put-secret-value');
  });

  test('never repeats the value', () => {
    expect(message).not.toContain(value);
  });
});

test('a new environment lists every per-environment value the services still need, at once', () => {
  const name = 'preprod';
  const message = messageOf((raw) => {
    const order: string[] = raw.organisation.promotionOrder;
    const before = order[order.length - 2];
    raw.environments[name] = {
      ...structuredClone(raw.environments[before]),
      name,
      account: { ...raw.environments[before].account, id: '909090909090' },
    };
    order.splice(order.length - 1, 0, name);
  });
  const lines = message.split('\n');
  // each line names the file, a service, the new environment and the field keyed by it
  for (const line of lines) {
    expect(line).toMatch(
      new RegExp(
        `^environments/services\\.ts \\(service "[a-z0-9-]+", environment "${name}"\\): (pipeline\\.)?deploy\\.[A-Za-z]+\\.${name}: `,
      ),
    );
  }
});
