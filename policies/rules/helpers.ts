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

/** Every block of a nested block attribute (Terraform blocks synthesize as a list, or as one object). */
export function blocksOf(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
  if (value !== null && typeof value === 'object') return [value as Record<string, unknown>];
  return [];
}

/** A non-empty string: a literal or a `${...}` reference. */
export function isSet(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** True when `value` is a Terraform reference or expression rather than a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** The policy document data source behind a `policy`-like attribute, if it is one in this stack. */
export function documentBehind(stack: StackView, value: unknown): ResourceView | undefined {
  const target = stack.resolveReference(value);
  return target?.type === 'aws_iam_policy_document' && target.kind === 'data' ? target : undefined;
}

/**
 * Resource policies in which `"Resource": "*"` means the one resource the policy is attached to (AWS allows
 * nothing narrower): by resource type, the attribute that holds the policy.
 */
export const SELF_SCOPED_POLICIES: Readonly<Record<string, string>> = {
  aws_kms_key: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_ecr_repository_policy: 'policy',
  aws_codeartifact_domain_permissions_policy: 'policy_document',
  aws_codeartifact_repository_permissions_policy: 'policy_document',
};

/** Data sources `aws_iam_policy_document` used as a KMS key policy in this stack. */
export function isKeyPolicyDocument(stack: StackView, document: ResourceView): boolean {
  return referencedBy(stack, { aws_kms_key: 'policy' }).has(document.address);
}

/** Addresses that the attribute `attributes[type]` of some resource of `type` refers to, once per stack. */
function referencedBy(stack: StackView, attributes: Readonly<Record<string, string>>): ReadonlySet<string> {
  return stack.memo(`referenced-by:${JSON.stringify(attributes)}`, () => {
    const addresses = new Set<string>();
    for (const [type, attribute] of Object.entries(attributes)) {
      for (const resource of stack.ofType(type)) {
        const target = stack.resolveReference(resource.config[attribute]);
        if (target !== undefined) addresses.add(target.address);
      }
    }
    return addresses;
  });
}

/** Whether `document` is a resource policy in which "*" is the resource itself (see SELF_SCOPED_POLICIES). */
export function isSelfScopedResourcePolicy(stack: StackView, document: ResourceView): boolean {
  return referencedBy(stack, SELF_SCOPED_POLICIES).has(document.address);
}

/** Statements of a literal JSON policy (a string that is not a Terraform expression); undefined otherwise. */
export function literalPolicyStatements(value: unknown): Record<string, unknown>[] | undefined {
  if (typeof value !== 'string' || isExpression(value)) return undefined;
  try {
    const parsed = JSON.parse(value) as { Statement?: unknown };
    return blocksOf(parsed.Statement);
  } catch {
    return undefined;
  }
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null ? [] : [String(value)];
}

/** Convert a statement of a JSON policy (`Effect`, `Action`, `Principal`, `Condition`) to the data source's shape. */
export function fromJsonStatement(statement: Record<string, unknown>): PolicyStatement {
  const principal = statement.Principal;
  const principals =
    principal === '*'
      ? [{ type: '*', identifiers: ['*'] }]
      : Object.entries((principal ?? {}) as Record<string, unknown>).map(([type, ids]) => ({ type, identifiers: asList(ids) }));
  const condition = Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, variables]) =>
    Object.entries(variables ?? {}).map(([variable, values]) => ({ test, variable, values: asList(values) })),
  );
  return {
    sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
    effect: typeof statement.Effect === 'string' ? statement.Effect : 'Allow',
    actions: asList(statement.Action),
    not_actions: asList(statement.NotAction),
    resources: asList(statement.Resource),
    not_resources: asList(statement.NotResource),
    principals,
    condition,
  };
}

/**
 * The statements of a policy attribute: from the `aws_iam_policy_document` it refers to, or parsed from
 * literal JSON. `undefined` when the policy is an expression the pack cannot read.
 */
export function policyStatements(stack: StackView, value: unknown): PolicyStatement[] | undefined {
  const document = documentBehind(stack, value);
  if (document !== undefined) return statementsOf(document);
  return literalPolicyStatements(value)?.map(fromJsonStatement);
}

/** Allow statements only. */
export function allows(statements: readonly PolicyStatement[]): PolicyStatement[] {
  return statements.filter((s) => (s.effect ?? 'Allow') === 'Allow');
}

/**
 * Whether `document` is the policy of an `aws_iam_policy` that a role of this stack carries as its
 * permissions boundary (by reference, or by an ARN ending in the policy's name), or that a policy of this stack
 * requires as the boundary of the roles it lets be created (an `iam:PermissionsBoundary` condition: the access
 * stacks own the boundary the environment stacks' roles carry).
 */
export function isBoundaryDocument(stack: StackView, document: ResourceView): boolean {
  return boundaryDocuments(stack).has(document.address);
}

/** The addresses of every policy document that is the policy of a boundary (see isBoundaryDocument), once per stack. */
function boundaryDocuments(stack: StackView): ReadonlySet<string> {
  return stack.memo('boundary-documents', () => {
    const required = stack
      .ofType('data.aws_iam_policy_document')
      .flatMap((doc) => statementsOf(doc))
      .flatMap((s) => (s.condition ?? []).filter((c) => c.variable === 'iam:PermissionsBoundary').flatMap((c) => [...(c.values ?? [])]));
    const boundaries = [
      ...stack
        .ofType('aws_iam_role')
        .map((role) => role.config.permissions_boundary)
        .filter((b): b is string => typeof b === 'string'),
      ...required,
    ];
    const byReference = new Set(boundaries.map((b) => stack.resolveReference(b)?.address).filter((a) => a !== undefined));
    const byName = new Set(
      boundaries.filter((b) => b.includes(':policy/')).map((b) => b.slice(b.lastIndexOf(':policy/') + ':policy/'.length)),
    );
    const documents = new Set<string>();
    for (const policy of stack.ofType('aws_iam_policy')) {
      const name = policy.config.name;
      const isBoundary = byReference.has(policy.address) || (typeof name === 'string' && byName.has(name));
      const document = stack.resolveReference(policy.config.policy);
      if (isBoundary && document !== undefined) documents.add(document.address);
    }
    return documents;
  });
}
