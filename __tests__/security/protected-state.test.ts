import { stackTraitsOf } from '../../policies';
import { STATEFUL_TYPES } from '../../policies/rules/state-prevent-destroy';
import { App } from '../../modules/core';
import { buildPlatform } from '../../stacks';
import { configErrorOf, exampleConfig } from '../support/config';
import { exampleTerraform } from '../support/example';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

type Tf = Record<string, any>;

function protectedAddresses(tf: Tf): string[] {
  return STATEFUL_TYPES.flatMap((type) =>
    Object.entries<Tf>(tf.resource?.[type] ?? {})
      .filter(([, config]) => config.lifecycle?.prevent_destroy === true)
      .map(([name]) => `${type}.${name}`),
  ).sort();
}

function statefulAddresses(tf: Tf): string[] {
  return STATEFUL_TYPES.flatMap((type) => Object.keys(tf.resource?.[type] ?? {}).map((name) => `${type}.${name}`)).sort();
}

describe('protected state', () => {
  const stacks = buildExample();
  const synthesized = new Map(stacks.all.map((s) => [s.node.id, exampleTerraform(s.node.id)]));

  test("the state bucket, lock table and state key, and the management audit trail's bucket and key, are protected from destroy; the table also from deletion", () => {
    const tf = synthesized.get('bootstrap')!;
    // exact logical ids: a change here would replace (destroy) the real resource
    expect(protectedAddresses(tf)).toEqual([
      expect.stringMatching(/^aws_dynamodb_table\.state-backend_lock-table_[0-9A-F]{8}$/),
      'aws_kms_key.audit-key_3E858D94',
      'aws_kms_key.state-backend_key_7D885887',
      'aws_s3_bucket.audit-trail_bucket_AAEE3968',
      'aws_s3_bucket.state-backend_bucket_0D46D3DB',
    ]);
    expect(resourcesOf(tf, 'aws_dynamodb_table').map((t) => t.deletion_protection_enabled)).toEqual([true]);
  });

  test.each(['dev', 'test', 'staging', 'prod'])('the %s key and artifact store are protected from destroy', (name) => {
    expect(protectedAddresses(synthesized.get(name)!)).toEqual([
      'aws_kms_key.key_F64E54E4',
      expect.stringMatching(/^aws_s3_bucket\.artifact-store_bucket_[0-9A-F]{8}$/),
      expect.stringMatching(/^aws_s3_bucket\.audit-trail_bucket_[0-9A-F]{8}$/),
    ]);
  });

  test('the CodeArtifact domain and its key are protected from destroy', () => {
    expect(protectedAddresses(synthesized.get('platform')!)).toEqual([
      expect.stringMatching(/^aws_codeartifact_domain\.packages_domain_[0-9A-F]{8}$/),
      expect.stringMatching(/^aws_kms_key\.packages_key_[0-9A-F]{8}$/),
    ]);
  });

  test('the bootstrap and platform stacks, and every environment that asks for it, protect state', () => {
    expect(stacks.all.map((s) => [s.node.id, (({ sharedBoundary: _shared, ...traits }) => traits)(stackTraitsOf(s))])).toEqual([
      ['bootstrap', { production: false, protectsState: true, productionEnvironment: 'prod' }],
      ['platform', { production: false, protectsState: true, productionEnvironment: 'prod' }],
      ['management-access', { production: false, protectsState: false, productionEnvironment: 'prod' }],
      ['dev-access', { production: false, protectsState: false, productionEnvironment: 'prod' }],
      ['dev', { production: false, protectsState: true, productionEnvironment: 'prod' }],
      ['test-access', { production: false, protectsState: false, productionEnvironment: 'prod' }],
      ['test', { production: false, protectsState: true, productionEnvironment: 'prod' }],
      ['staging-access', { production: false, protectsState: false, productionEnvironment: 'prod' }],
      ['staging', { production: false, protectsState: true, productionEnvironment: 'prod' }],
      ['prod-access', { production: true, protectsState: false, productionEnvironment: 'prod' }],
      ['prod', { production: true, protectsState: true, productionEnvironment: 'prod' }],
    ]);
  });

  // Generic, so it covers what later capabilities add (CodeArtifact domain, audit trail buckets, more keys).
  test('every bucket, key, table and CodeArtifact domain of a stack that protects state is protected', () => {
    for (const stack of stacks.all.filter((s) => stackTraitsOf(s).protectsState)) {
      const tf = synthesized.get(stack.node.id)!;
      expect({ stack: stack.node.id, unprotected: statefulAddresses(tf).filter((a) => !protectedAddresses(tf).includes(a)) }).toEqual({
        stack: stack.node.id,
        unprotected: [],
      });
    }
  });

  test('a throw-away environment may opt out; production may not', () => {
    // validation refuses it for production (model/config.ts); the policy pack refuses it too, for a config built unchecked
    expect(configErrorOf((raw) => (raw.environments.prod.protectStatefulResources = false)).message).toMatch(
      /^environments\/prod\.ts \(environment "prod"\): protectStatefulResources: must be true, since "prod" is production/,
    );
    const checked = exampleConfig((raw) => (raw.environments.dev.protectStatefulResources = false));
    const config = {
      ...checked,
      environments: checked.environments.map((e) => (e.name === 'prod' ? { ...e, protectStatefulResources: false } : e)),
    };
    const built = buildPlatform(new App({ outdir: '/nonexistent', stackTraces: false }), config);
    const dev = built.environments.find((e) => e.node.id === 'dev')!;
    const prod = built.environments.find((e) => e.node.id === 'prod')!;
    expect(protectedAddresses(synthObject(dev))).toEqual([]);
    expect(stackTraitsOf(dev).protectsState).toBe(false);
    expect(stackTraitsOf(prod).protectsState).toBe(true);
    synthObject(prod);
    const errors = built.report.findings.filter((f) => f.stack === 'prod' && f.ruleId === 'PLAT-STATE-001').map((f) => f.address);
    expect(errors).toEqual([
      expect.stringMatching(/^aws_kms_key\./),
      expect.stringMatching(/^aws_s3_bucket\.artifact-store/),
      expect.stringMatching(/^aws_s3_bucket\.audit-trail/),
    ]);
  });
});
