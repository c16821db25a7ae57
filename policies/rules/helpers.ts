import type { ResourceView, StackView } from '../rule';

/** A statement of an `aws_iam_policy_document` data source, as synthesized. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
  readonly principals?: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

/** Statements of a policy document data source. */
export function statementsOf(document: ResourceView): PolicyStatement[] {
  const statements = document.config.statement;
  return Array.isArray(statements) ? (statements as PolicyStatement[]) : [];
}

/** True when `value` is a list of at least one element (Terraform blocks synthesize as lists). */
export function firstBlock(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value[0] as Record<string, unknown> | undefined;
  if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  return undefined;
}

/** The companion resources of `bucket` of `type` (e.g. its encryption configuration). */
export function companions(stack: StackView, type: string, target: ResourceView): readonly ResourceView[] {
  return stack.referencing(type, target);
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
