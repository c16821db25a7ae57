import { Annotations, SealableStack, TerraformStack, type IAspect, type IConstruct } from '../vocabulary';
import { PolicyReport, type PolicyFinding, type RuleCount, type UnusedSuppression } from './report';
import type { PolicyRule } from './rule';
import { buildStackView } from './stack-view';
import { stackTraitsOf } from '../vocabulary/stack-traits';
import { ownSuppressions, type Suppression } from '../vocabulary/suppressions';

/** The suppression of `ruleId` nearest to `construct` (its own first, then its scopes'), and where it was added. */
function matchingSuppression(construct: IConstruct, ruleId: string): { owner: IConstruct; suppression: Suppression } | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const suppression = ownSuppressions(scope).find((s) => s.id === ruleId);
    if (suppression !== undefined) return { owner: scope, suppression };
  }
  return undefined;
}

/**
 * Runs every policy rule over a stack's synthesized configuration, once per stack. Open findings become
 * annotations (`[RULE-ID] message`): errors fail synth; warnings are reported. Suppressed findings are
 * kept in the report with their reason. A suppression that hides nothing is reported (and warned about):
 * it is stale, or names the wrong rule or construct.
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
    // The pack is the last aspect of a stack: seal it, so the file cdktf writes is the JSON checked here,
    // resolved once (vocabulary/sealable-stack.ts).
    const terraform = SealableStack.isSealable(stack) ? stack.seal() : (stack.toTerraform() as Record<string, unknown>);
    const view = buildStackView(stack.node.id, terraform, stackTraitsOf(stack));
    const constructs = new Map<string, IConstruct>(stack.node.findAll().map((c) => [c.node.path, c]));
    const known = new Set(this.rules.map((r) => r.id));
    const used = new Set<string>();

    const findings: PolicyFinding[] = [];
    const counts: RuleCount[] = [];
    let checks = 0;
    for (const rule of this.rules) {
      let ruleChecks = 0;
      for (const type of rule.appliesTo) {
        for (const resource of type === '*' ? view.resources : view.ofType(type)) {
          checks += 1;
          ruleChecks += 1;
          const construct = constructs.get(resource.path) ?? stack;
          const match = matchingSuppression(construct, rule.id);
          for (const message of rule.check(resource, view)) {
            findings.push({
              stack: stack.node.id,
              ruleId: rule.id,
              counterpart: rule.counterpart,
              level: rule.level,
              address: resource.address,
              path: resource.path,
              message,
              suppressedBecause: match?.suppression.reason,
            });
            if (match !== undefined) {
              used.add(`${match.owner.node.path}\u0000${rule.id}`);
              continue;
            }
            const text = `[${rule.id}] ${message}`;
            if (rule.level === 'error') Annotations.of(construct).addError(text);
            else Annotations.of(construct).addWarning(text);
          }
        }
      }
      counts.push({ ruleId: rule.id, checks: ruleChecks });
    }

    const unused: UnusedSuppression[] = [];
    for (const construct of constructs.values()) {
      for (const s of ownSuppressions(construct)) {
        if (!known.has(s.id)) {
          Annotations.of(construct).addError(`suppression names ${s.id}, which is not a rule of this project's policy pack`);
        } else if (!used.has(`${construct.node.path}\u0000${s.id}`)) {
          unused.push({ stack: stack.node.id, ruleId: s.id, path: construct.node.path, reason: s.reason });
          Annotations.of(construct).addWarning(`suppression of ${s.id} hides no finding here: remove it (reason given: ${s.reason})`);
        }
      }
    }
    this.report.record(stack.node.id, this.rules.length, checks, findings, counts, unused);
  }
}
