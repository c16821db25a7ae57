/**
 * The drift workflow's issues, from each stack's plan result: one open issue per drifted stack (label `drift`)
 * and one per stack whose plan failed (label `error`: the check itself is broken, which is not drift). A
 * stack that plans clean closes both; a drifted one closes its error issue; a failed one leaves its drift
 * issue as it is (nothing new is known).
 */
import type { PlanResult } from './plan';

export const DRIFT_LABEL = 'drift';
export const ERROR_LABEL = 'error';

export const driftTitle = (stack: string) => `Drift detected in stack ${stack}`;
export const errorTitle = (stack: string) => `Drift check failed for stack ${stack}`;

export interface IssueAction {
  readonly stack: string;
  /** Open this issue, or update the open one of the same title. */
  readonly upsert?: { readonly title: string; readonly body: string; readonly labels: readonly string[] };
  /** Close the open issues of these titles (with a comment linking the run). */
  readonly close: readonly string[];
}

export function driftActions(results: readonly PlanResult[], runUrl: string): IssueAction[] {
  return results.map((r): IssueAction => {
    if (r.outcome === 'failed') {
      return {
        stack: r.stack,
        upsert: {
          title: errorTitle(r.stack),
          labels: [ERROR_LABEL, `stack:${r.stack}`],
          body: [
            `The drift check could not plan stack \`${r.stack}\`: ${r.reason ?? 'terraform init or plan failed'}.`,
            '',
            `Latest run: ${runUrl}`,
            '',
            'Nothing is known about drift until it plans again. Read the log of the run: expired credentials, a changed role, a provider or backend error.',
          ].join('\n'),
        },
        close: [],
      };
    }
    if (r.changed !== true) return { stack: r.stack, close: [driftTitle(r.stack), errorTitle(r.stack)] };
    const lines = (r.changes ?? []).map((c) => `- \`${c.address}\`: ${c.actions.join(' then ')}`);
    return {
      stack: r.stack,
      upsert: {
        title: driftTitle(r.stack),
        labels: [DRIFT_LABEL, `stack:${r.stack}`],
        body: [
          `The real infrastructure of stack \`${r.stack}\` differs from \`main\` (plan exit code 2).`,
          '',
          `Latest detection: ${runUrl}`,
          '',
          ...lines,
          '',
          'Either apply main again (re-run the deploy workflow) or bring the change into the code with a pull request.',
        ].join('\n'),
      },
      close: [errorTitle(r.stack)],
    };
  });
}
