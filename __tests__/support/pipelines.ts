/** Helpers that read pipelines, their roles and policies out of a synthesized stack. */

/** `${aws_x.name.attr}` -> `name` of the referenced resource of `type`. */
function referenced(tf: Record<string, any>, value: string, type: string, kind: 'resource' | 'data' = 'resource'): Record<string, any> {
  const prefix = kind === 'data' ? `data.${type}.` : `${type}.`;
  const match = new RegExp(`^\\$\\{${prefix.replace(/\./g, '\\.')}([^.]+)\\.`).exec(value);
  if (!match) throw new Error(`${value} does not reference a ${prefix}`);
  const block = kind === 'data' ? tf.data?.[type] : tf.resource?.[type];
  const found = block?.[match[1]];
  if (found === undefined) throw new Error(`${value}: no such ${type}`);
  return found;
}

/** Every pipeline of a stack by its physical name. */
export function pipelinesByName(tf: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.values(tf.resource?.aws_codepipeline ?? {}).map((p: any) => [p.name, p]));
}

/** The role a pipeline runs as. */
export function roleOf(tf: Record<string, any>, pipeline: Record<string, any>): Record<string, any> {
  return referenced(tf, pipeline.role_arn, 'aws_iam_role');
}

/** The statements of the inline policy of the role `roleName` in the stack. */
export function roleStatements(tf: Record<string, any>, roleName: string): any[] {
  const [roleId] = Object.entries(tf.resource.aws_iam_role).find(([, r]: [string, any]) => r.name === roleName) ?? [];
  if (roleId === undefined) throw new Error(`no role ${roleName}`);
  const policies = Object.values(tf.resource.aws_iam_role_policy).filter((p: any) => p.role === `\${aws_iam_role.${roleId}.id}`);
  return policies.flatMap((p: any) => referenced(tf, p.policy, 'aws_iam_policy_document', 'data').statement);
}

/** The trust statements of the role `roleName`. */
export function trustStatements(tf: Record<string, any>, roleName: string): any[] {
  const role: any = Object.values(tf.resource.aws_iam_role).find((r: any) => r.name === roleName);
  return referenced(tf, role.assume_role_policy, 'aws_iam_policy_document', 'data').statement;
}

/** `Stage[action, action#2] > ...`: a pipeline's stages and actions in order, with run orders above 1. */
export function walk(pipeline: Record<string, any>): string {
  return pipeline.stage
    .map((s: any) => `${s.name}[${s.action.map((a: any) => a.name + (a.run_order > 1 ? `#${a.run_order}` : '')).join(', ')}]`)
    .join(' > ');
}

/** Every action of a pipeline with its stage name. */
export function actionsOf(pipeline: Record<string, any>): { stage: string; action: any }[] {
  return pipeline.stage.flatMap((s: any) => s.action.map((a: any) => ({ stage: s.name, action: a })));
}

/** The statements of the policy document a resource's `attr` refers to (e.g. a bucket policy's `policy`). */
export function documentStatements(tf: Record<string, any>, reference: string): any[] {
  return referenced(tf, reference, 'aws_iam_policy_document', 'data').statement;
}
