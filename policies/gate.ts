import type { IConstruct } from '../vocabulary';

/** cdktf's metadata type of an error annotation (`Annotations.of(c).addError`). */
const ERROR_ANNOTATION = '@cdktf/error';

/** One error-level annotation: a policy finding (`[RULE-ID] message`) or a construct's own validation error. */
export interface ErrorFinding {
  /** Construct path of the annotated construct. */
  readonly path: string;
  readonly message: string;
}

/** What to do about an error finding: fix it, or accept it with a written reason. Never how to bypass the gate. */
export const POLICY_FIX_HINT =
  'Fix each finding (the resource, or the config value it came from), or, where a finding is accepted on purpose, suppress that rule on that construct with a written reason: suppress(construct, "<RULE-ID>", "why") (policies/suppressions.ts); the synth report lists every suppression and its reason.';

/**
 * The policy gate refused the synth: at least one error finding is open. Nothing was written. No environment
 * variable turns this off (cdktf's CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, which its CLI sets for every
 * `cdktf synth`, only stops cdktf's own check, not this one).
 */
export class PolicyError extends Error {
  readonly findings: readonly ErrorFinding[];

  constructor(findings: readonly ErrorFinding[]) {
    const lines = findings.map((f) => `  ${f.path}: ${f.message}`);
    super(`${findings.length} error finding(s); nothing was written:\n${lines.join('\n')}\n${POLICY_FIX_HINT}`);
    this.name = 'PolicyError';
    this.findings = findings;
  }
}

/** Every error annotation under `scope` (policy findings and validation errors), in construct order. */
export function errorFindings(scope: IConstruct): ErrorFinding[] {
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === ERROR_ANNOTATION)
        .map((entry) => ({ path: construct.node.path, message: String(entry.data) })),
    );
}

/** cdktf's own error for error annotations (the one that names its bypass variable). */
export function isCdktfAnnotationError(error: unknown): boolean {
  return error instanceof Error && /Encountered Annotations with level "ERROR"/.test(error.message);
}

/**
 * Run `synth` (an app's synth) behind the policy gate: any error annotation fails it with a PolicyError,
 * whether cdktf stopped on it (its message, with the bypass hint, is replaced) or was told to continue.
 */
export function synthBehindGate(scope: IConstruct, synth: () => void): void {
  try {
    synth();
  } catch (error) {
    const findings = errorFindings(scope);
    if (isCdktfAnnotationError(error) && findings.length > 0) throw new PolicyError(findings);
    throw error;
  }
  const findings = errorFindings(scope);
  if (findings.length > 0) throw new PolicyError(findings);
}
