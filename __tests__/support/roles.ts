/** The IAM roles of synthesized stacks, with their trust, inline policy and boundary statements resolved. */

export interface IamStatement {
  sid?: string;
  effect: string;
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
  principals?: { type: string; identifiers: string[] }[];
}

export interface RoleView {
  readonly stack: string;
  /** The role's logical id in its stack. */
  readonly id: string;
  readonly name: string;
  readonly trust: IamStatement[];
  /** The statements of its inline policies. */
  readonly statements: IamStatement[];
  /** Its `permissions_boundary` as synthesized (an ARN or a reference). */
  readonly boundary?: string;
}

const DOC = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/;

/** The statements of a policy: a reference to a policy document of `tf`, or literal JSON. */
export function statementsOfPolicy(tf: Record<string, any>, policy: string): IamStatement[] {
  const id = DOC.exec(policy)?.[1];
  if (id === undefined) return JSON.parse(policy).Statement;
  return tf.data.aws_iam_policy_document[id].statement ?? [];
}

/** Every role of `stacks` (name and Terraform JSON). */
export function rolesOf(stacks: readonly { name: string; tf: Record<string, any> }[]): RoleView[] {
  return stacks.flatMap(({ name: stack, tf }) => {
    const policies: any[] = Object.values(tf.resource?.aws_iam_role_policy ?? {});
    return Object.entries<any>(tf.resource?.aws_iam_role ?? {}).map(([id, role]) => ({
      stack,
      id,
      name: role.name,
      trust: statementsOfPolicy(tf, role.assume_role_policy),
      boundary: role.permissions_boundary,
      statements: policies
        .filter((p) => p.role === `\${aws_iam_role.${id}.id}` || p.role === `\${aws_iam_role.${id}.name}` || p.role === role.name)
        .flatMap((p) => statementsOfPolicy(tf, p.policy)),
    }));
  });
}

/** Whether an action pattern of a policy (`*`, `service:*`, `service:Put*`) matches `action`, case-insensitively as IAM does. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(action);
}

/** Whether `statement` applies to `action` (its actions match, or its not_actions leave it out). */
export function statementCovers(statement: IamStatement, action: string): boolean {
  if (statement.not_actions !== undefined) return !statement.not_actions.some((p) => actionMatches(p, action));
  return (statement.actions ?? []).some((p) => actionMatches(p, action));
}
