/**
 * Issue 14, approvals: only an environment's approver role, assumed by the approvers the config names, may answer
 * the approval actions of that environment's pipelines; every other role the platform creates is denied it. Read
 * on every synthesized stack of the example, the policies each role really gets.
 */
import { APPROVAL_RESULT_ACTION } from '../../modules/pipeline-approver-role';
import { configErrorOf, exampleConfig } from '../support/config';
import { exampleStackNames, exampleTerraform } from '../support/example';
import { accountOf, type SynthesizedStack } from '../support/audit';
import { rolesOf, statementCovers, statementsOfPolicy, type RoleView } from '../support/roles';

const config = exampleConfig();
const stacks: SynthesizedStack[] = exampleStackNames().map((name) => ({ name, tf: exampleTerraform(name) }));
const APPROVER = /^acme-[a-z0-9]+-approver$/;
const isApproverRole = (r: RoleView) => APPROVER.test(r.name) && r.stack.endsWith('-access');

/** The ARNs of the approval actions of the synthesized pipelines in `env`'s stacks (its own and its split-out groups). */
function approvalActionsIn(all: readonly SynthesizedStack[], env: string): string[] {
  const { account } = config.environments.find((e) => e.name === env)!;
  return all
    .filter((s) => s.name === env || (s.name.startsWith(`${env}-`) && s.name !== `${env}-access`))
    .flatMap((s) => Object.values<any>(s.tf.resource?.aws_codepipeline ?? {}))
    .flatMap((p) =>
      p.stage.flatMap((stage: any) =>
        stage.action
          .filter((a: any) => a.category === 'Approval')
          .map((a: any) => `arn:aws:codepipeline:${account.region}:${account.id}:${p.name}/${stage.name}/${a.name}`),
      ),
    )
    .sort();
}

/**
 * The policy documents that are permissions boundaries (a ceiling on what a role may be granted, not a grant),
 * as `<stack>:<document reference>`: those of the managed policies some role names as its boundary.
 */
function boundaryDocuments(all: readonly SynthesizedStack[]): Set<string> {
  const boundaries = all.flatMap((s) => Object.values<any>(s.tf.resource?.aws_iam_role ?? {}).map((r) => r.permissions_boundary ?? ''));
  return new Set(
    all.flatMap((s) =>
      Object.entries<any>(s.tf.resource?.aws_iam_policy ?? {})
        .filter(([id, policy]) => boundaries.some((b) => b.endsWith(`:policy/${policy.name}`) || b.includes(`aws_iam_policy.${id}.`)))
        .map(([, policy]) => `${s.name}:${policy.policy}`),
    ),
  );
}

/**
 * Every grant of PutApprovalResult (an Allow statement covering it) in any policy document of `all`, but the
 * approver roles' own and the boundaries' ceilings: `<stack>: <document>`.
 */
function approvalsOutsideApproverRoles(all: readonly SynthesizedStack[]): string[] {
  const skipped = boundaryDocuments(all);
  for (const s of all) {
    for (const [id, role] of Object.entries<any>(s.tf.resource?.aws_iam_role ?? {})) {
      if (!APPROVER.test(role.name) || !s.name.endsWith('-access')) continue;
      for (const p of Object.values<any>(s.tf.resource?.aws_iam_role_policy ?? {})) {
        if (p.role === `\${aws_iam_role.${id}.id}`) skipped.add(`${s.name}:${p.policy}`);
      }
    }
  }
  return all.flatMap((s) =>
    Object.entries<any>(s.tf.data?.aws_iam_policy_document ?? {})
      .filter(([id]) => !skipped.has(`${s.name}:\${data.aws_iam_policy_document.${id}.json}`))
      .filter(([, doc]) => (doc.statement ?? []).some((st: any) => st.effect === 'Allow' && statementCovers(st, APPROVAL_RESULT_ACTION)))
      .map(([id]) => `${s.name}: ${id}`),
  );
}

/** The statements of the platform boundary of each account, by account. */
function platformBoundaries(all: readonly SynthesizedStack[]): Map<string, any[]> {
  const byAccount = new Map<string, any[]>();
  for (const s of all) {
    for (const policy of Object.values<any>(s.tf.resource?.aws_iam_policy ?? {})) {
      if (policy.name === 'acme-cicd-permissions-boundary') byAccount.set(accountOf(s)!, statementsOfPolicy(s.tf, policy.policy));
    }
  }
  return byAccount;
}

const denies = (statements: readonly any[]) =>
  statements.some((st) => st.effect === 'Deny' && statementCovers(st, APPROVAL_RESULT_ACTION) && (st.resources ?? []).includes('*'));

const withApprovals = config.environments.filter((e) => approvalActionsIn(stacks, e.name).length > 0).map((e) => e.name);
const roles = rolesOf(stacks);

describe('the approver role of each environment with approval actions', () => {
  test('the example has approval actions in dev (gated pipelines), staging and prod, and none in test', () => {
    expect(withApprovals).toEqual(['dev', 'staging', 'prod']);
    expect(
      roles
        .filter(isApproverRole)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['acme-dev-approver', 'acme-prod-approver', 'acme-staging-approver']);
  });

  test.each(withApprovals)('%s: approves exactly the approval actions of its pipelines, and reads only those pipelines', (env) => {
    const approver = roles.find((r) => r.stack === `${env}-access` && r.name === `acme-${env}-approver`)!;
    const allowed = approver.statements.filter((st) => st.effect === 'Allow');
    const approving = allowed.filter((st) => statementCovers(st, APPROVAL_RESULT_ACTION));
    expect(approving.flatMap((st) => st.resources).sort()).toEqual(approvalActionsIn(stacks, env));
    const pipelines = approvalActionsIn(stacks, env).map((arn) => arn.split('/')[0]);
    const reads = allowed.filter((st) => !statementCovers(st, APPROVAL_RESULT_ACTION));
    for (const st of reads) {
      expect(st.actions!.every((a) => /^codepipeline:(Get|List)/.test(a))).toBe(true);
      expect(st.resources!.every((r) => pipelines.includes(r) || (r === '*' && st.actions!.join() === 'codepipeline:ListPipelines'))).toBe(
        true,
      );
    }
    expect(approver.boundary).toBeUndefined();
  });

  test.each(withApprovals)('%s: only the approver roles the config names may assume it', (env) => {
    const approver = roles.find((r) => r.stack === `${env}-access` && r.name === `acme-${env}-approver`)!;
    const named = config.environments.find((e) => e.name === env)!.approval.approverRoleArns;
    expect(named.length).toBeGreaterThan(0);
    expect(approver.trust).toEqual([
      expect.objectContaining({
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...named].sort() }],
      }),
    ]);
  });
});

describe('every other role is kept from approving', () => {
  test('no policy document of any stack grants PutApprovalResult, but the approver roles’ own', () => {
    // the boundaries are ceilings (the Terraform roles' allows codepipeline:*): they grant nothing
    expect(boundaryDocuments(stacks).size).toBeGreaterThan(0);
    expect(approvalsOutsideApproverRoles(stacks)).toEqual([]);
  });

  test('the check finds a role allowed to approve through a wildcard', () => {
    const changed = stacks.map((s) => ({ name: s.name, tf: structuredClone(s.tf) }));
    const prod = changed.find((s) => s.name === 'prod')!;
    const [id, doc] = Object.entries<any>(prod.tf.data.aws_iam_policy_document).find(([key]) => /^pipeline-[a-z0-9-]+_/.test(key))!;
    doc.statement.push({ effect: 'Allow', actions: ['codepipeline:Put*'], resources: ['*'] });
    expect(approvalsOutsideApproverRoles(changed)).toEqual([`prod: ${id}`]);
  });

  test('the permissions boundary of every account denies it', () => {
    const boundaries = platformBoundaries(stacks);
    expect([...boundaries.keys()].sort()).toEqual(['111111111111', ...config.environments.map((e) => e.account.id)].sort());
    for (const [account, statements] of boundaries) expect([account, denies(statements)]).toEqual([account, true]);
  });

  test('every role but the approver roles is denied it: by the platform boundary or by its own policy', () => {
    const boundaries = platformBoundaries(stacks);
    const exposed = roles
      .filter((r) => !isApproverRole(r))
      .filter((r) => {
        const account = accountOf(stacks.find((s) => s.name === r.stack)!)!;
        const platformBound =
          r.boundary !== undefined &&
          (r.boundary.endsWith(`:${account}:policy/acme-cicd-permissions-boundary`) ||
            /aws_iam_policy\.permissions-boundary_policy/.test(r.boundary));
        return !(platformBound && denies(boundaries.get(account)!)) && !denies(r.statements);
      })
      .map((r) => `${r.stack}: ${r.name}`);
    expect(exposed).toEqual([]);
    // the roles without the platform's boundary carry the Deny themselves
    const unbounded = roles.filter((r) => !isApproverRole(r) && !(r.boundary ?? '').includes('permissions-boundary'));
    expect(unbounded.map((r) => r.name)).toEqual(expect.arrayContaining(['cicd-platform-terraform', 'cicd-platform-plan']));
    for (const r of unbounded) expect([r.stack, r.name, denies(r.statements)]).toEqual([r.stack, r.name, true]);
  });
});

test.each(withApprovals)("%s: the Terraform role's own boundary forbids it to change the approver role", (env) => {
  const tf = stacks.find((s) => s.name === `${env}-access`)!.tf;
  const boundary = Object.values<any>(tf.resource.aws_iam_policy).find((p) => p.name === 'acme-cicd-terraform-boundary');
  const account = config.environments.find((e) => e.name === env)!.account.id;
  const denied = statementsOfPolicy(tf, boundary.policy).filter(
    (st) => st.effect === 'Deny' && (st.resources ?? []).includes(`arn:aws:iam::${account}:role/acme-${env}-approver`),
  );
  expect(denied.flatMap((st) => st.actions)).toEqual(expect.arrayContaining(['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy']));
});

describe('bad input', () => {
  test('an environment whose pipelines stop for approval without approverRoleArns: one error naming file, field and fix', () => {
    const error = configErrorOf((raw) => (raw.environments.prod.approval.approverRoleArns = []));
    expect(error.message).toMatch(
      /^environments\/prod\.ts \(environment "prod"\): approval\.approverRoleArns: needs at least one IAM role ARN of the approvers .*since approval\.required is true .*only the approver role acme-prod-approver may approve/m,
    );
    expect(error.message.split('\n')).toHaveLength(1);
  });

  test('gated pipelines need approvers too, where the environment requires no approval', () => {
    const error = configErrorOf((raw) => delete raw.environments.dev.approval.approverRoleArns);
    expect(error.message).toMatch(
      /^environments\/dev\.ts \(environment "dev"\): approval\.approverRoleArns: .*stop for approval here \(pattern "gated"\)/,
    );
  });

  test('an approver that is not an exact role ARN is refused by the schema', () => {
    const error = configErrorOf((raw) => (raw.environments.prod.approval.approverRoleArns = ['arn:aws:iam::555555555555:role/*']));
    expect(error.message).toMatch(/environments\/prod\.ts.*approval\.approverRoleArns\[0\].*must be the ARN of an IAM role/);
  });
});
