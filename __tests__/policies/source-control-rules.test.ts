import { buildStackView, type PolicyRule } from '../../policies';
import {
  githubBranchProtectionHardened,
  githubBranchTwoApprovals,
  githubNoSecretValues,
  githubReleaseTagsProtected,
  githubRepositoryPrivate,
  githubSignedCommits,
  githubVulnerabilityAlerts,
  oidcTrustPinned,
} from '../../policies/rules';
import { ALL_RULES } from '../../policies';
import { examplePolicyReport, exampleTerraform } from '../support/example';

/** Findings of `rule` on the one resource of `type` in `terraform` (plus whatever else it holds). */
function findings(rule: PolicyRule, terraform: Record<string, any>): string[] {
  const view = buildStackView('test', terraform);
  return rule.appliesTo.flatMap((type) => view.ofType(type).flatMap((resource) => rule.check(resource, view)));
}

const resource = (type: string, config: Record<string, unknown>) => ({ resource: { [type]: { it: config } } });

const hardenedProtection = {
  repository_id: 'r',
  pattern: 'main',
  enforce_admins: true,
  require_signed_commits: true,
  required_linear_history: true,
  require_conversation_resolution: true,
  allows_force_pushes: false,
  allows_deletions: false,
  required_pull_request_reviews: [
    { required_approving_review_count: 2, require_code_owner_reviews: true, dismiss_stale_reviews: true, require_last_push_approval: true },
  ],
  required_status_checks: [{ strict: true, contexts: ['ci/x/build'] }],
};

const trustDocument = (conditions: unknown[], identifier = '${aws_iam_openid_connect_provider.gh.arn}') => ({
  resource: {
    aws_iam_openid_connect_provider: { gh: { url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] } },
  },
  data: {
    aws_iam_policy_document: {
      trust: {
        statement: [
          {
            sid: 'GitHub',
            effect: 'Allow',
            actions: ['sts:AssumeRoleWithWebIdentity'],
            principals: [{ type: 'Federated', identifiers: [identifier] }],
            condition: conditions,
          },
        ],
      },
    },
  },
});
const aud = { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] };
const sub = (test: string, value: string) => ({ test, variable: 'token.actions.githubusercontent.com:sub', values: [value] });

describe.each<[PolicyRule, string, Record<string, any>, Record<string, any>, RegExp]>([
  [
    githubRepositoryPrivate,
    'CKV_GIT_1',
    resource('github_repository', { name: 'r', visibility: 'private' }),
    resource('github_repository', { name: 'r', visibility: 'public' }),
    /visibility is "public"/,
  ],
  [
    githubBranchTwoApprovals,
    'CKV_GIT_5',
    resource('github_branch_protection', hardenedProtection),
    resource('github_branch_protection', {
      ...hardenedProtection,
      required_pull_request_reviews: [{ required_approving_review_count: 1 }],
    }),
    /requires 1 approving review\(s\); at least 2/,
  ],
  [
    githubSignedCommits,
    'CKV_GIT_6',
    resource('github_branch_protection', hardenedProtection),
    resource('github_branch_protection', { ...hardenedProtection, require_signed_commits: false }),
    /does not require signed commits/,
  ],
  [
    githubVulnerabilityAlerts,
    'CKV_GIT_3',
    resource('github_repository', { name: 'r', vulnerability_alerts: true }),
    resource('github_repository', { name: 'r' }),
    /vulnerability alerts are off/,
  ],
])('%s', (rule, counterpart, compliant, noncompliant, message) => {
  test(`mirrors ${counterpart}`, () => expect(rule.counterpart).toBe(counterpart));
  test('passes a compliant resource', () => expect(findings(rule, compliant)).toEqual([]));
  test('flags a non-compliant one', () => expect(findings(rule, noncompliant)).toEqual([expect.stringMatching(message)]));
});

describe('PLAT-GIT-001 without visibility', () => {
  test('private = true complies; nothing set means public', () => {
    expect(findings(githubRepositoryPrivate, resource('github_repository', { name: 'r', private: true }))).toEqual([]);
    expect(findings(githubRepositoryPrivate, resource('github_repository', { name: 'r' }))).toEqual([
      expect.stringMatching(/defaults to public/),
    ]);
  });
});

describe('PLAT-GIT-005 branch protection hardened', () => {
  test('passes the full set', () =>
    expect(findings(githubBranchProtectionHardened, resource('github_branch_protection', hardenedProtection))).toEqual([]));

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['admins not included', { enforce_admins: false }, /leaves enforce_admins off/],
    ['force pushes', { allows_force_pushes: true }, /allows allows_force_pushes/],
    ['deletion', { allows_deletions: true }, /allows allows_deletions/],
    ['no linear history', { required_linear_history: false }, /required_linear_history/],
    ['no conversation resolution', { require_conversation_resolution: false }, /require_conversation_resolution/],
    [
      'stale approvals kept',
      {
        required_pull_request_reviews: [
          { required_approving_review_count: 2, require_code_owner_reviews: true, require_last_push_approval: true },
        ],
      },
      /leaves dismiss_stale_reviews off/,
    ],
    ['no status checks', { required_status_checks: [{ strict: true, contexts: [] }] }, /requires no status checks/],
    ['checks on a stale branch', { required_status_checks: [{ strict: false, contexts: ['a'] }] }, /up to date/],
  ])('flags %s', (_name, change, message) => {
    expect(findings(githubBranchProtectionHardened, resource('github_branch_protection', { ...hardenedProtection, ...change }))).toEqual([
      expect.stringMatching(message),
    ]);
  });
});

describe('PLAT-GIT-006 no secret values', () => {
  test('passes plain variables and a secret whose value is set outside Terraform', () => {
    expect(
      findings(githubNoSecretValues, {
        resource: {
          github_actions_environment_variable: { v: { variable_name: 'AWS_REGION', value: 'eu-west-1' } },
          github_actions_environment_secret: { s: { secret_name: 'X', lifecycle: { ignore_changes: ['plaintext_value'] } } },
        },
      }),
    ).toEqual([]);
  });

  test('flags a secret value and a secret-like variable', () => {
    expect(
      findings(githubNoSecretValues, {
        resource: {
          github_actions_secret: { s: { secret_name: 'X', plaintext_value: 'hunter2' } },
          github_actions_variable: { v: { variable_name: 'NPM_TOKEN', value: 'x' } },
        },
      }),
    ).toEqual([expect.stringMatching(/sets plaintext_value/), expect.stringMatching(/"NPM_TOKEN" looks like a secret/)]);
  });
});

describe('PLAT-OIDC-001 OIDC trust pinned to repository and environment', () => {
  test('passes aud and an exact environment sub', () => {
    expect(findings(oidcTrustPinned, trustDocument([aud, sub('StringEquals', 'repo:acme/platform:environment:prod')]))).toEqual([]);
  });

  test.each<[string, unknown[], RegExp]>([
    [
      'no audience',
      [sub('StringEquals', 'repo:acme/platform:environment:prod')],
      /does not require token\.actions\.githubusercontent\.com:aud/,
    ],
    ['no sub at all', [aud], /does not pin token\.actions\.githubusercontent\.com:sub/],
    ['a wildcard sub', [aud, sub('StringLike', 'repo:acme/*')], /does not pin .*:sub with StringEquals/],
    [
      'a branch sub instead of an environment',
      [aud, sub('StringEquals', 'repo:acme/platform:ref:refs/heads/main')],
      /allows sub repo:acme\/platform:ref/,
    ],
    ['a wildcard inside StringEquals', [aud, sub('StringEquals', 'repo:acme/platform:environment:*')], /allows sub/],
    [
      'an extra StringLike next to the exact sub',
      [aud, sub('StringEquals', 'repo:acme/platform:environment:prod'), sub('StringLike', 'repo:acme/*')],
      /also matches sub with StringLike/,
    ],
  ])('flags %s', (_name, conditions, message) => {
    expect(findings(oidcTrustPinned, trustDocument(conditions))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('recognises GitHub by a literal provider ARN too', () => {
    const literal = 'arn:aws:iam::555555555555:oidc-provider/token.actions.githubusercontent.com';
    expect(findings(oidcTrustPinned, trustDocument([aud], literal))).toEqual([expect.stringMatching(/does not pin/)]);
  });

  test('ignores trust in other identity providers', () => {
    const tf = trustDocument([]);
    tf.resource.aws_iam_openid_connect_provider.gh.url = 'https://oidc.eks.eu-west-1.amazonaws.com/id/X';
    expect(findings(oidcTrustPinned, tf)).toEqual([]);
  });
});

describe('the policy pack', () => {
  test('registers the source control rules', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'PLAT-GIT-001',
        'PLAT-GIT-002',
        'PLAT-GIT-003',
        'PLAT-GIT-004',
        'PLAT-GIT-005',
        'PLAT-GIT-006',
        'PLAT-OIDC-001',
      ]),
    );
  });

  test('the example passes every source control rule, in every stack, without a suppression (plan roles trust the plan environment)', () => {
    const report = examplePolicyReport();
    const mine = report.findings.filter((f) => /^PLAT-(GIT|OIDC)-/.test(f.ruleId));
    expect(mine).toEqual([]);
    const checked = report.summaries.find((s) => s.stack === 'platform');
    expect(checked?.checks).toBeGreaterThan(0);
  });
});

describe('PLAT-OIDC-001 on the synthesized prod stack', () => {
  test('recognises the deploy role trust (through the provider reference) and flags it once loosened', () => {
    const prod = exampleTerraform('prod');
    expect(findings(oidcTrustPinned, prod)).toEqual([]);
    const trust = Object.entries(prod.data.aws_iam_policy_document).find(([key]) => key.includes('github-oidc_trust'))![1] as any;
    trust.statement[0].condition[1] = {
      test: 'StringLike',
      variable: 'token.actions.githubusercontent.com:sub',
      values: ['repo:acme-platform/*'],
    };
    expect(findings(oidcTrustPinned, prod)).toEqual([
      'statement GitHubActionsEnvironment does not pin token.actions.githubusercontent.com:sub with StringEquals',
      'statement GitHubActionsEnvironment also matches sub with StringLike',
    ]);
  });
});

describe('PLAT-GIT-007 release tags protected', () => {
  const tagPolicy = (pattern: string, repository = '${github_repository.orders.name}') => ({
    environment: 'release',
    repository,
    tag_pattern: pattern,
  });
  const ruleset = (change: Record<string, unknown> = {}) => ({
    repository: '${github_repository.orders.name}',
    name: 'release-tags',
    target: 'tag',
    enforcement: 'active',
    conditions: { ref_name: { include: ['refs/tags/v*', 'refs/tags/release-*'], exclude: [] } },
    rules: { creation: true, update: true, deletion: true, non_fast_forward: true },
    ...change,
  });
  const stack = (policies: Record<string, unknown>, rulesets: Record<string, unknown>) => ({
    resource: { github_repository_environment_deployment_policy: policies, github_repository_ruleset: rulesets },
  });

  test('passes tag policies whose every pattern an active tag ruleset on the same repository restricts', () => {
    expect(findings(githubReleaseTagsProtected, stack({ v: tagPolicy('v*'), r: tagPolicy('release-*') }, { tags: ruleset() }))).toEqual([]);
  });

  test('leaves branch policies alone', () => {
    const branch = { environment: 'dev', repository: 'svc-api', branch_pattern: 'main' };
    expect(findings(githubReleaseTagsProtected, stack({ b: branch }, {}))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['no ruleset at all', tagPolicy('v*'), {}],
    ['a ruleset on another repository', tagPolicy('v*', 'svc-fn'), { tags: ruleset() }],
    ['a pattern the ruleset does not include', tagPolicy('rc-*'), { tags: ruleset() }],
    ['a branch ruleset', tagPolicy('v*'), { tags: ruleset({ target: 'branch' }) }],
    ['an evaluate-only ruleset', tagPolicy('v*'), { tags: ruleset({ enforcement: 'evaluate' }) }],
    ['a disabled ruleset', tagPolicy('v*'), { tags: ruleset({ enforcement: 'disabled' }) }],
    ['a ruleset that lets tags be moved', tagPolicy('v*'), { tags: ruleset({ rules: { creation: true, deletion: true } }) }],
    ['a ruleset that lets tags be created', tagPolicy('v*'), { tags: ruleset({ rules: { update: true, deletion: true } }) }],
    ['a ruleset that lets tags be deleted', tagPolicy('v*'), { tags: ruleset({ rules: { creation: true, update: true } }) }],
  ])('flags %s', (_name, policy, rulesets) => {
    expect(findings(githubReleaseTagsProtected, stack({ p: policy }, rulesets))).toEqual([
      expect.stringMatching(/^tag pattern ".+" may deploy, but no active tag ruleset on the same repository restricts creating/),
    ]);
  });
});
