import { textTable } from '../vocabulary/text-table';
import type { PolicyLevel } from './rule';

/** One rule's verdict on one resource. */
export interface PolicyFinding {
  readonly stack: string;
  readonly ruleId: string;
  readonly counterpart?: string;
  readonly level: PolicyLevel;
  readonly address: string;
  readonly path: string;
  readonly message: string;
  /** Set when a suppression accepted the finding: its reason. */
  readonly suppressedBecause?: string;
}

/** How many resources one rule looked at in one stack. */
export interface RuleCount {
  readonly ruleId: string;
  readonly checks: number;
}

/** A suppression that hid no finding: stale, or on the wrong construct, or naming the wrong rule. */
export interface UnusedSuppression {
  readonly stack: string;
  readonly ruleId: string;
  /** Construct path the suppression was added on. */
  readonly path: string;
  readonly reason: string;
}

/** One rule's totals over every stack. */
export interface RulePolicySummary {
  readonly ruleId: string;
  readonly checks: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

export interface StackPolicySummary {
  readonly stack: string;
  readonly rules: number;
  readonly checks: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

/** One finding on one line: rule, stack, address, message and verdict (the suppression's reason, or the level). */
export function findingLine(f: PolicyFinding): string {
  const verdict = f.suppressedBecause !== undefined ? `suppressed: ${f.suppressedBecause}` : f.level.toUpperCase();
  return `[${f.ruleId}] ${f.stack}: ${f.address}: ${f.message} (${verdict})`;
}

/** One unused suppression on one line, with what to do about it. */
export function unusedSuppressionLine(u: UnusedSuppression): string {
  return `unused suppression of ${u.ruleId} on ${u.path}: hides no finding, remove it (reason given: ${u.reason})`;
}

/** Findings of every stack of one synth, in a stable order. */
export class PolicyReport {
  private readonly findingsByStack = new Map<string, PolicyFinding[]>();
  private readonly checksByStack = new Map<string, { rules: number; checks: number }>();
  private readonly countsByStack = new Map<string, readonly RuleCount[]>();
  private readonly unusedByStack = new Map<string, readonly UnusedSuppression[]>();

  record(
    stack: string,
    rules: number,
    checks: number,
    findings: readonly PolicyFinding[],
    counts: readonly RuleCount[] = [],
    unused: readonly UnusedSuppression[] = [],
  ): void {
    this.checksByStack.set(stack, { rules, checks });
    this.findingsByStack.set(stack, [...findings]);
    this.countsByStack.set(stack, [...counts]);
    this.unusedByStack.set(stack, [...unused]);
  }

  /** Suppressions that hid nothing, in a stable order. */
  get unusedSuppressions(): UnusedSuppression[] {
    return [...this.unusedByStack.values()]
      .flat()
      .sort((a, b) => a.stack.localeCompare(b.stack) || a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId));
  }

  /** Totals per rule over every stack, by rule id. */
  get ruleSummaries(): RulePolicySummary[] {
    const totals = new Map<string, { checks: number; errors: number; warnings: number; suppressed: number }>();
    const entry = (ruleId: string) => {
      let total = totals.get(ruleId);
      if (total === undefined) {
        total = { checks: 0, errors: 0, warnings: 0, suppressed: 0 };
        totals.set(ruleId, total);
      }
      return total;
    };
    for (const counts of this.countsByStack.values()) for (const c of counts) entry(c.ruleId).checks += c.checks;
    for (const f of this.findings) {
      const total = entry(f.ruleId);
      if (f.suppressedBecause !== undefined) total.suppressed += 1;
      else if (f.level === 'error') total.errors += 1;
      else total.warnings += 1;
    }
    return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ruleId, t]) => ({ ruleId, ...t }));
  }

  get findings(): PolicyFinding[] {
    return [...this.findingsByStack.keys()]
      .sort()
      .flatMap((stack) =>
        [...(this.findingsByStack.get(stack) ?? [])].sort(
          (a, b) => a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address) || a.message.localeCompare(b.message),
        ),
      );
  }

  get summaries(): StackPolicySummary[] {
    return [...this.checksByStack.keys()].sort().map((stack) => {
      const findings = this.findingsByStack.get(stack) ?? [];
      const open = findings.filter((f) => f.suppressedBecause === undefined);
      const { rules, checks } = this.checksByStack.get(stack) ?? { rules: 0, checks: 0 };
      return {
        stack,
        rules,
        checks,
        errors: open.filter((f) => f.level === 'error').length,
        warnings: open.filter((f) => f.level === 'warning').length,
        suppressed: findings.length - open.length,
      };
    });
  }

  /** The whole report as plain text: per stack and per rule, every finding with its verdict, unused suppressions. */
  format(): string {
    const lines = ['Policy report'];
    lines.push(
      ...textTable(
        ['stack', 'rules', 'checks', 'errors', 'warnings', 'suppressed'],
        this.summaries.map((s) => [s.stack, s.rules, s.checks, s.errors, s.warnings, s.suppressed]),
        ['left', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
    lines.push(
      ...textTable(
        ['rule', 'checks', 'errors', 'warnings', 'suppressed'],
        this.ruleSummaries.map((r) => [r.ruleId, r.checks, r.errors, r.warnings, r.suppressed]),
        ['left', 'right', 'right', 'right', 'right'],
      ),
    );
    for (const f of this.findings) lines.push(`  ${findingLine(f)}`);
    for (const u of this.unusedSuppressions) lines.push(`  ${unusedSuppressionLine(u)}`);
    return lines.join('\n');
  }

  toJSON(): {
    summaries: StackPolicySummary[];
    rules: RulePolicySummary[];
    findings: PolicyFinding[];
    unusedSuppressions: UnusedSuppression[];
  } {
    return { summaries: this.summaries, rules: this.ruleSummaries, findings: this.findings, unusedSuppressions: this.unusedSuppressions };
  }
}
