/**
 * The pull request's `plan-review` check (a required status check, modules/core/checks.ts): it fails when a
 * plan failed or did not run, and when the change holds danger (tools/diff/danger.ts, and destroys of stateful
 * resources in the plans themselves) that no reviewer other than the author confirmed with DANGER_LABEL.
 */
import { DANGER_LABEL, type DiffReport } from '../diff/danger';
import { STATEFUL } from '../diff/rules';
import type { PlanResult } from './plan';

/**
 * Who confirmed: collected by the workflow from the pull request (author, who last added the label, and the
 * commit that person's latest review approved). A confirmation is bound to a commit: the labeller's approval
 * must be of the head commit, so a push after the confirmation needs a new one.
 */
export interface Confirmation {
  readonly author: string;
  /** Login of whoever last added DANGER_LABEL, when the pull request carries it now. */
  readonly labelledBy?: string;
  /** The commit (`commit_id`) of the labeller's latest review, when that review is an approval. */
  readonly labellerApproved?: string;
}

export interface GateInput {
  /** `npm run diff -- --json`; undefined when the synth diff failed (the base does not synthesize). */
  readonly report?: DiffReport;
  /** The stacks the pull request plans (tools/ci/stacks.ts stacksToPlan). */
  readonly expected: readonly string[];
  readonly plans: readonly PlanResult[];
  readonly confirmation: Confirmation;
  /** The pull request's head commit: the one a confirmation must approve. */
  readonly headSha: string;
}

export interface Verdict {
  readonly pass: boolean;
  /** Why it fails, one line each (Markdown); empty when it passes. */
  readonly failures: readonly string[];
  /** The danger found, one line each (Markdown), confirmed or not. */
  readonly danger: readonly string[];
  /** How it was confirmed, when it was. */
  readonly confirmedBy?: string;
}

/** The type of a Terraform address (`module.x.aws_s3_bucket.y[0]` -> `aws_s3_bucket`). */
const typeOf = (address: string) =>
  address
    .replace(/\[[^\]]*\]/g, '')
    .split('.')
    .filter((part, i, parts) => part !== 'module' && parts[i - 1] !== 'module' && part !== 'data')
    .at(-2) ?? '';

export function decide(input: GateInput): Verdict {
  const failures: string[] = [];
  for (const stack of input.expected) {
    const plan = input.plans.find((p) => p.stack === stack);
    if (plan === undefined) failures.push(`the plan of **${stack}** did not run or left no result: see the \`plan\` job of this run`);
    else if (plan.outcome === 'failed') failures.push(`the plan of **${stack}** failed (${plan.reason ?? 'see its log'})`);
  }
  const danger: string[] = [];
  if (input.report === undefined) {
    danger.push('the synth diff failed (does the base still synthesize?), so danger cannot be ruled out: review the plans');
  } else {
    for (const c of input.report.danger) danger.push(`**${c.stack}** · ${c.category}: ${c.message}`);
  }
  for (const plan of input.plans) {
    for (const change of plan.changes ?? []) {
      const stateful = STATEFUL[typeOf(change.address)];
      if (stateful === undefined || !change.actions.includes('delete')) continue;
      const how = change.actions.includes('create') ? 'replaces' : 'destroys';
      danger.push(`**${plan.stack}** · plan: terraform ${how} ${stateful.what} \`${change.address}\``);
    }
  }
  const confirmation = danger.length > 0 ? confirmationProblem(input.confirmation, input.headSha, danger.length) : undefined;
  if (confirmation?.failure !== undefined) failures.push(confirmation.failure);
  return { pass: failures.length === 0, failures, danger, confirmedBy: confirmation?.confirmedBy };
}

/** Whether the danger is confirmed for the head commit: by whom, or why not. */
function confirmationProblem(confirmation: Confirmation, headSha: string, findings: number): { confirmedBy?: string; failure?: string } {
  const { author, labelledBy, labellerApproved } = confirmation;
  const head = headSha.slice(0, 12);
  if (labelledBy === undefined) {
    return {
      failure: `${findings} finding(s) need a second look: a reviewer other than the author (@${author}) approves the head commit \`${head}\`, then adds the label \`${DANGER_LABEL}\``,
    };
  }
  if (labelledBy === author) {
    return {
      failure: `the label \`${DANGER_LABEL}\` was added by the author (@${author}): it counts only when a reviewer other than the author adds it`,
    };
  }
  if (labellerApproved !== headSha) {
    const what =
      labellerApproved === undefined ? 'has no approving review' : `approved \`${labellerApproved.slice(0, 12)}\`, not the head commit`;
    return {
      failure: `@${labelledBy} added \`${DANGER_LABEL}\` but ${what} \`${head}\`: a confirmation holds for the commit it approves; approve the head commit, then remove and add the label again`,
    };
  }
  return { confirmedBy: labelledBy };
}

/** The verdict as the head of the plan-review comment and of the job summary. */
export function renderVerdict(verdict: Verdict): string[] {
  const lines = [verdict.pass ? '### ✅ plan-review passes' : '### ❌ plan-review fails', ''];
  for (const f of verdict.failures) lines.push(`- ${f}`);
  if (verdict.danger.length > 0) {
    lines.push(
      '',
      verdict.confirmedBy !== undefined
        ? `**Needs a second look** (confirmed by @${verdict.confirmedBy} with \`${DANGER_LABEL}\`)`
        : '**Needs a second look**',
      '',
    );
    for (const d of verdict.danger) lines.push(`- 🛑 ${d}`);
  }
  return lines;
}
