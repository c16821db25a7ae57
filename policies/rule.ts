/** Severity of a finding: `error` fails synth; `warning` is reported and kept. */
export type PolicyLevel = 'error' | 'warning';

/** One resource or data source of a synthesized stack, as Terraform will see it. */
export interface ResourceView {
  /** `resource` or `data`. */
  readonly kind: 'resource' | 'data';
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Logical id within the stack. */
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.x` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Construct path, e.g. `bootstrap/state-backend/bucket/bucket`. */
  readonly path: string;
  /** The resolved configuration (snake_case keys, references as `${...}` strings). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Read-only view of a whole synthesized stack, for rules that look across resources. */
export interface StackView {
  readonly stackName: string;
  /** The stack deploys production (declared with `declareStackTraits`). */
  readonly production: boolean;
  /** The stack's stateful resources must be protected from destroy (declared with `declareStackTraits`). */
  readonly protectsState: boolean;
  /** Name of the production environment, if the stacks declared one. */
  readonly productionEnvironment?: string;
  /** The boundary another stack owns, which this stack's roles carry by ARN, with its actions (declared). */
  readonly sharedBoundary?: { readonly arn: string; readonly actions: readonly string[] };
  readonly resources: readonly ResourceView[];
  /** Every resource and data source of `type`. */
  ofType(type: string): readonly ResourceView[];
  /** Resources of `type` whose configuration refers to `target` (any attribute of it). */
  referencing(type: string, target: ResourceView): readonly ResourceView[];
  /** The resource or data source a `${type.name.attr}` reference points to, if it is in this stack. */
  resolveReference(value: unknown): ResourceView | undefined;
  /** The raw Terraform JSON of the stack (terraform block, providers, backend). */
  readonly terraform: Readonly<Record<string, unknown>>;
  /**
   * `compute()`'s result, computed once per stack and `key`: for an index a rule needs for every resource it
   * checks (which documents are key policies, ...), so a check stays linear in the size of the stack.
   */
  memo<T>(key: string, compute: () => T): T;
}

/**
 * One policy rule: pure, with a stable id, the scanner check it mirrors (if any), a level and a
 * reason. `check` returns the findings for one resource: nothing when it complies.
 */
export interface PolicyRule {
  /** Stable id, `PLAT-<AREA>-<NNN>`; suppressions refer to it. */
  readonly id: string;
  /** The Checkov (or other scanner) check this rule mirrors, if any. */
  readonly counterpart?: string;
  readonly level: PolicyLevel;
  /** What the rule requires, in one line. */
  readonly description: string;
  /** Why it matters. */
  readonly reason: string;
  /** Terraform types the rule looks at (`data.` prefix for data sources; `*` for every resource and data source). */
  readonly appliesTo: readonly string[];
  check(resource: ResourceView, stack: StackView): readonly string[];
}
