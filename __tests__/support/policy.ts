import { applyPolicies, type PolicyFinding, type PolicyRule } from '../../policies';
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
