/**
 * Issue 14, trust boundaries: read on the synthesized example (every stack), the policies each role really
 * gets. Who may assume what, write which state key, change which KMS key, approve which environment.
 */
import { serviceStateScopes, stateReadScopes } from '../../model';
import { iamRoleArn } from '../../modules/core';
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

describe('state: each environment writes only its own state keys and lock entries', () => {
  const bootstrap = exampleTerraform('bootstrap');
  const { bucketName } = config.organisation.stateBackend;
  const bucketId = Object.entries<any>(bootstrap.resource.aws_s3_bucket).find(([, b]) => b.bucket === bucketName)![0];
  const resolve = (r: string) => r.replace(`\${aws_s3_bucket.${bucketId}.arn}`, `arn:aws:s3:::${bucketName}`);
  const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const stateRoles = roles.filter((r) => r.stack === 'bootstrap');
  const assumableBy = (principal: string) =>
    stateRoles.filter((r) =>
      r.trust.some(
        (s) =>
          s.effect === 'Allow' &&
          (s.actions ?? []).includes('sts:AssumeRole') &&
          (s.condition ?? []).some((c) => c.variable === 'aws:PrincipalArn' && c.values.includes(principal)),
      ),
    );
  const objectArn = (stack: string) => `arn:aws:s3:::${bucketName}/${stack}/terraform.tfstate`;
  const canPut = (r: RoleView, object: string) =>
    allowing(r, 's3:PutObject').some((s) => (s.resources ?? []).map(resolve).some((res) => glob(res).test(object)));
  const canLock = (r: RoleView, stack: string) =>
    allowing(r, 'dynamodb:PutItem').some((s) => {
      const keys = s.condition?.find((c) => c.variable === 'dynamodb:LeadingKeys')?.values;
      return keys === undefined || keys.some((k) => glob(k).test(`${bucketName}/${stack}/terraform.tfstate`));
    });
  /** The principals that act for environment `env`: its GitHub deploy role and its account's administrators. */
  const principalsOf = (env: string) => {
    const e = config.environments.find((x) => x.name === env)!;
    return [`arn:aws:iam::${e.account.id}:role/${config.organisation.sourceControl.deployRoleName}`, ...e.account.administratorRoleArns];
  };
  const stacksOf = (env: string) => [...envStacks(env), `${env}-access`];
  const pairs = ENVS.flatMap((a) => ENVS.filter((b) => b !== a).map((b) => [a, b]));

  test.each(pairs)("%s's principals can neither put nor lock %s's state keys", (a, b) => {
    for (const principal of principalsOf(a)) {
      for (const r of assumableBy(principal)) {
        for (const stack of stacksOf(b)) {
          expect([principal, r.name, stack, canPut(r, objectArn(stack)), canLock(r, stack)]).toEqual([
            principal,
            r.name,
            stack,
            false,
            false,
          ]);
        }
      }
    }
  });

  test.each(ENVS)("%s's GitHub deploy role writes its own stacks' state, not its access stack's nor the platform's", (env) => {
    const [deployRole] = principalsOf(env);
    const reachable = assumableBy(deployRole);
    expect(reachable.map((r) => r.name)).toEqual([`${config.organisation.stateBackend.roleName}-${env}`]);
    for (const stack of envStacks(env)) expect(canPut(reachable[0], objectArn(stack)) && canLock(reachable[0], stack)).toBe(true);
    for (const stack of [`${env}-access`, 'platform', 'bootstrap', 'management-access']) {
      expect([stack, canPut(reachable[0], objectArn(stack)), canLock(reachable[0], stack)]).toEqual([stack, false, false]);
    }
  });

  test('no state role may put an object anywhere but exact state keys and their lock files', () => {
    for (const r of stateRoles) {
      const resources = allowing(r, 's3:PutObject').flatMap((s) => (s.resources ?? []).map(resolve));
      for (const res of resources)
        expect([r.name, res]).toEqual([r.name, expect.stringMatching(/^arn:aws:s3:::[^*]+\/terraform\.tfstate(\.tflock)?$/)]);
    }
  });

  test.each(stateReadScopes(config).map((s) => [s.name, s.roleName]))('the read-only state role of %s writes nothing', (_scope, name) => {
    const writes = role('bootstrap', name)
      .statements.flatMap((s) => s.actions ?? [])
      .filter((a) => /^(s3:(Put|Delete)|dynamodb:(Put|Delete|Update)|kms:(Encrypt|GenerateDataKey))/.test(a));
    expect(writes).toEqual([]);
  });

  // Reads, scoped like writes: a scope is the management account's stacks or one environment's (its stacks, its
  // access stack and its services' own infrastructure); its readers are every principal that acts for it.
  const { partition, management, sourceControl } = config.organisation;
  const services = serviceStateScopes(config);
  const readScopes = stateReadScopes(config).map((scope) => {
    const env = config.environments.find((e) => e.name === scope.name);
    const own = services.filter((s) => s.environment === scope.name);
    return {
      name: scope.name,
      keys: [...scope.stacks.map((stack) => `${stack}/terraform.tfstate`), ...own.map((s) => s.stateKey)],
      readers:
        env === undefined
          ? [scope.readerRoleArn, iamRoleArn(partition, management.accountId, sourceControl.deployRoleName)]
          : [scope.readerRoleArn, ...principalsOf(env.name), ...own.flatMap((s) => [s.planRoleArn, s.applyRoleArn])],
    };
  });
  const canGet = (r: RoleView, key: string) =>
    allowing(r, 's3:GetObject').some((s) =>
      (s.resources ?? []).map(resolve).some((res) => glob(res).test(`arn:aws:s3:::${bucketName}/${key}`)),
    );
  const canGetLockRow = (r: RoleView, key: string) =>
    allowing(r, 'dynamodb:GetItem').some((s) => {
      const keys = s.condition?.find((c) => c.variable === 'dynamodb:LeadingKeys')?.values;
      return keys === undefined || keys.some((k) => glob(k).test(`${bucketName}/${key}`) || glob(k).test(`${bucketName}/${key}-md5`));
    });
  const readPairs = readScopes.flatMap((a) => readScopes.filter((b) => b !== a).map((b) => [a.name, b.name]));

  test.each(readPairs)("%s's plan and deploy principals can read neither the state nor the lock rows of %s", (a, b) => {
    const reader = readScopes.find((s) => s.name === a)!;
    const other = readScopes.find((s) => s.name === b)!;
    for (const principal of reader.readers) {
      for (const r of assumableBy(principal)) {
        for (const key of other.keys) {
          expect([principal, r.name, key, canGet(r, key), canGetLockRow(r, key)]).toEqual([principal, r.name, key, false, false]);
        }
      }
    }
  });

  test.each(stateReadScopes(config).map((s) => [s.name, s.roleName, s.readerRoleArn, s.stacks]))(
    '%s: its plan role reaches one state role, %s, which reads every stack it plans',
    (_scope, name, planRole, stacks) => {
      expect(assumableBy(planRole).map((r) => r.name)).toEqual([name]);
      for (const stack of stacks) expect([stack, canGet(role('bootstrap', name), `${stack}/terraform.tfstate`)]).toEqual([stack, true]);
    },
  );

  test.each(EXAMPLE_STACKS.filter((s) => s !== 'bootstrap'))('%s: the backend assumes the state role of its own scope', (stack) => {
    const backend = exampleTerraform(stack).terraform.backend.s3;
    const role = stateRoles.find((r) => backend.assume_role.role_arn.endsWith(`:role/${r.name}`))!;
    expect(backend.key).toBe(`${stack}/terraform.tfstate`);
    expect(canPut(role, objectArn(stack))).toBe(true);
  });
});

describe("the GitHub deploy role is out of the Terraform role's reach", () => {
  const deployRole = config.organisation.sourceControl.deployRoleName;
  test.each(config.environments.map((e) => [e.name, e.account.id]))(
    '%s: the access stack owns it; the Terraform role may not change it, and its boundary denies it',
    (env, accountId) => {
      const arn = `arn:aws:iam::${accountId}:role/${deployRole}`;
      expect(role(`${env}-access`, deployRole).boundary).toMatch(/^\$\{aws_iam_policy\.permissions-boundary_policy_/);
      for (const stack of envStacks(env)) expect(roles.filter((r) => r.stack === stack && r.name === deployRole)).toEqual([]);
      // every document of the Terraform role's policies, inline and managed (not its trust nor its boundary)
      const docs = Object.entries<any>(exampleTerraform(`${env}-access`).data.aws_iam_policy_document).filter(
        ([id]) => id.startsWith('terraform-role_') && !/^terraform-role_(trust|boundary)_/.test(id),
      );
      const writes = docs
        .flatMap(([, d]) => d.statement as Statement[])
        .filter(
          (s) =>
            s.effect === 'Allow' &&
            (s.actions ?? []).some((a) => /^iam:(UpdateAssumeRolePolicy|PutRolePolicy|AttachRolePolicy|DeleteRole)$/.test(a)),
        )
        .flatMap((s) => s.resources ?? []);
      // it still administers the platform's roles, just not this one
      expect(writes).toContain(`arn:aws:iam::${accountId}:role/acme-*`);
      expect(writes).not.toContain(arn);
      const own = managedPolicy(`${env}-access`, 'acme-cicd-terraform-boundary')!;
      for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole']) {
        expect([action, denying(own, action, arn).length > 0]).toEqual([action, true]);
      }
    },
  );
});
