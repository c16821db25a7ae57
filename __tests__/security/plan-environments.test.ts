/**
 * Issue 14, trust boundary environment -> environment: a pull request runs its own workflow file, so it can name
 * any GitHub environment. Each plan role must admit the OIDC subjects of its own plan environments alone, and every
 * plan environment of production and of the management account must hold a gate no branch passes by itself:
 * reviewers (production's approvers, the platform stack's reviewers) who may not approve their own run, or, for the
 * default branch's `plan-<scope>-main` (deploy.yml's and drift.yml's plans, which wait for nobody), a deployment
 * branch policy admitting the default branch alone. Read on the synthesized example (every stack), by the values
 * of its config files.
 */
import { planEnvironments } from '../../model';
import { productionOf } from '../../model/promotion';
import { exampleConfig, EXAMPLE_STACKS } from '../support/config';
import { exampleTerraform } from '../support/example';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

const config = exampleConfig();
const { owner, platformRepository } = config.organisation.github;
const subject = (environment: string) => `repo:${owner}/${platformRepository}:environment:${environment}`;
const PLANS = planEnvironments(config);

interface Condition {
  test: string;
  variable: string;
  values: string[];
}
interface Statement {
  effect: string;
  actions?: string[];
  condition?: Condition[];
}
interface TrustView {
  readonly stack: string;
  readonly name: string;
  readonly trust: Statement[];
}

const DOC = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/;

/** Every role of every stack of the example, with its trust statements. */
const roles: TrustView[] = EXAMPLE_STACKS.flatMap((stack) => {
  const tf = exampleTerraform(stack);
  const docs: Record<string, { statement?: Statement[] }> = tf.data?.aws_iam_policy_document ?? {};
  return Object.values<any>(tf.resource?.aws_iam_role ?? {}).map((role) => {
    const id = DOC.exec(role.assume_role_policy)?.[1];
    const trust = id === undefined ? (JSON.parse(role.assume_role_policy).Statement as Statement[]) : (docs[id].statement ?? []);
    return { stack, name: role.name as string, trust };
  });
});

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
/** Whether a condition on the token's `sub` lets `sub` through (a statement without one lets every subject through). */
const subjectPasses = (c: Condition, sub: string): boolean =>
  c.values.some((v) => (/Like$/.test(c.test) ? glob(v).test(sub) : v === sub)) !== c.test.startsWith('StringNot');
/** Whether `role` lets a GitHub job whose OIDC token has subject `sub` assume it. */
const admits = (role: TrustView, sub: string): boolean =>
  role.trust.some(
    (s) =>
      s.effect === 'Allow' &&
      (s.actions ?? []).some((a) => ['sts:AssumeRoleWithWebIdentity', 'sts:*', '*'].includes(a)) &&
      (s.condition ?? []).filter((c) => c.variable.endsWith(':sub')).every((c) => subjectPasses(c, sub)),
  );

/** The plan role of each plan environment's scope: the management account's, or the environment account's. */
const planRoleOf = (scope: string): TrustView => {
  const env = config.environments.find((e) => e.name === scope);
  const [stack, name] =
    env === undefined ? ['management-access', config.organisation.management.planRoleName] : [`${scope}-access`, env.account.planRoleName];
  const found = roles.find((r) => r.stack === stack && r.name === name);
  if (found === undefined) throw new Error(`no plan role ${name} in ${stack}`);
  return found;
};

const PRODUCTION = productionOf(config.organisation.promotionOrder);
/** The scopes whose pull request plan environment is reviewed: the management account and production. */
const REVIEWED = ['management', PRODUCTION];
/** What each scope's plan role must admit, written out: `plan-<scope>`, and `plan-<scope>-main` where reviewed. */
const OWN = (scope: string) => [`plan-${scope}`, ...(REVIEWED.includes(scope) ? [`plan-${scope}-main`] : [])];
const SCOPES = ['management', ...config.organisation.promotionOrder];

describe('each plan role trusts the subjects of its own plan environments alone', () => {
  test('plan-<scope> per plan role (the management account, each environment); plan-<scope>-main for management and production', () => {
    expect(PLANS.map((p) => p.name)).toEqual(SCOPES.flatMap(OWN));
  });

  test.each(SCOPES)("%s's plan role admits exactly its own plan environments, of every plan environment", (scope) => {
    const admitted = PLANS.filter((p) => admits(planRoleOf(scope), subject(p.name))).map((p) => p.name);
    expect(admitted).toEqual(OWN(scope));
  });

  test('no role admits the -main name of a scope without one (no pattern in any trust lets it through)', () => {
    const unreviewed = SCOPES.filter((s) => !REVIEWED.includes(s));
    expect(unreviewed.length).toBeGreaterThan(0);
    for (const scope of unreviewed) {
      const admitting = roles.filter((r) => admits(r, subject(`plan-${scope}-main`))).map((r) => `${r.stack}/${r.name}`);
      expect([scope, admitting]).toEqual([scope, []]);
    }
  });

  test.each(PLANS.map((p) => [p.scope, p.name]))("%s's plan role admits %s", (scope, name) => {
    expect(admits(planRoleOf(scope), subject(name))).toBe(true);
  });

  const pairs = PLANS.flatMap((a) => PLANS.filter((b) => b.scope !== a.scope).map((b) => [a.scope, b.name]));
  test.each(pairs)("%s's plan role does not admit a job in %s", (scope, other) => {
    expect(admits(planRoleOf(scope), subject(other))).toBe(false);
  });

  test.each(PLANS.map((p) => [p.name, p.scope]))(
    'no role of any stack but the plan role of its scope admits a job in %s',
    (name, scope) => {
      const admitting = roles.filter((r) => admits(r, subject(name))).map((r) => `${r.stack}/${r.name}`);
      const own = planRoleOf(scope);
      expect(admitting).toEqual([`${own.stack}/${own.name}`]);
    },
  );
});

describe("production's and the management account's plan environments need their approvers", () => {
  const platform = exampleTerraform('platform');
  const environmentOf = (name: string) => {
    const found = resourcesOf(platform, 'github_repository_environment').filter((e) => e.environment === name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const teamIds = (slugs: readonly string[]) =>
    slugs.map((slug) => expect.stringMatching(new RegExp(`^\\$\\{github_team\\.source-control_team-${slug}_[A-Za-z0-9_]+\\.id\\}$`)));
  const production = config.environments.find((e) => e.name === productionOf(config.organisation.promotionOrder))!;

  test.each([
    ['plan-management', config.organisation.platformEnvironment.reviewerTeams!],
    [`plan-${production.name}`, production.approval.reviewerTeams],
  ])('%s: required reviewers are the configured approvers, who may not approve their own run; any branch', (name, teams) => {
    expect(teams.length).toBeGreaterThan(0);
    expect(environmentOf(name)).toMatchObject({
      repository: platformRepository,
      can_admins_bypass: false,
      prevent_self_review: true,
      wait_timer: 0,
      reviewers: [{ teams: teamIds(teams), users: [] }],
    });
    // a pull request plans from its own branch: reviewers are the gate, not a branch policy
    expect(environmentOf(name).deployment_branch_policy).toBeUndefined();
  });

  test.each(config.organisation.promotionOrder.filter((e) => e !== production.name))(
    'plan-%s, below production, has no reviewers: a branch that uses it reads that environment alone',
    (env) => {
      expect(environmentOf(`plan-${env}`).reviewers).toBeUndefined();
    },
  );

  const policiesOf = (tf: any, name: string) => {
    const environments: Record<string, { environment: string }> = tf.resource.github_repository_environment;
    const id = Object.keys(environments).find((k) => environments[k].environment === name)!;
    return resourcesOf(tf, 'github_repository_environment_deployment_policy').filter(
      (p) => p.environment === `\${github_repository_environment.${id}.environment}`,
    );
  };

  test.each(REVIEWED.map((s) => `plan-${s}-main`))(
    '%s: no reviewers, and a deployment branch policy that admits the default branch alone',
    (name) => {
      const branch = config.organisation.sourceControl.repositoryDefaults.defaultBranch;
      expect(environmentOf(name)).toMatchObject({
        repository: platformRepository,
        can_admins_bypass: false,
        wait_timer: 0,
        deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
      });
      expect(environmentOf(name).reviewers).toBeUndefined();
      expect(policiesOf(platform, name).map(({ branch_pattern, tag_pattern }) => ({ branch_pattern, tag_pattern }))).toEqual([
        { branch_pattern: branch, tag_pattern: undefined },
      ]);
    },
  );

  test('reviewer users are looked up by login; the read-only App id is a variable of every plan environment', () => {
    const changed = synthObject(
      buildExample(
        exampleConfig((raw) => {
          raw.organisation.github.planAppId = 4242;
          raw.organisation.platformEnvironment.reviewerUsers = ['Octo-Lead'];
          raw.environments[production.name].approval.reviewerUsers = ['release-bot-owner'];
          raw.organisation.sourceControl.repositoryDefaults.defaultBranch = 'trunk';
        }),
      ).platform,
    );
    // each login is looked up once, however many environments it reviews (Octo-Lead: platform and plan-management)
    const users = dataOf(changed, 'github_user').map((u) => u.username);
    expect(users.sort()).toEqual(['Octo-Lead', 'release-bot-owner']);
    const reviewersOf = (name: string) =>
      resourcesOf(changed, 'github_repository_environment').find((e) => e.environment === name)!.reviewers;
    expect(reviewersOf('plan-management')[0].users).toEqual([expect.stringMatching(/^\$\{data\.github_user\.[^.]*octo-lead[^.]*\.id\}$/)]);
    expect(reviewersOf(`plan-${production.name}`)[0].users).toEqual([
      expect.stringMatching(/^\$\{data\.github_user\.[^.]*release-bot-owner[^.]*\.id\}$/),
    ]);
    // the variable names its environment by reference: `${github_repository_environment.<id>.environment}`
    const environments: Record<string, { environment: string }> = changed.resource.github_repository_environment;
    const nameOf = (ref: string) => environments[/^\$\{github_repository_environment\.([^.]+)\.environment\}$/.exec(ref)![1]].environment;
    const appIds = resourcesOf(changed, 'github_actions_environment_variable')
      .filter((v) => v.variable_name === 'PLAN_APP_ID')
      .map((v) => [nameOf(v.environment), v.value])
      .sort();
    expect(appIds).toEqual(PLANS.map((p) => [p.name, '4242']).sort());
    // the -main environments follow the configured default branch, and get no reviewer from the users set above
    for (const name of REVIEWED.map((s) => `plan-${s}-main`)) {
      expect([name, reviewersOf(name)]).toEqual([name, undefined]);
      expect([name, policiesOf(changed, name).map((p) => p.branch_pattern)]).toEqual([name, ['trunk']]);
    }
  });
});
