/** The pull-request comment: plan counts per stack, policy findings and the synth diff, under one marker. */
import type { PolicyFinding, StackPolicySummary } from '../../policies';
import { renderVerdict, type Verdict } from './gate';
import { countPlan, type PlanResult } from './plan';

/** First line of the comment: the workflow finds its own comment by it and updates it in place. */
export const COMMENT_MARKER = '<!-- cicd-platform:plan-review -->';

export interface PrCommentInput {
  /** The commit planned. */
  readonly sha: string;
  readonly plans: readonly PlanResult[];
  /** Plannable stacks whose synthesized JSON did not change: not planned, listed as unchanged. @default none */
  readonly unchanged?: readonly string[];
  /** The plan-review check's verdict, shown first. @default none */
  readonly verdict?: Verdict;
  /** `cdktf.out/policy-report.json`. */
  readonly policy: { readonly summaries: readonly StackPolicySummary[]; readonly findings: readonly PolicyFinding[] };
  /** Markdown of `npm run diff`. */
  readonly diffMarkdown: string;
  /** Link to the workflow run, for logs. */
  readonly runUrl?: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;');

export function renderPrComment(input: PrCommentInput): string {
  const lines = [COMMENT_MARKER, `## Plan review for \`${input.sha.slice(0, 12)}\``, ''];
  if (input.verdict !== undefined) lines.push(...renderVerdict(input.verdict), '');
  lines.push('| Stack | Plan | Add | Change | Destroy |', '| --- | --- | ---: | ---: | ---: |');
  const destructive: string[] = [];
  for (const plan of [...input.plans].sort((a, b) => a.stack.localeCompare(b.stack))) {
    if (plan.outcome === 'failed' || plan.changes === undefined) {
      lines.push(`| ${cell(plan.stack)} | ❌ failed | | | |`);
      continue;
    }
    const counts = countPlan(plan.changes);
    const status = counts.add + counts.change + counts.destroy === 0 ? '✅ no changes' : counts.destroy > 0 ? '🛑 destroys' : '📝 changes';
    lines.push(`| ${cell(plan.stack)} | ${status} | ${counts.add} | ${counts.change} | ${counts.destroy} |`);
    for (const d of counts.destructive) destructive.push(`- 🛑 **${cell(plan.stack)}**: \`${d.address}\` (${d.how})`);
  }
  for (const stack of [...(input.unchanged ?? [])].sort()) lines.push(`| ${cell(stack)} | ⏭️ unchanged (not planned) | | | |`);
  if (input.plans.length === 0 && (input.unchanged ?? []).length === 0) lines.push('| (none) | no plan ran | | | |');
  if (destructive.length > 0) lines.push('', '**Destroyed or replaced by the plan**', '', ...destructive);
  if (input.runUrl !== undefined) lines.push('', `Plans and logs: ${input.runUrl}`);

  lines.push(
    '',
    '### Policy findings',
    '',
    '| Stack | Rules | Checks | Errors | Warnings | Suppressed |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of input.policy.summaries) {
    lines.push(`| ${cell(s.stack)} | ${s.rules} | ${s.checks} | ${s.errors} | ${s.warnings} | ${s.suppressed} |`);
  }
  if (input.policy.findings.length > 0) lines.push('');
  for (const f of input.policy.findings) {
    const verdict = f.suppressedBecause !== undefined ? `suppressed: ${f.suppressedBecause}` : f.level.toUpperCase();
    lines.push(`- \`${f.ruleId}\` **${cell(f.stack)}** \`${f.address}\`: ${cell(f.message)} (${cell(verdict)})`);
  }
  lines.push('', input.diffMarkdown.trim(), '');
  return lines.join('\n');
}
