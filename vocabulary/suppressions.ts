import type { IConstruct } from './cdktf';
import { isRuleId } from './rule-id';

const METADATA_TYPE = 'cicd-platform:policy-suppression';

/** A decision to accept a rule's finding on a construct and everything below it. */
export interface Suppression {
  /** The rule id, e.g. `PLAT-CB-002`. */
  readonly id: string;
  /** Why the finding is accepted: shown in the synth report and the PR comment. */
  readonly reason: string;
}

/**
 * Suppress `id` on `scope` and its children. The reason is mandatory and must say why: it is printed in
 * the synth report for every finding it hides.
 */
export function suppress(scope: IConstruct, id: string, reason: string): void {
  if (!isRuleId(id)) {
    throw new Error(`suppression on ${scope.node.path}: "${id}" is not a rule id (expected e.g. PLAT-S3-001)`);
  }
  if (reason.trim().length < 20) {
    throw new Error(`suppression of ${id} on ${scope.node.path}: the reason must say why, in at least 20 characters (got "${reason}")`);
  }
  scope.node.addMetadata(METADATA_TYPE, { id, reason: reason.trim() } satisfies Suppression);
}

/** The suppressions added on `construct` itself. */
export function ownSuppressions(construct: IConstruct): Suppression[] {
  return construct.node.metadata.filter((entry) => entry.type === METADATA_TYPE).map((entry) => entry.data as Suppression);
}

/** The suppressions that apply to `construct`: its own and those of every scope above it. */
export function suppressionsOf(construct: IConstruct): Suppression[] {
  return construct.node.scopes.flatMap(ownSuppressions);
}
