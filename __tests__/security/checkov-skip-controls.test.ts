import { ALL_RULES } from '../../policies';
import { loadSkips, type CheckovSkip } from '../../tools/checkov';
import { bucketsWithoutDataEvents, type SynthesizedStack } from '../support/audit';
import { exampleStackNames, exampleTerraform } from '../support/example';

/**
 * Each skip of policies/checkov-skips.yaml says which control stands in for the check it skips. These tests hold
 * the reasons to the output: a rule a reason names is a rule of the pack, a Deny statement it names is in the
 * synthesized documents, and the control each skip relies on is there, on the example fixture.
 */
const stacks: SynthesizedStack[] = exampleStackNames().map((name) => ({ name, tf: exampleTerraform(name) }));
const resourcesOf = (type: string) =>
  stacks.flatMap((s) => Object.entries<any>(s.tf.resource?.[type] ?? {}).map(([id, body]) => ({ stack: s.name, id, body })));
const documents = stacks.flatMap((s) => Object.values<any>(s.tf.data?.aws_iam_policy_document ?? {}));
const keyOf = (skip: CheckovSkip) => (skip.only === undefined ? skip.id : `${skip.id} (only ${skip.only})`);

/** The buckets whose versioning is enabled, as `${aws_s3_bucket.<id>.id}` references. */
function versionedBuckets(): Set<string> {
  return new Set(
    resourcesOf('aws_s3_bucket_versioning')
      .filter((v) => v.body.versioning_configuration?.status === 'Enabled')
      .map((v) => `${v.stack}:${v.body.bucket}`),
  );
}

/**
 * What each skip relies on beyond the rules and statements its reason names (checked for every skip below):
 * problems found in the output, none when the control is there.
 */
const CONTROLS: Readonly<Record<string, () => string[]>> = {
  // object access audited by CloudTrail S3 data events, by a trail of the bucket's own account
  CKV_AWS_18: () => bucketsWithoutDataEvents(stacks),
  // versioned, and protected from destroy
  CKV_AWS_144: () => {
    const versioned = versionedBuckets();
    return resourcesOf('aws_s3_bucket').flatMap((b) => [
      ...(versioned.has(`${b.stack}:\${aws_s3_bucket.${b.id}.id}`) ? [] : [`${b.stack}: ${b.body.bucket} is not versioned`]),
      ...(b.body.lifecycle?.prevent_destroy === true ? [] : [`${b.stack}: ${b.body.bucket} does not refuse destroy`]),
    ]);
  },
  // the buckets without notifications are the ones whose object changes the trails record
  CKV2_AWS_62: () => {
    const notified = new Set(resourcesOf('aws_s3_bucket_notification').map((n) => `${n.stack}:${n.body.bucket}`));
    const silent = stacks.filter((s) =>
      Object.keys(s.tf.resource?.aws_s3_bucket ?? {}).some((id) => !notified.has(`${s.name}:\${aws_s3_bucket.${id}.id}`)),
    );
    return silent.length === 0 ? ['no bucket without notifications: remove the skip'] : bucketsWithoutDataEvents(stacks);
  },
  // a retention on every log group
  CKV_AWS_338: () =>
    resourcesOf('aws_cloudwatch_log_group')
      .filter((g) => typeof g.body.retention_in_days !== 'number')
      .map((g) => `${g.stack}: ${g.body.name} keeps its events forever`),
  // the key's administration statement names the account root only, never "*"
  ...Object.fromEntries(
    ['CKV_AWS_356', 'CKV_AWS_111', 'CKV_AWS_109'].map((id) => [
      `${id} (only kms-key-policy)`,
      () =>
        documents
          .flatMap((d) => d.statement ?? [])
          .filter((st: any) => (st.actions ?? []).includes('kms:PutKeyPolicy'))
          .flatMap((st: any) => (st.principals ?? []).flatMap((p: any) => p.identifiers))
          .filter((principal: string) => !/^arn:[a-z-]+:iam::\d{12}:root$/.test(principal))
          .map((principal: string) => `a key administration statement names ${principal}`),
    ]),
  ),
  // each account's own GuardDuty detector, enabled
  CKV2_AWS_3: () => {
    const detectors = resourcesOf('aws_guardduty_detector');
    if (detectors.length === 0) return ['no GuardDuty detector in the output: remove the skip'];
    return detectors.filter((d) => d.body.enable !== true).map((d) => `${d.stack}: the GuardDuty detector is disabled`);
  },
  // log file validation and CloudWatch Logs delivery on every trail
  CKV_AWS_252: () =>
    resourcesOf('aws_cloudtrail').flatMap((t) => [
      ...(t.body.enable_log_file_validation === true ? [] : [`${t.stack}: ${t.body.name} has no log file validation`]),
      ...(typeof t.body.cloud_watch_logs_group_arn === 'string' ? [] : [`${t.stack}: ${t.body.name} delivers to no log group`]),
    ]),
};

describe('each Checkov skip names a control the output has', () => {
  const skips = loadSkips();
  const ruleIds = new Set(ALL_RULES.map((rule) => rule.id));
  const denySids = new Set(
    documents.flatMap((d) => (d.statement ?? []).filter((st: any) => st.effect === 'Deny').map((st: any) => st.sid as string)),
  );

  test.each(skips.map((skip) => [keyOf(skip), skip] as const))('%s', (_key, skip) => {
    const named = [...`${skip.reason} ${skip.only ?? ''}`.matchAll(/PLAT-[A-Z0-9]+-\d{3}/g)].map((m) => m[0]);
    expect(named.filter((id) => !ruleIds.has(id))).toEqual([]);
    const statements = [...skip.reason.matchAll(/\bDeny[A-Z][A-Za-z]+\b/g)].map((m) => m[0]);
    expect(statements.filter((sid) => !denySids.has(sid))).toEqual([]);
    const control = CONTROLS[keyOf(skip)] ?? CONTROLS[skip.id];
    // a skip either names what stands in for the check (a rule, a Deny statement) or has its control checked here
    expect(named.length + statements.length > 0 || control !== undefined).toBe(true);
    expect(control?.() ?? []).toEqual([]);
  });
});

describe('the S3 data event coverage check', () => {
  test('covers every bucket of the example: the state bucket by the management trail, the rest by their environment trail', () => {
    expect(resourcesOf('aws_s3_bucket').length).toBeGreaterThan(2);
    expect(bucketsWithoutDataEvents(stacks)).toEqual([]);
  });

  test("reports a bucket once its trail's data event selector is gone", () => {
    const changed = stacks.map((s) => ({ name: s.name, tf: structuredClone(s.tf) }));
    const dev = changed.find((s) => s.name === 'dev')!;
    for (const trail of Object.values<any>(dev.tf.resource.aws_cloudtrail)) {
      trail.advanced_event_selector = trail.advanced_event_selector.filter((sel: any) => !/platform buckets/.test(sel.name));
    }
    const artifactStores = Object.values<any>(dev.tf.resource.aws_s3_bucket)
      .map((b) => `dev: ${b.bucket}`)
      .filter((b) => /artifacts/.test(b));
    expect(artifactStores).toHaveLength(1);
    expect(bucketsWithoutDataEvents(changed)).toEqual(artifactStores);
  });

  test('counts only trails of the same account: the state bucket is not covered by an environment trail', () => {
    const withoutBootstrapTrail = stacks.map((s) =>
      s.name === 'bootstrap' ? { name: s.name, tf: { ...s.tf, resource: { ...s.tf.resource, aws_cloudtrail: {} } } } : s,
    );
    const missing = bucketsWithoutDataEvents(withoutBootstrapTrail);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((m) => m.startsWith('bootstrap: '))).toBe(true);
  });
});
