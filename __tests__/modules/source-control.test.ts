import { BranchProtection } from '@cdktf/provider-github/lib/branch-protection';
import { Repository } from '@cdktf/provider-github/lib/repository';
import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
import { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import { RepositoryFile } from '@cdktf/provider-github/lib/repository-file';
import { TeamRepository } from '@cdktf/provider-github/lib/team-repository';
import { Testing, type Construct } from '../../modules/core';
import { DefaultBranchProtection } from '../../modules/github-branch-protection';
import { DeploymentEnvironment, type DeploymentEnvironmentProps } from '../../modules/github-deployment-environment';
import { GithubOidcDeployRole, githubEnvironmentSubject } from '../../modules/github-oidc-deploy-role';
import { formatCodeOwners, GithubRepository, type GithubRepositoryProps } from '../../modules/github-repository';

function synth(build: (scope: Construct) => void): Record<string, any> {
  return JSON.parse(Testing.synthScope(build));
}

/** `tf` holds a resource of `type` with (at least) `properties`. */
function expectResource(tf: Record<string, any>, type: { tfResourceType: string }, properties: Record<string, unknown>): void {
  expect(Object.values(tf.resource?.[type.tfResourceType] ?? {})).toContainEqual(expect.objectContaining(properties));
}

const repositoryProps: GithubRepositoryProps = {
  name: 'svc-api',
  description: 'Orders',
  codeOwners: [{ pattern: '*', owners: ['@acme/commerce'] }],
  teams: [{ slug: 'commerce', teamId: '42', permission: 'maintain' }],
  requiredApprovingReviewCount: 2,
  requiredStatusChecks: ['ci/svc-api/build', 'ci/svc-api/unit-test'],
};

describe('DefaultBranchProtection', () => {
  const protection = () =>
    synth((scope) => {
      new DefaultBranchProtection(scope, 'p', { repository: 'r', requiredApprovingReviewCount: 3, requiredStatusChecks: ['a', 'b'] });
    });

  test.each<[string, Record<string, unknown>]>([
    ['admins included', { enforce_admins: true }],
    ['signed commits', { require_signed_commits: true }],
    ['linear history', { required_linear_history: true }],
    ['conversation resolution', { require_conversation_resolution: true }],
    ['no force push', { allows_force_pushes: false }],
    ['no deletion', { allows_deletions: false }],
    ['the default branch', { pattern: 'main', repository_id: 'r' }],
  ])('protects with %s', (_name, properties) => {
    expectResource(protection(), BranchProtection, properties);
  });

  test('requires reviews: the count given, code owners, stale approvals dismissed, the last push approved', () => {
    const [bp] = Object.values(protection().resource.github_branch_protection) as any[];
    expect(bp.required_pull_request_reviews).toEqual([
      {
        required_approving_review_count: 3,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
        require_last_push_approval: true,
        restrict_dismissals: true,
      },
    ]);
  });

  test('requires exactly the named checks on an up-to-date branch', () => {
    const [bp] = Object.values(protection().resource.github_branch_protection) as any[];
    expect(bp.required_status_checks).toEqual([{ strict: true, contexts: ['a', 'b'] }]);
  });

  test.each([0, 7, 1.5])('refuses %p approving reviews', (count) => {
    expect(() =>
      synth((scope) => {
        new DefaultBranchProtection(scope, 'p', { repository: 'r', requiredApprovingReviewCount: count, requiredStatusChecks: ['a'] });
      }),
    ).toThrow(/requiredApprovingReviewCount must be an integer from 1 to 6/);
  });

  test('refuses protection without status checks', () => {
    expect(() =>
      synth((scope) => {
        new DefaultBranchProtection(scope, 'p', { repository: 'r', requiredApprovingReviewCount: 2, requiredStatusChecks: [] });
      }),
    ).toThrow(/requiredStatusChecks must name at least one check/);
  });
});

describe('GithubRepository', () => {
  const tf = () => synth((scope) => void new GithubRepository(scope, 'repo', repositoryProps));

  test('is private, alerts on vulnerabilities, scans for secrets with push protection, archives on destroy', () => {
    expectResource(tf(), Repository, {
      name: 'svc-api',
      visibility: 'private',
      vulnerability_alerts: true,
      archive_on_destroy: true,
      security_and_analysis: { secret_scanning: { status: 'enabled' }, secret_scanning_push_protection: { status: 'enabled' } },
    });
  });

  test('merges by squash only and deletes merged branches', () => {
    expectResource(tf(), Repository, {
      allow_squash_merge: true,
      allow_rebase_merge: false,
      allow_merge_commit: false,
      delete_branch_on_merge: true,
    });
  });

  test('leaves security_and_analysis unmanaged when secret scanning is off (plans without Secret Protection)', () => {
    const out = synth(
      (scope) =>
        void new GithubRepository(scope, 'repo', { ...repositoryProps, secretScanning: false, secretScanningPushProtection: false }),
    );
    const [repo] = Object.values(out.resource.github_repository) as any[];
    expect(repo.security_and_analysis).toBeUndefined();
  });

  test('refuses push protection without secret scanning', () => {
    expect(() => synth((scope) => void new GithubRepository(scope, 'repo', { ...repositoryProps, secretScanning: false }))).toThrow(
      /secretScanningPushProtection needs secretScanning/,
    );
  });

  test('commits CODEOWNERS to the default branch before protecting it', () => {
    const out = tf();
    expectResource(out, RepositoryFile, {
      file: '.github/CODEOWNERS',
      content: '# Managed by the CI/CD platform repository.\n* @acme/commerce\n',
      overwrite_on_create: true,
    });
    const [bp] = Object.values(out.resource.github_branch_protection) as any[];
    const [file] = Object.keys(out.resource.github_repository_file);
    expect(bp.depends_on).toContain(`github_repository_file.${file}`);
  });

  test('grants each team its permission', () => {
    expectResource(tf(), TeamRepository, { team_id: '42', permission: 'maintain' });
  });

  test('refuses to grant one team twice', () => {
    const teams = [repositoryProps.teams![0], { ...repositoryProps.teams![0], permission: 'pull' as const }];
    expect(() => synth((scope) => void new GithubRepository(scope, 'repo', { ...repositoryProps, teams }))).toThrow(
      /repo\/teams: team "commerce" is granted access to the repository twice/,
    );
  });
});

describe('formatCodeOwners', () => {
  test('writes one line per rule', () => {
    expect(formatCodeOwners([{ pattern: '*', owners: ['@acme/a', '@bob'] }], 'x')).toBe('# x\n* @acme/a @bob\n');
  });

  test.each([
    [{ pattern: '* @evil', owners: ['@acme/a'] }, /one path pattern without spaces/],
    [{ pattern: '*', owners: ['acme/a'] }, /must be @user or @org\/team-slug/],
    [{ pattern: '*', owners: ['@acme/a\n* @evil'] }, /must be @user or @org\/team-slug/],
    [{ pattern: '*', owners: [] }, /needs at least one owner/],
  ])('refuses %p', (rule, message) => {
    expect(() => formatCodeOwners([rule])).toThrow(message);
  });
});

describe('DeploymentEnvironment', () => {
  const base: DeploymentEnvironmentProps = { repository: 'r', environment: 'prod', branchPolicy: { kind: 'protected-branches' } };

  test('with reviewers: admins cannot bypass and nobody approves their own deployment', () => {
    const out = synth((scope) => void new DeploymentEnvironment(scope, 'e', { ...base, reviewerTeamIds: ['7'], waitTimerMinutes: 5 }));
    expectResource(out, RepositoryEnvironment, {
      environment: 'prod',
      can_admins_bypass: false,
      prevent_self_review: true,
      wait_timer: 5,
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
  });

  test('a branch policy allows exactly the named branches', () => {
    const out = synth(
      (scope) =>
        void new DeploymentEnvironment(scope, 'e', { ...base, environment: 'dev', branchPolicy: { kind: 'branches', patterns: ['main'] } }),
    );
    expectResource(out, RepositoryEnvironment, {
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expectResource(out, RepositoryEnvironmentDeploymentPolicy, { branch_pattern: 'main' });
  });

  test.each(['DB_PASSWORD', 'NPM_TOKEN', 'API_SECRET'])('refuses the secret-like variable %s', (name) => {
    expect(() => synth((scope) => void new DeploymentEnvironment(scope, 'e', { ...base, variables: { [name]: 'x' } }))).toThrow(
      /looks like a secret/,
    );
  });

  test('open to any branch (the plan environment): no branch policy and no deployment policy at all', () => {
    const out = synth(
      (scope) => void new DeploymentEnvironment(scope, 'e', { ...base, environment: 'plan', branchPolicy: { kind: 'any-branch' } }),
    );
    const [environment] = Object.values(out.resource?.github_repository_environment ?? {}) as Record<string, unknown>[];
    expect(environment.deployment_branch_policy).toBeUndefined();
    expect(out.resource?.github_repository_environment_deployment_policy).toBeUndefined();
  });

  test('open to any branch with reviewers (a plan environment of production): they gate every run, never their own', () => {
    const out = synth(
      (scope) =>
        void new DeploymentEnvironment(scope, 'e', {
          ...base,
          environment: 'plan-prod',
          reviewerTeamIds: ['7'],
          branchPolicy: { kind: 'any-branch' },
        }),
    );
    expectResource(out, RepositoryEnvironment, {
      prevent_self_review: true,
      can_admins_bypass: false,
      reviewers: [{ teams: ['7'], users: [] }],
    });
    const [environment] = Object.values(out.resource?.github_repository_environment ?? {}) as Record<string, unknown>[];
    expect(environment.deployment_branch_policy).toBeUndefined();
  });

  test('refuses an environment open to any branch that gates with a wait timer (any branch can wait it out)', () => {
    expect(() =>
      synth(
        (scope) =>
          void new DeploymentEnvironment(scope, 'e', {
            ...base,
            reviewerTeamIds: ['7'],
            waitTimerMinutes: 5,
            branchPolicy: { kind: 'any-branch' },
          }),
      ),
    ).toThrow(/open to any branch cannot gate with a wait timer/);
  });

  test('refuses more than six reviewers', () => {
    const reviewerTeamIds = ['1', '2', '3', '4', '5', '6', '7'];
    expect(() => synth((scope) => void new DeploymentEnvironment(scope, 'e', { ...base, reviewerTeamIds }))).toThrow(/at most 6 reviewers/);
  });
});

describe('GithubOidcDeployRole', () => {
  const props = {
    owner: 'acme',
    repository: 'platform',
    environment: 'prod',
    roleName: 'deploy',
    assumableRoleArns: ['arn:aws:iam::555555555555:role/terraform'],
  };

  test('the subject is one repository in one environment', () => {
    expect(githubEnvironmentSubject('acme', 'platform', 'prod')).toBe('repo:acme/platform:environment:prod');
  });

  test.each([
    ['a wildcard environment', { environment: '*' }, /environment must be a plain name/],
    ['a wildcard repository', { repository: 'plat*' }, /repository must be a plain name/],
    ['a wildcard role', { assumableRoleArns: ['arn:aws:iam::555555555555:role/*'] }, /role ARNs without wildcards/],
    ['nothing to assume', { assumableRoleArns: [] }, /at least one role/],
  ])('refuses %s', (_name, override, message) => {
    expect(() => synth((scope) => void new GithubOidcDeployRole(scope, 'o', { ...props, ...override }))).toThrow(message);
  });
});
