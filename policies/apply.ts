import { Aspects, TerraformStack, type IConstruct } from '../vocabulary';
import { PolicyAspect } from './aspect';
import { PolicyReport } from './report';
import type { PolicyRule } from './rule';
import { ALL_RULES } from './rules';

/** Attach the policy pack to every stack under `scope`; returns the report that fills in at synth. */
export function applyPolicies(scope: IConstruct, rules: readonly PolicyRule[] = ALL_RULES, report = new PolicyReport()): PolicyReport {
  const aspect = new PolicyAspect(rules, report);
  for (const construct of scope.node.findAll()) {
    if (TerraformStack.isStack(construct)) Aspects.of(construct).add(aspect);
  }
  return report;
}
