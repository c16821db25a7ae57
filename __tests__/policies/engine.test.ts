import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { ALL_RULES, PolicyAspect, suppress } from '../../policies';
import { s3Versioning } from '../../policies/rules';
import { Aspects, Testing, TerraformStack } from '../../modules/core';
import { findingsOf } from '../support/policy';

describe('the policy engine', () => {
  test('every rule has a unique id, a counterpart or a reason, and a level', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^PLAT-[A-Z0-9]+-\d{3}$/);
      expect(rule.reason.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(rule.level);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
    }
  });

  test('an error finding fails synth with the rule id and the resource path', () => {
    const app = Testing.app({ stackTraces: false });
    const stack = new TerraformStack(app, 'failing');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new S3Bucket(stack, 'bare', { bucket: 'bare' });
    Aspects.of(stack).add(new PolicyAspect([s3Versioning]));
    expect(() => app.synth()).toThrow(/\[failing\/bare\] \[PLAT-S3-003\] versioning is not enabled/);
  });

  test('a suppression keeps the finding in the report, with its reason, and lets synth pass', () => {
    const findings = findingsOf([s3Versioning], (stack) => {
      const bucket = new S3Bucket(stack, 'scratch', { bucket: 'scratch' });
      suppress(bucket, 'PLAT-S3-003', 'scratch space, rebuilt from source on every run');
    });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'PLAT-S3-003', suppressedBecause: 'scratch space, rebuilt from source on every run' }),
    ]);
  });

  test('a suppression on a scope covers the resources below it', () => {
    const findings = findingsOf([s3Versioning], (stack) => {
      suppress(stack, 'PLAT-S3-003', 'the whole stack is throw-away test data');
      new S3Bucket(stack, 'a', { bucket: 'a' });
    });
    expect(findings[0].suppressedBecause).toBe('the whole stack is throw-away test data');
  });

  test.each([
    ['PLAT-S3-003', 'too short', /the reason must say why/],
    ['S3-3', 'a perfectly fine reason of some length', /is not a rule id/],
  ])('a suppression of %s with reason "%s" is refused', (id, reason, expected) => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    expect(() => suppress(stack, id, reason)).toThrow(expected);
  });

  test('a suppression of a rule that does not exist fails synth', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'unknown');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    suppress(stack, 'PLAT-XYZ-999', 'refers to a rule that was deleted long ago');
    Aspects.of(stack).add(new PolicyAspect([s3Versioning]));
    expect(() => app.synth()).toThrow(/PLAT-XYZ-999, which is not a rule of this project's policy pack/);
  });

  test('the report counts rules, checks and findings per stack', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'counted');
    new S3Bucket(stack, 'bare', { bucket: 'bare' });
    const aspect = new PolicyAspect([s3Versioning]);
    Aspects.of(stack).add(aspect);
    Testing.synth(stack);
    expect(aspect.report.summaries).toEqual([{ stack: 'counted', rules: 1, checks: 1, errors: 1, warnings: 0, suppressed: 0 }]);
    expect(aspect.report.format()).toContain('[PLAT-S3-003] counted: aws_s3_bucket.bare: versioning is not enabled (ERROR)');
  });
});
