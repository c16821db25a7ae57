/**
 * Danger: the synth-diff findings that need a second look before they merge, as CDK Pipelines asks to
 * confirm a broadening of permissions. A destroy or replacement of a stateful resource, a removed or
 * weakened protection, a moved state backend (all `danger` callouts), and widened IAM (`iam` callouts).
 * `npm run diff` exits with DANGER_EXIT_CODE when any exists; the pull request's `plan-review` check fails
 * on them unless a reviewer other than the author confirmed them (tools/ci/gate.ts).
 */
import type { Callout, SynthDiff } from './model';

/** `npm run diff` exit code when the diff holds danger (1 stays "the diff itself failed"). */
export const DANGER_EXIT_CODE = 3;

/** The pull-request label that confirms the danger, valid only when added by someone other than the author. */
export const DANGER_LABEL = 'confirm-danger';

/** Whether `callout` needs an explicit confirmation by a reviewer other than the author. */
export function needsConfirmation(callout: Callout): boolean {
  return callout.severity === 'danger' || callout.category === 'iam';
}

/** The findings of `diff` that need confirmation, in the diff's order. */
export function dangerOf(diff: SynthDiff): Callout[] {
  return diff.callouts.filter(needsConfirmation);
}

/** The machine-readable report (`npm run diff -- --json <file>`) the workflows read. */
export interface DiffReport {
  /** Stacks whose synthesized JSON differs (added, removed or changed), sorted. */
  readonly changed: readonly string[];
  /** Stacks whose synthesized JSON is the same on both sides, sorted. */
  readonly unchanged: readonly string[];
  /** What needs confirmation. */
  readonly danger: readonly Callout[];
}

export function diffReport(diff: SynthDiff): DiffReport {
  return {
    changed: diff.stacks.filter((s) => s.status !== 'unchanged').map((s) => s.stack),
    unchanged: diff.stacks.filter((s) => s.status === 'unchanged').map((s) => s.stack),
    danger: dangerOf(diff),
  };
}
