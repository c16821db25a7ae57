import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AccountRegion } from '../core';

/**
 * What a Terraform role's stacks create, as data: per group of actions, the read actions Terraform needs to refresh
 * and plan, the write actions it needs to apply, and the resources they are scoped to. The Terraform role gets both
 * halves (`applyStatement`); the plan role only `read` (`planStatements`). No wildcard action anywhere; a `*`
 * resource only where the API has no resource to scope to (each says so in `why`).
 */

/** One group of actions on one set of resources. */
export interface ServiceAccess {
  /** Statement id (`PascalCase`). */
  readonly sid: string;
  /** Actions a plan needs (no side effect). */
  readonly read: readonly string[];
  /** Actions only an apply needs. */
  readonly write: readonly string[];
  readonly resources: readonly string[];
  /** Why the resources are what they are, when they are `*` or wider than the platform's names. */
  readonly why?: string;
  /**
   * Conditions on the Terraform role's statement (read and write); the plan role reads without them.
   * @default none
   */
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
  /**
   * The Terraform role's managed policy (`<role>-<managedPolicy>`) that carries the statement instead of its inline
   * policy: IAM allows 10,240 characters of inline policy per role, which the environment stacks' statements outgrow.
   * @default the inline policy
   */
  readonly managedPolicy?: string;
}

/** The managed policy of the Terraform role with the account's monitoring, audit and security baseline statements. */
export const BASELINE_POLICY = 'baseline';

/** Where the environment stacks' resources live and how they are named. */
export interface AccountScope extends AccountRegion {
  /** Prefix of every physical name of the platform (`organisation.prefix`). */
  readonly prefix: string;
  /**
   * The `stack` default tags of the stacks the role applies (the environment's stacks): it creates KMS keys only
   * with one of them and changes only keys that carry one. @default none (serviceAccess refuses to build without)
   */
  readonly stackTags?: readonly string[];
}

/** The Terraform role's statement of `access`: its read and write actions, sorted, with its conditions. */
export function applyStatement(access: ServiceAccess): DataAwsIamPolicyDocumentStatement {
  return {
    sid: access.sid,
    effect: 'Allow',
    actions: [...access.read, ...access.write].sort(),
    resources: [...access.resources],
    ...(access.condition === undefined ? {} : { condition: access.condition.map((c) => ({ ...c, values: [...c.values] })) }),
  };
}

/** The plan role's statements of `access`: the read half of each group that has one, sorted, without conditions. */
export function planStatements(access: readonly ServiceAccess[]): DataAwsIamPolicyDocumentStatement[] {
  return access
    .filter((a) => a.read.length > 0)
    .map((a) => ({ sid: a.sid, effect: 'Allow', actions: [...a.read].sort(), resources: [...a.resources] }));
}
