import { Annotations, TerraformStack, type IAspect, type IConstruct } from '../modules/core';
import { PolicyReport, type PolicyFinding } from './report';
import type { PolicyRule } from './rule';
import { buildStackView } from './stack-view';
import { ownSuppressions, suppressionsOf } from './suppressions';

/**
 * Runs every policy rule over a stack's synthesized configuration, once per stack. Open findings become
 * annotations (`[RULE-ID] message`): errors fail synth; warnings are reported. Suppressed findings are
 * kept in the report with their reason.
 */
export class PolicyAspect implements IAspect {
  private readonly done = new WeakSet<TerraformStack>();

  constructor(
    private readonly rules: readonly PolicyRule[],
    readonly report: PolicyReport = new PolicyReport(),
  ) {
    const ids = rules.map((r) => r.id);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated !== undefined) throw new Error(`policy rule id ${repeated} is used by more than one rule`);
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.done.has(node)) return;
    this.done.add(node);
    const stack = node;
    const view = buildStackView(stack.node.id, stack.toTerraform() as Record<string, unknown>);
    const constructs = new Map<string, IConstruct>(stack.node.findAll().map((c) => [c.node.path, c]));
    const known = new Set(this.rules.map((r) => r.id));

    const findings: PolicyFinding[] = [];
    let checks = 0;
    for (const rule of this.rules) {
      for (const type of rule.appliesTo) {
        for (const resource of view.ofType(type)) {
          checks += 1;
          const construct = constructs.get(resource.path) ?? stack;
          const suppression = suppressionsOf(construct).find((s) => s.id === rule.id);
          for (const message of rule.check(resource, view)) {
            findings.push({
              stack: stack.node.id,
              ruleId: rule.id,
              counterpart: rule.counterpart,
              level: rule.level,
              address: resource.address,
              path: resource.path,
              message,
              suppressedBecause: suppression?.reason,
            });
            if (suppression !== undefined) continue;
            const text = `[${rule.id}] ${message}`;
            if (rule.level === 'error') Annotations.of(construct).addError(text);
            else Annotations.of(construct).addWarning(text);
          }
        }
      }
    }
    for (const construct of constructs.values()) {
      for (const s of ownSuppressions(construct)) {
        if (!known.has(s.id)) {
          Annotations.of(construct).addError(`suppression names ${s.id}, which is not a rule of this project's policy pack`);
        }
      }
    }
    this.report.record(stack.node.id, this.rules.length, checks, findings);
  }
}
