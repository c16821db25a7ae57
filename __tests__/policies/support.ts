import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack, type Construct } from '../../modules/core';
import { applyPolicies, declareStackTraits, PolicyReport, type PolicyFinding, type PolicyRule, type StackTraits } from '../../policies';

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
export function findingsOf(rule: PolicyRule, build: (stack: Construct) => void, traits: StackTraits = {}): PolicyFinding[] {
  return policyReport([rule], build, traits).findings.filter((f) => f.ruleId === rule.id);
}
