import * as fs from 'fs';
import * as path from 'path';
import { isGithubHosted, reachOf } from '../../model';
import { PLATFORM_REPOSITORY_CHECKS, serviceCheckName } from '../../modules/core';
import { formatCodeOwners } from '../../modules/github-repository';
import sourceControl from '../fixtures/source-control';
import { scenarioConfig } from '../support/config';
import { synthesizeScenario } from '../support/scenario';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

// The source-control scenario (__tests__/fixtures/source-control): services with every GitHub setting.
const config = scenarioConfig(sourceControl);
const scenario = synthesizeScenario(config);
const platform = scenario.terraform('platform');
const envs = Object.fromEntries(['dev', 'test', 'staging', 'prod'].map((name) => [name, scenario.terraform(name)]));
/** Repository names of the catalogue's GitHub-hosted services (the others get none: service-sources.test.ts), sorted. */
const SERVICE_REPOSITORIES = config.services
  .filter(isGithubHosted)
  .map((s) => s.repository ?? s.name)
  .sort();
/** Those of services whose pipeline deploys in `env` (model: `reaches`): the repositories with a deployment environment there. */
const deployingRepositories = (env: string) =>
  config.services
    .filter((s) => isGithubHosted(s) && reachOf(s, config.organisation).includes(env))
    .map((s) => s.repository ?? s.name)
    .sort();

/** Resources of `type` whose construct path (as in the logical id: `/` becomes `_`) contains `part`. */
function under(tf: Record<string, any>, type: string, part: string): Record<string, any>[] {
  const needle = part.replace(/\//g, '_');
  return Object.entries(tf.resource?.[type] ?? {})
    .filter(([key]) => key.includes(needle))
    .map(([, value]) => value as Record<string, any>);
}

/** The one resource of `type` whose construct path ends with `suffix` (cdktf drops a repeated last part from ids). */
function at(tf: Record<string, any>, type: string, suffix: string): Record<string, any> {
  const needle = `${suffix.replace(/\//g, '_')}_`;
  const found = Object.entries(tf.resource?.[type] ?? {}).filter(([key]) => key.replace(/[0-9A-F]{8}$/, '').endsWith(needle));
  if (found.length !== 1) throw new Error(`expected one ${type} at ...${suffix}, found ${found.length}`);
  return found[0][1] as Record<string, any>;
}

/** The Terraform address a `${type.name.attr}` reference points to. */
function addressOf(reference: string): string {
  return reference.replace(/^\$\{(.*)\.[a-z_]+\}$/, '$1');
}

describe('platform stack: repositories', () => {
  test('one repository per GitHub-hosted service of the catalogue, under its repository name', () => {
    expect(
      resourcesOf(platform, 'github_repository')
        .map((r) => r.name)
        .sort(),
    ).toEqual(SERVICE_REPOSITORIES);
  });

  test('visibility defaults to private and a service may choose internal', () => {
    expect(at(platform, 'github_repository', 'repo-cart/repository').visibility).toBe('private');
    expect(at(platform, 'github_repository', 'repo-shelf/repository').visibility).toBe('internal');
  });

  test('topics are the organisation defaults plus the service own', () => {
    expect(at(platform, 'github_repository', 'repo-relay/repository').topics).toEqual(['cicd-platform', 'pci']);
  });

  test.each(['cart', 'relay', 'shelf'])('%s requires exactly the checks its PR builds report', (service) => {
    const bp = at(platform, 'github_branch_protection', `repo-${service}/protection`);
    expect(bp.required_status_checks[0].contexts).toEqual([
      serviceCheckName(service, 'build'),
      serviceCheckName(service, 'unit-test'),
      serviceCheckName(service, 'security-scan'),
    ]);
  });

  test('review counts come from config: the default 2, a service may ask for more', () => {
    const count = (service: string) =>
      at(platform, 'github_branch_protection', `repo-${service}/protection`).required_pull_request_reviews[0]
        .required_approving_review_count;
    expect(count('cart')).toBe(2);
    expect(count('relay')).toBe(3);
  });

  test('CODEOWNERS names the owning team', () => {
    expect(at(platform, 'github_repository_file', 'repo-cart/codeowners').content).toBe(
      '# Managed by the CI/CD platform repository.\n* @acme-platform/commerce\n',
    );
  });

  test('the owning team maintains, extra teams get their permission, reviewer teams read', () => {
    const grants = under(platform, 'github_team_repository', 'repo-relay/')
      .map((r) => [addressOf(r.team_id), r.permission])
      .sort(([a], [b]) => a.localeCompare(b));
    const team = (slug: string) => `github_team.${Object.keys(platform.resource.github_team).find((k) => k.includes(`team-${slug}_`))}`;
    expect(grants).toEqual([
      [team('payments'), 'maintain'],
      [team('platform-leads'), 'pull'],
      [team('release-managers'), 'pull'],
      [team('security'), 'pull'],
    ]);
  });

  test('every declared team is created, without adding the creator as maintainer', () => {
    const teams = resourcesOf(platform, 'github_team');
    expect(teams.map((t) => t.name).sort()).toEqual(config.organisation.sourceControl.teams.map((t) => t.slug).sort());
    expect(teams.every((t) => t.create_default_maintainer === false && t.privacy === 'closed')).toBe(true);
  });
});

describe('platform stack: the platform repository', () => {
  const bp = () => at(platform, 'github_branch_protection', 'platform-repo-protection');

  test('is protected but not created here (it holds this code)', () => {
    expect(bp().repository_id).toBe('cicd-platform');
    expect(resourcesOf(platform, 'github_repository').some((r) => r.name === 'cicd-platform')).toBe(false);
  });

  test('requires exactly the checks of its own PR workflow', () => {
    expect(bp().required_status_checks).toEqual([{ strict: true, contexts: [...PLATFORM_REPOSITORY_CHECKS] }]);
  });

  test('requires two approvals and every other safeguard', () => {
    expect(bp()).toMatchObject({
      enforce_admins: true,
      require_signed_commits: true,
      required_linear_history: true,
      require_conversation_resolution: true,
      allows_force_pushes: false,
      allows_deletions: false,
      required_pull_request_reviews: [
        {
          required_approving_review_count: 2,
          require_code_owner_reviews: true,
          dismiss_stale_reviews: true,
          require_last_push_approval: true,
        },
      ],
    });
  });

  test('the platform team maintains it', () => {
    const grants = under(platform, 'github_team_repository', 'platform-repo-teams/');
    expect(grants.map((g) => [g.repository, g.permission]).sort()).toEqual([
      ['cicd-platform', 'maintain'],
      ['cicd-platform', 'pull'],
      ['cicd-platform', 'pull'],
    ]);
  });
});

describe('environment stacks: deployment environments', () => {
  const environment = (env: string, repo: string) => at(envs[env], 'github_repository_environment', `deploy-access/${repo}/environment`);
  const teamSlugs = (env: string, refs: string[]) =>
    refs.map((ref) => dataOf(envs[env], 'github_team').find((d) => addressOf(ref).endsWith(`.${findName(env, d)}`))?.slug);
  const findName = (env: string, data: Record<string, any>) => Object.entries(envs[env].data.github_team).find(([, v]) => v === data)?.[0];

  test('the platform repository gets one in every environment, a GitHub service repository where its pipeline deploys', () => {
    expect(deployingRepositories('dev')).toEqual(SERVICE_REPOSITORIES);
    for (const env of ['dev', 'test', 'staging', 'prod']) {
      expect(
        resourcesOf(envs[env], 'github_repository_environment')
          .map((e) => [e.repository, e.environment])
          .sort(),
      ).toEqual([...deployingRepositories(env), 'cicd-platform'].sort().map((repository) => [repository, env]));
    }
    // a service whose pipeline stops before prod has none there
    expect(deployingRepositories('prod').length).toBeLessThan(SERVICE_REPOSITORIES.length);
  });

  test('prod: reviewed by release managers and platform leads, 10 minutes wait, protected branches only', () => {
    const prod = environment('prod', 'platform-repo');
    expect(teamSlugs('prod', prod.reviewers[0].teams)).toEqual(['release-managers', 'platform-leads']);
    expect(prod).toMatchObject({
      wait_timer: 10,
      can_admins_bypass: false,
      prevent_self_review: true,
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
    expect(resourcesOf(envs.prod, 'github_repository_environment_deployment_policy')).toEqual([]);
  });

  test('staging: reviewed by release managers, deployed from main only', () => {
    const staging = environment('staging', 'repo-cart');
    expect(teamSlugs('staging', staging.reviewers[0].teams)).toEqual(['release-managers']);
    expect(staging.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    const policies = resourcesOf(envs.staging, 'github_repository_environment_deployment_policy');
    expect(policies).toHaveLength(deployingRepositories('staging').length + 1);
    expect(policies.every((p) => p.branch_pattern === 'main')).toBe(true);
  });

  test('reviewer users are looked up by login and listed beside the teams', () => {
    const withUser = scenarioConfig(sourceControl, (raw) => (raw.environments.prod.approval.reviewerUsers = ['Alice-Ops']));
    const prod = synthObject(buildExample(withUser).environments.find((s) => s.node.id === 'prod')!);
    const [user] = Object.entries(prod.data.github_user) as [string, any][];
    expect(user[1].username).toBe('Alice-Ops');
    const environment = at(prod, 'github_repository_environment', 'deploy-access/repo-cart/environment');
    expect(environment.reviewers[0].users).toEqual([`\${data.github_user.${user[0]}.id}`]);
  });

  test('dev has no reviewers', () => {
    expect(environment('dev', 'platform-repo').reviewers).toBeUndefined();
    expect(dataOf(envs.dev, 'github_team')).toEqual([]);
  });

  test('teams are looked up by slug in the environment stack, not referenced across stacks', () => {
    expect(
      dataOf(envs.prod, 'github_team')
        .map((d) => d.slug)
        .sort(),
    ).toEqual(['platform-leads', 'release-managers']);
    expect(JSON.stringify(envs.prod)).not.toMatch(/terraform_remote_state/);
  });

  test('variables: region everywhere, the deploy role ARN in the platform repository only, no secret', () => {
    const variables = resourcesOf(envs.prod, 'github_actions_environment_variable').map((v) => [v.repository, v.variable_name, v.value]);
    expect(variables.sort()).toEqual(
      [
        ['cicd-platform', 'AWS_DEPLOY_ROLE_ARN', expect.any(String)],
        ['cicd-platform', 'AWS_REGION', 'eu-west-1'],
        ...deployingRepositories('prod').map((repository) => [repository, 'AWS_REGION', 'eu-west-1']),
      ].sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`)),
    );
    // the deploy role belongs to the access stack: the environment stack names it
    const roleArn = at(envs.prod, 'github_actions_environment_variable', 'platform-repo/variable-aws-deploy-role-arn');
    expect(roleArn.value).toBe('arn:aws:iam::555555555555:role/cicd-platform-github-deploy');
    for (const tf of Object.values(envs)) {
      expect(Object.keys(tf.resource).filter((t) => t.startsWith('github_') && t.includes('secret'))).toEqual([]);
    }
  });
});

describe('the OIDC deploy role of each environment (in its access stack)', () => {
  const ACCOUNTS: Record<string, string> = { dev: '222222222222', test: '333333333333', staging: '444444444444', prod: '555555555555' };
  const access = Object.fromEntries(Object.keys(ACCOUNTS).map((env) => [env, scenario.terraform(`${env}-access`)]));
  const trust = (env: string) => at({ resource: access[env].data }, 'aws_iam_policy_document', 'github-deploy-role/trust');
  const permissions = (env: string) => at({ resource: access[env].data }, 'aws_iam_policy_document', 'github-deploy-role/permissions');

  test('no environment stack creates it, so no role a workflow runs as can change it', () => {
    for (const tf of Object.values(envs)) {
      expect(resourcesOf(tf, 'aws_iam_role').filter((r) => r.name === 'cicd-platform-github-deploy')).toEqual([]);
    }
  });

  test("the account's GitHub OIDC provider belongs to its access stack, not to the environment stack", () => {
    for (const tf of Object.values(envs)) expect(resourcesOf(tf, 'aws_iam_openid_connect_provider')).toEqual([]);
  });

  test.each(['dev', 'test', 'staging', 'prod'])('%s trusts the platform repository in that environment only, exactly', (env) => {
    expect(trust(env).statement).toEqual([
      {
        sid: 'GitHubActionsEnvironment',
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [
          {
            type: 'Federated',
            identifiers: [expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.github-oidc_provider_[A-Z0-9]+\.arn\}$/)],
          },
        ],
        condition: [
          { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
          {
            test: 'StringEquals',
            variable: 'token.actions.githubusercontent.com:sub',
            values: [`repo:acme-platform/cicd-platform:environment:${env}`],
          },
        ],
      },
    ]);
  });

  test('may only assume the environment Terraform role and the state role, and never approve a pipeline', () => {
    expect(permissions('prod').statement).toEqual([
      {
        sid: 'AssumeDeployRoles',
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        resources: ['arn:aws:iam::555555555555:role/cicd-platform-terraform', 'arn:aws:iam::111111111111:role/cicd-platform-state-prod'],
      },
      { sid: 'DenyPipelineApprovals', effect: 'Deny', actions: ['codepipeline:PutApprovalResult'], resources: ['*'] },
    ]);
    expect(resourcesOf(access.prod, 'aws_iam_role_policy_attachment').filter((a) => String(a.role).includes('github-deploy'))).toEqual([]);
    expect(at(access.prod, 'aws_iam_role', 'github-deploy-role')).toMatchObject({
      name: 'cicd-platform-github-deploy',
      max_session_duration: 3600,
      permissions_boundary: expect.stringMatching(/^\$\{aws_iam_policy\.permissions-boundary_policy_/),
    });
  });
});

describe('the platform repository CODEOWNERS', () => {
  test('names the configured platform team, so code-owner review on this repository is not vacuous', () => {
    const { owner } = config.organisation.github;
    const team = config.organisation.sourceControl.platformTeam;
    const text = fs.readFileSync(path.join(__dirname, '../../.github/CODEOWNERS'), 'utf8');
    expect(text).toBe(formatCodeOwners([{ pattern: '*', owners: [`@${owner}/${team}`] }]));
  });
});
