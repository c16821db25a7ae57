/** The result of comparing two synthesized outputs (`cdktf.out/`) stack by stack. */

/** One attribute that differs between base and head, e.g. `lifecycle.prevent_destroy` or `statement[1].actions`. */
export interface AttributeChange {
  /** Dotted path with `[i]` for list items; `''` for the whole block. */
  readonly path: string;
  /** Value in the base; `undefined` when the attribute was added. */
  readonly before?: unknown;
  /** Value in the head; `undefined` when the attribute was removed. */
  readonly after?: unknown;
}

/** A resource or data source of one stack. */
export interface ResourceRef {
  /** Terraform address: `aws_s3_bucket.name` or `data.aws_iam_policy_document.name`. */
  readonly address: string;
  readonly kind: 'resource' | 'data';
  readonly type: string;
  /** The construct path (`dev/artifact-store/bucket`): what a reviewer recognises. */
  readonly path: string;
}

export interface ResourceChange extends ResourceRef {
  readonly changes: readonly AttributeChange[];
  /** Attributes among `changes` that force Terraform to destroy and re-create the resource. */
  readonly forceNew: readonly string[];
}

/** A resource moved to a new address by a `moved` block: no destroy. */
export interface ResourceMove {
  readonly from: string;
  readonly to: string;
}

/**
 * A resource that leaves this stack for another stack of the same account (or arrives from one) at the same
 * address and with the same configuration apart from references to shared resources: an environment split
 * (`stackGroups`) or merged back. Its state must be moved; no destroy.
 */
export interface StackMove extends ResourceRef {
  /** The other stack: where the resource goes (in `movedOut`) or where it comes from (in `movedIn`). */
  readonly stack: string;
}

export interface StackDiff {
  readonly stack: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  readonly changed: readonly ResourceChange[];
  readonly moved: readonly ResourceMove[];
  /** Resources that move to another stack (not in `removed`). */
  readonly movedOut: readonly StackMove[];
  /** Resources that move in from another stack (not in `added`). */
  readonly movedIn: readonly StackMove[];
  /** Changes outside resources and data sources: backend, providers, outputs, required version. */
  readonly settings: readonly AttributeChange[];
}

export type CalloutSeverity = 'danger' | 'warning';
export type CalloutCategory = 'stateful' | 'iam' | 'protection' | 'state' | 'move' | 'administrator';

/** Something a reviewer must not miss. */
export interface Callout {
  readonly severity: CalloutSeverity;
  readonly category: CalloutCategory;
  readonly stack: string;
  /** Terraform address, the setting's path for `state`, `<from stack> -> <to stack>` for `move`, the stack for `administrator`. */
  readonly address: string;
  /** Construct path, when the callout is about a resource. */
  readonly path?: string;
  /** One sentence, plain text. */
  readonly message: string;
}

export interface SynthDiff {
  /** Every stack of base or head, sorted by name. */
  readonly stacks: readonly StackDiff[];
  /** Sorted: danger first, then by stack, category, address; a resource's findings in the order found. */
  readonly callouts: readonly Callout[];
}
