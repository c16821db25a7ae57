import type { IConstruct } from './cdktf';

const METADATA_TYPE = 'cicd-platform:policy-stack-traits';

/** What the policy pack needs to know about a stack that its resources alone do not say. */
export interface StackTraits {
  /** The stack deploys production (the last environment of the promotion order). @default false */
  readonly production?: boolean;
  /** Stateful resources (buckets, keys, tables, domains) of the stack must be protected from destroy. @default false */
  readonly protectsState?: boolean;
  /** Name of the production environment (its GitHub deployment environment has this name), in any stack. @default none */
  readonly productionEnvironment?: string;
  /**
   * The actions of the permissions boundary the stack's roles carry by ARN, when another stack owns it (the
   * access stacks): PLAT-BND-002 checks each role's policy against them. @default none
   */
  readonly sharedBoundary?: { readonly arn: string; readonly actions: readonly string[] };
}

/** The traits of a stack, defaults applied. */
export interface ResolvedStackTraits {
  readonly production: boolean;
  readonly protectsState: boolean;
  readonly productionEnvironment?: string;
  readonly sharedBoundary?: { readonly arn: string; readonly actions: readonly string[] };
}

/** Declare traits of `stack` for the policy rules (merged with traits declared before). */
export function declareStackTraits(stack: IConstruct, traits: StackTraits): void {
  stack.node.addMetadata(METADATA_TYPE, { ...traits });
}

/** The traits declared on `stack`, with defaults. */
export function stackTraitsOf(stack: IConstruct): ResolvedStackTraits {
  const declared = stack.node.metadata.filter((entry) => entry.type === METADATA_TYPE).map((entry) => entry.data as StackTraits);
  return {
    production: declared.some((t) => t.production === true),
    protectsState: declared.some((t) => t.protectsState === true),
    productionEnvironment: declared.find((t) => t.productionEnvironment !== undefined)?.productionEnvironment,
    sharedBoundary: declared.find((t) => t.sharedBoundary !== undefined)?.sharedBoundary,
  };
}
