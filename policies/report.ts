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

export interface StackPolicySummary {
  readonly stack: string;
  readonly rules: number;
  readonly checks: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

/** Findings of every stack of one synth, in a stable order. */
export class PolicyReport {
  private readonly findingsByStack = new Map<string, PolicyFinding[]>();
  private readonly checksByStack = new Map<string, { rules: number; checks: number }>();

  record(stack: string, rules: number, checks: number, findings: readonly PolicyFinding[]): void {
    this.checksByStack.set(stack, { rules, checks });
    this.findingsByStack.set(stack, [...findings]);
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

  /** Plain-text summary printed at the end of every synth. */
  format(): string {
    const lines = ['Policy report', '  stack        rules  checks  errors  warnings  suppressed'];
    for (const s of this.summaries) {
      lines.push(
        `  ${s.stack.padEnd(12)} ${String(s.rules).padStart(5)}  ${String(s.checks).padStart(6)}  ${String(s.errors).padStart(6)}  ${String(s.warnings).padStart(8)}  ${String(s.suppressed).padStart(10)}`,
      );
    }
    for (const f of this.findings) {
      const verdict = f.suppressedBecause !== undefined ? `suppressed: ${f.suppressedBecause}` : f.level.toUpperCase();
      lines.push(`  [${f.ruleId}] ${f.stack}: ${f.address}: ${f.message} (${verdict})`);
    }
    return lines.join('\n');
  }

  toJSON(): { summaries: StackPolicySummary[]; findings: PolicyFinding[] } {
    return { summaries: this.summaries, findings: this.findings };
  }
}
