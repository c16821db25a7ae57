/**
 * Issue 14, trust boundaries: read on the synthesized example (every stack), the policies each role really
 * gets. Who may assume what, write which state key, change which KMS key, approve which environment.
 */
import { exampleConfig } from '../support/config';
import { exampleTerraform } from '../support/example';
import { EXAMPLE_STACKS } from '../support/config';

const config = exampleConfig();
const ENVS = config.environments.map((e) => e.name);

interface Statement {
  sid?: string;
  effect: string;
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
  principals?: { type: string; identifiers: string[] }[];
}

/** A role of a synthesized stack: its name, trust statements and the statements of its inline policies. */
interface RoleView {
  readonly stack: string;
  readonly name: string;
  readonly trust: Statement[];
  readonly statements: Statement[];
  readonly boundary?: string;
}

const DOC = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/;

/** Every role of every stack of the example, with its policies resolved from their documents. */
function allRoles(): RoleView[] {
  return EXAMPLE_STACKS.flatMap((stack) => {
    const tf = exampleTerraform(stack);
    const docs: Record<string, { statement?: Statement[] }> = tf.data?.aws_iam_policy_document ?? {};
    const doc = (ref: string): Statement[] => {
      const id = DOC.exec(ref)?.[1];
      if (id === undefined) return JSON.parse(ref).Statement;
      return docs[id].statement ?? [];
    };
    const roles: Record<string, any> = tf.resource?.aws_iam_role ?? {};
    const policies: any[] = Object.values(tf.resource?.aws_iam_role_policy ?? {});
    return Object.entries(roles).map(([id, role]) => ({
      stack,
      name: role.name,
      trust: doc(role.assume_role_policy),
      boundary: role.permissions_boundary,
      statements: policies
        .filter((p) => p.role === `\${aws_iam_role.${id}.id}` || p.role === `\${aws_iam_role.${id}.name}` || p.role === role.name)
        .flatMap((p) => doc(p.policy)),
    }));
  });
}
const roles = allRoles();
const role = (stack: string, name: string): RoleView => {
  const found = roles.find((r) => r.stack === stack && r.name === name);
  if (found === undefined) throw new Error(`no role ${name} in ${stack}`);
  return found;
};
const allowing = (r: RoleView, action: string): Statement[] =>
  r.statements.filter((s) => s.effect === 'Allow' && (s.actions ?? []).includes(action));
const conditionValues = (s: Statement, variable: string): string[] | undefined =>
  s.condition?.find((c) => c.variable === variable && c.test === 'StringEquals')?.values;

/** The stacks of an environment the Terraform role applies (the environment's own and its split-out groups). */
const envStacks = (env: string): string[] => EXAMPLE_STACKS.filter((s) => s === env || (s.startsWith(`${env}-`) && s !== `${env}-access`));

describe('KMS in the environment accounts: only keys of the environment stacks', () => {
  test.each(ENVS)('%s: CreateKey only with aws:RequestTag/stack of one of its stacks', (env) => {
    const terraform = role(`${env}-access`, config.environments.find((e) => e.name === env)!.account.deployRoleName);
    const statements = allowing(terraform, 'kms:CreateKey');
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect(conditionValues(s, 'aws:RequestTag/stack')).toEqual(envStacks(env).sort());
  });

  test.each(ENVS.flatMap((env) => ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:UntagResource'].map((a) => [env, a])))(
    '%s: %s only on keys tagged with one of its stacks',
    (env, action) => {
      const terraform = role(`${env}-access`, config.environments.find((e) => e.name === env)!.account.deployRoleName);
      const statements = allowing(terraform, action);
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) expect(conditionValues(s, 'aws:ResourceTag/stack')).toEqual(envStacks(env).sort());
    },
  );
});

/** The statements of the managed policy `name` of `stack` (its policy document). */
function managedPolicy(stack: string, name: string): Statement[] | undefined {
  const tf = exampleTerraform(stack);
  const policy = Object.values<any>(tf.resource?.aws_iam_policy ?? {}).find((p) => p.name === name);
  if (policy === undefined) return undefined;
  const id = DOC.exec(policy.policy)![1];
  return tf.data.aws_iam_policy_document[id].statement;
}
const denying = (statements: Statement[], action: string, resource: string): Statement[] =>
  statements.filter(
    (s) => s.effect === 'Deny' && (s.actions ?? []).includes(action) && (s.resources ?? []).some((r) => r === resource || r === '*'),
  );

describe('boundary ownership: the delegation pattern, closed', () => {
  const accounts = [
    ...config.environments.map((e) => ({ access: `${e.name}-access`, accountId: e.account.id, terraform: e.account.deployRoleName })),
  ];
  const platformBoundary = (accountId: string) => `arn:aws:iam::${accountId}:policy/acme-cicd-permissions-boundary`;
  const terraformBoundary = (accountId: string) => `arn:aws:iam::${accountId}:policy/acme-cicd-terraform-boundary`;

  test.each(accounts)('$access owns the platform boundary; no stack a workflow applies creates one', ({ access }) => {
    expect(managedPolicy(access, 'acme-cicd-permissions-boundary')).toBeDefined();
    for (const stack of EXAMPLE_STACKS.filter((s) => !s.endsWith('access') && s !== 'bootstrap')) {
      expect([stack, managedPolicy(stack, 'acme-cicd-permissions-boundary')]).toEqual([stack, undefined]);
    }
  });

  test.each(accounts)(
    '$access: the Terraform role may not write any IAM policy (no CreatePolicyVersion on the boundary)',
    ({ access, terraform }) => {
      const r = role(access, terraform);
      const policyWrites = r.statements
        .filter((s) => s.effect === 'Allow')
        .flatMap((s) => s.actions ?? [])
        .filter((a) => /^iam:(CreatePolicy|CreatePolicyVersion|DeletePolicy|DeletePolicyVersion|SetDefaultPolicyVersion)$/.test(a));
      expect(policyWrites).toEqual([]);
    },
  );

  test.each(accounts)(
    '$access: the Terraform role carries its own boundary, which denies changing, deleting or detaching boundaries',
    ({ access, accountId, terraform }) => {
      const r = role(access, terraform);
      expect(r.boundary).toMatch(/^\$\{aws_iam_policy\.terraform-role_boundary_policy_[A-F0-9]+\.arn\}$/);
      const own = managedPolicy(access, 'acme-cicd-terraform-boundary')!;
      for (const boundary of [platformBoundary(accountId), terraformBoundary(accountId)]) {
        for (const action of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion']) {
          expect([boundary, action, denying(own, action, boundary).length > 0]).toEqual([boundary, action, true]);
        }
      }
      expect(denying(own, 'iam:DeleteRolePermissionsBoundary', '*')).toHaveLength(1);
      // it changes neither itself nor the plan role
      const self = `arn:aws:iam::${accountId}:role/${terraform}`;
      for (const action of ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRolePermissionsBoundary']) {
        expect(denying(own, action, self).length).toBeGreaterThan(0);
      }
    },
  );

  test.each(accounts)(
    '$access: its boundary denies creating or re-bounding a role without the platform boundary',
    ({ access, accountId }) => {
      const own = managedPolicy(access, 'acme-cicd-terraform-boundary')!;
      for (const action of ['iam:CreateRole', 'iam:PutRolePermissionsBoundary']) {
        expect(denying(own, action, '*').map((s) => s.condition)).toEqual([
          [{ test: 'StringNotEquals', variable: 'iam:PermissionsBoundary', values: [platformBoundary(accountId)] }],
        ]);
      }
    },
  );

  test('the management Terraform role carries its own boundary too', () => {
    const r = role('management-access', config.organisation.management.deployRoleName);
    expect(r.boundary).toMatch(/^\$\{aws_iam_policy\.terraform-role_boundary_policy_[A-F0-9]+\.arn\}$/);
  });
});
