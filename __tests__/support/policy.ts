import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { applyPolicies, declareStackTraits, PolicyReport, type PolicyFinding, type PolicyRule, type StackTraits } from '../../policies';
import { Testing, TerraformStack, type Construct } from '../../modules/core';

/** Build a one-stack app with `build`, run `rules` on it and return every finding (open and suppressed). */
export function findingsOf(rules: readonly PolicyRule[], build: (stack: Construct) => void): PolicyFinding[] {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'policy-test');
  build(stack);
  const report = applyPolicies(app, rules);
  Testing.synth(stack);
  return report.findings;
}

/** Open (unsuppressed) findings of one rule. */
export function openFindings(rule: PolicyRule, build: (stack: Construct) => void): string[] {
  return findingsOf([rule], build)
    .filter((f) => f.suppressedBecause === undefined)
    .map((f) => `${f.address}: ${f.message}`);
}

/** A small hand-built stack: an AWS provider and whatever `build` adds. */
export function policyStack(build: (stack: Construct) => void, traits: StackTraits = {}): { app: Construct; stack: TerraformStack } {
  const app = Testing.app({ stackTraces: false });
  const stack = new TerraformStack(app, 'subject');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  declareStackTraits(stack, traits);
  build(stack);
  return { app, stack };
}

/** Run `rules` over a hand-built stack and return the report (findings, suppressions, counts). */
export function policyReport(rules: readonly PolicyRule[], build: (stack: Construct) => void, traits: StackTraits = {}): PolicyReport {
  const { app, stack } = policyStack(build, traits);
  const report = applyPolicies(app, rules);
  Testing.synth(stack);
  return report;
}

/** The findings of one rule over a hand-built stack. */
export function ruleFindings(rule: PolicyRule, build: (stack: Construct) => void, traits: StackTraits = {}): PolicyFinding[] {
  return policyReport([rule], build, traits).findings.filter((f) => f.ruleId === rule.id);
}
