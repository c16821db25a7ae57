import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Testing } from '../../modules/core';
import { applyPolicies, suppress } from '../../policies';
import { s3NoForceDestroy, snsEncrypted } from '../../policies/rules';
import { examplePolicyReport } from '../support/example';
import { policyReport, policyStack } from '../support/policy';

const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/11111111-2222-3333-4444-555555555555';

describe('suppressions', () => {
  test('a suppressed finding stays in the report, with its reason, and does not fail synth', () => {
    const report = policyReport([snsEncrypted], (s) => {
      const topic = new SnsTopic(s, 'topic', { name: 'alerts' });
      suppress(topic, 'PLAT-SNS-001', 'carries only public release notes, nothing confidential');
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'PLAT-SNS-001',
        counterpart: 'CKV_AWS_26',
        address: 'aws_sns_topic.topic',
        suppressedBecause: 'carries only public release notes, nothing confidential',
      }),
    ]);
    expect(report.summaries[0]).toMatchObject({ errors: 0, suppressed: 1 });
    expect(report.format()).toContain(
      '[PLAT-SNS-001] subject: aws_sns_topic.topic: has no KMS key (kms_master_key_id) (suppressed: carries only public release notes, nothing confidential)',
    );
  });

  test('a suppression on a scope covers the resources below it', () => {
    const report = policyReport([snsEncrypted], (s) => {
      new SnsTopic(s, 'topic', { name: 'alerts' });
      suppress(s, 'PLAT-SNS-001', 'a test stack that holds nothing confidential');
    });
    expect(report.findings.map((f) => f.suppressedBecause)).toEqual(['a test stack that holds nothing confidential']);
    expect(report.unusedSuppressions).toEqual([]);
  });

  test('an unsuppressed error finding fails synth with the rule id', () => {
    const { app, stack } = policyStack((s) => new SnsTopic(s, 'topic', { name: 'alerts' }));
    applyPolicies(app, [snsEncrypted]);
    expect(stack).toBeDefined();
    expect(() => (app as ReturnType<typeof Testing.app>).synth()).toThrow(/\[PLAT-SNS-001\] has no KMS key/);
  });

  test('a suppression without a reason, or with a made-up rule id, is refused', () => {
    policyStack((s) => {
      expect(() => suppress(s, 'PLAT-SNS-001', 'because')).toThrow(/the reason must say why, in at least 20 characters/);
      expect(() => suppress(s, 'sns-encryption', 'a long enough reason for the test')).toThrow(/is not a rule id/);
    });
  });

  test('a suppression that hides nothing is reported as unused, and warned about', () => {
    const { app, stack } = policyStack((s) => {
      const topic = new SnsTopic(s, 'topic', { name: 'alerts', kmsMasterKeyId: KEY });
      suppress(topic, 'PLAT-SNS-001', 'left over from before the topic was encrypted');
    });
    const report = applyPolicies(app, [snsEncrypted]);
    const synthesized = Testing.synth(stack);
    expect(report.unusedSuppressions).toEqual([
      { stack: 'subject', ruleId: 'PLAT-SNS-001', path: 'subject/topic', reason: 'left over from before the topic was encrypted' },
    ]);
    expect(report.format()).toContain('unused suppression of PLAT-SNS-001 on subject/topic: hides no finding, remove it');
    expect(report.toJSON().unusedSuppressions).toHaveLength(1);
    expect(synthesized).toBeDefined();
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data));
    expect(warnings).toEqual([expect.stringMatching(/suppression of PLAT-SNS-001 hides no finding here/)]);
  });
});

describe('the report', () => {
  test('counts checks and findings per rule', () => {
    const report = policyReport([snsEncrypted, s3NoForceDestroy], (s) => {
      new SnsTopic(s, 'a', { name: 'a' });
      new SnsTopic(s, 'b', { name: 'b', kmsMasterKeyId: KEY });
      new S3Bucket(s, 'bucket', { bucket: 'b', forceDestroy: false });
    });
    expect(report.ruleSummaries).toEqual([
      { ruleId: 'PLAT-S3-007', checks: 1, errors: 0, warnings: 0, suppressed: 0 },
      { ruleId: 'PLAT-SNS-001', checks: 2, errors: 1, warnings: 0, suppressed: 0 },
    ]);
    expect(report.format()).toMatch(/PLAT-SNS-001 +2 +1 +0 +0/);
  });

  test('the example configuration passes every rule, and the production and protected traits reach the rules', () => {
    // the report `npm run synth` writes (cdktf.out/policy-report.json) for the example
    const report = examplePolicyReport();
    expect(report.summaries.map((s) => [s.stack, s.errors])).toEqual([
      ['bootstrap', 0],
      ['dev', 0],
      ['dev-access', 0],
      ['management-access', 0],
      ['platform', 0],
      ['prod', 0],
      ['prod-access', 0],
      ['staging', 0],
      ['staging-access', 0],
      ['test', 0],
      ['test-access', 0],
    ]);
    expect(report.unusedSuppressions).toEqual([]);
    expect(report.rules.find((r) => r.ruleId === 'PLAT-STATE-001')?.checks).toBeGreaterThanOrEqual(11);
  });
});
