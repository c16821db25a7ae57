import { planEnvironments, type PlatformConfig } from '../../model';
import { buildStackView } from '../../policies';
import { githubReleaseTagsProtected } from '../../policies/rules';
import packages from '../fixtures/packages';
import { scenarioConfig, type RawConfig } from '../support/config';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

type Tf = Record<string, any>;

// The packages scenario (__tests__/fixtures/packages): a CodeArtifact reader per ecosystem, two of them publishing.
const packagesConfig = (mutate?: (raw: RawConfig) => void) => scenarioConfig(packages, mutate);
const app = buildExample(packagesConfig());
const platform = synthObject(app.platform);

/** The one block of `type` below construct path `path` of the platform stack (logical ids join the path with "_"). */
function blockAt(tf: Tf, kind: 'resource' | 'data', type: string, path: string): [string, Tf] {
  const prefix = `${path.replace(/\//g, '_')}_`;
  const found = Object.entries<Tf>(tf[kind]?.[type] ?? {}).filter(
    ([id]) => id.startsWith(prefix) && /^[0-9A-F]{8}$/.test(id.slice(prefix.length)),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  return found[0];
}

function platformOf(config: PlatformConfig): Tf {
  return synthObject(buildExample(config).platform);
}

const OIDC_PROVIDER = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';

describe('the CodeArtifact release role (platform stack, management account)', () => {
  test('one role, named as the domain policies name the only publisher, with the permissions boundary', () => {
    const roles = resourcesOf(platform, 'aws_iam_role');
    expect(roles).toEqual([
      expect.objectContaining({
        name: 'package-release',
        max_session_duration: 3600,
        permissions_boundary: 'arn:aws:iam::111111111111:policy/acme-cicd-permissions-boundary',
      }),
    ]);
    expect(app.platform.packageRelease.role).toBeDefined();
    const [, domainPolicy] = blockAt(platform, 'data', 'aws_iam_policy_document', 'packages/npm-policy-document');
    const publishes = domainPolicy.statement.find((s: Tf) => s.sid === 'ReleaseRolePublishes');
    expect(publishes.condition[0].values).toEqual(['arn:aws:iam::111111111111:role/package-release']);
  });

  test('trust: exactly the release environments of the publishing services, by the management account GitHub OIDC provider', () => {
    const [, trust] = blockAt(platform, 'data', 'aws_iam_policy_document', 'package-release/role/assume-role');
    expect(trust.statement).toEqual([
      {
        sid: 'GithubReleaseJobs',
        effect: 'Allow',
        principals: [{ type: 'Federated', identifiers: [OIDC_PROVIDER] }],
        actions: ['sts:AssumeRoleWithWebIdentity'],
        condition: [
          { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
          {
            test: 'StringEquals',
            variable: 'token.actions.githubusercontent.com:sub',
            values: ['repo:acme-platform/cart:environment:release', 'repo:acme-platform/relay:environment:release'],
          },
        ],
      },
    ]);
  });

  test('permissions: publish to exactly the internal repositories of the publishers’ ecosystems (npm, pypi), no proxy, no maven', () => {
    const [, policy] = blockAt(platform, 'data', 'aws_iam_policy_document', 'package-release/role/policy-document');
    const repo = (name: string) => `arn:aws:codeartifact:eu-west-1:111111111111:repository/acme-packages/${name}`;
    const packages = (name: string) => `arn:aws:codeartifact:eu-west-1:111111111111:package/acme-packages/${name}/*`;
    expect(policy.statement).toEqual([
      {
        sid: 'CodeArtifactToken',
        effect: 'Allow',
        actions: ['codeartifact:GetAuthorizationToken'],
        resources: ['arn:aws:codeartifact:eu-west-1:111111111111:domain/acme-packages'],
      },
      {
        sid: 'ReadInternalRepositories',
        effect: 'Allow',
        actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
        resources: [repo('npm-internal'), repo('pypi-internal')],
      },
      {
        sid: 'PublishToInternalRepositories',
        effect: 'Allow',
        actions: ['codeartifact:PublishPackageVersion', 'codeartifact:PutPackageMetadata'],
        resources: [packages('npm-internal'), packages('pypi-internal')],
      },
      {
        sid: 'CodeArtifactBearerToken',
        effect: 'Allow',
        actions: ['sts:GetServiceBearerToken'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'sts:AWSServiceName', values: ['codeartifact.amazonaws.com'] }],
      },
    ]);
    const [, rolePolicy] = blockAt(platform, 'resource', 'aws_iam_role_policy', 'package-release/role/policy');
    expect(rolePolicy.name).toBe('publish-internal-packages');
  });

  test.each(['cart', 'relay'])('%s: a release environment open to v* tags only, after its repository', (service) => {
    const [envId, env] = blockAt(
      platform,
      'resource',
      'github_repository_environment',
      `package-release/environment-${service}/environment`,
    );
    const [repoId] = blockAt(platform, 'resource', 'github_repository', `source-control/repo-${service}/repository`);
    expect(env).toMatchObject({
      environment: 'release',
      repository: `\${github_repository.${repoId}.name}`,
      can_admins_bypass: false,
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    const policies = Object.entries<Tf>(platform.resource.github_repository_environment_deployment_policy).filter(([id]) =>
      id.startsWith(`package-release_environment-${service}_`),
    );
    expect(policies.map(([, p]) => p)).toEqual([
      expect.objectContaining({ environment: `\${github_repository_environment.${envId}.environment}`, tag_pattern: 'v*' }),
    ]);
    expect(policies[0][1].branch_pattern).toBeUndefined();
  });

  test.each([
    ['cart', 'commerce'],
    ['relay', 'payments'],
  ])('%s: a tag ruleset lets only its owning team (%s) and repository admins create, move or delete v* tags', (service, team) => {
    const [, ruleset] = blockAt(platform, 'resource', 'github_repository_ruleset', `package-release/tags-${service}/ruleset`);
    const [repoId] = blockAt(platform, 'resource', 'github_repository', `source-control/repo-${service}/repository`);
    const [teamId] = blockAt(platform, 'resource', 'github_team', `source-control/team-${team}/team`);
    expect(ruleset).toEqual({
      repository: `\${github_repository.${repoId}.name}`,
      name: 'release-tags',
      target: 'tag',
      enforcement: 'active',
      conditions: { ref_name: { include: ['refs/tags/v*'], exclude: [] } },
      rules: { creation: true, update: true, deletion: true, non_fast_forward: true },
      bypass_actors: [
        { actor_id: `\${github_team.${teamId}.id}`, actor_type: 'Team', bypass_mode: 'always' },
        { actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' },
      ],
    });
  });

  test('tag rulesets exactly on the publishing services’ repositories', () => {
    const publishers = ['cart', 'relay'];
    expect([...app.platform.packageRelease.tagProtections.keys()]).toEqual(publishers);
    const repoRefs = publishers.map((service) => {
      const [repoId] = blockAt(platform, 'resource', 'github_repository', `source-control/repo-${service}/repository`);
      return `\${github_repository.${repoId}.name}`;
    });
    expect(resourcesOf(platform, 'github_repository_ruleset').map((r) => r.repository)).toEqual(repoRefs);
    expect(resourcesOf(platform, 'github_repository').length).toBeGreaterThan(publishers.length);
  });

  test('PLAT-GIT-007 holds on the platform stack because of the rulesets, and fails without them', () => {
    const run = (tf: Tf) => {
      const view = buildStackView('platform', tf);
      return view.ofType('github_repository_environment_deployment_policy').flatMap((p) => githubReleaseTagsProtected.check(p, view));
    };
    expect(run(platform)).toEqual([]);
    const others = Object.fromEntries(Object.entries<Tf>(platform.resource).filter(([type]) => type !== 'github_repository_ruleset'));
    expect(run({ ...platform, resource: others })).toEqual([
      expect.stringMatching(/^tag pattern "v\*" may deploy/),
      expect.stringMatching(/^tag pattern "v\*" may deploy/),
    ]);
  });

  test('the platform stack passes the policy pack with the role (no finding, no suppression)', () => {
    const summary = app.report.summaries.find((s) => s.stack === 'platform');
    expect(summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 0 });
    expect(app.report.findings.filter((f) => f.stack === 'platform')).toEqual([]);
  });

  test('no service publishes: no role and no release environment', () => {
    const tf = platformOf(
      packagesConfig((raw) => {
        for (const s of raw.services) delete s.packages;
      }),
    );
    expect(resourcesOf(tf, 'aws_iam_role')).toEqual([]);
    expect(
      resourcesOf(tf, 'github_repository_environment')
        .map((e) => e.environment)
        .sort(),
    ).toEqual([...planEnvironments(packagesConfig()).map((p) => p.name), 'platform'].sort());
    expect(resourcesOf(tf, 'github_repository_ruleset')).toEqual([]);
  });

  test('a release role in another account: the platform creates the environments, not the role', () => {
    const tf = platformOf(
      packagesConfig((raw) => {
        raw.organisation.codeArtifact = { releaseRole: { accountId: '999999999999' } };
      }),
    );
    expect(resourcesOf(tf, 'aws_iam_role')).toEqual([]);
    expect(resourcesOf(tf, 'github_repository_environment').filter((e) => e.environment === 'release')).toHaveLength(2);
    expect(resourcesOf(tf, 'github_repository_ruleset')).toHaveLength(2);
  });

  test('the management account named explicitly still gets the role; environment, tags, role name and repository come from config', () => {
    const tf = platformOf(
      packagesConfig((raw) => {
        raw.organisation.codeArtifact = {
          releaseRole: {
            accountId: '111111111111',
            roleName: 'acme-publisher',
            githubEnvironment: 'publish',
            tagPatterns: ['v*', 'release-*'],
          },
        };
        raw.services = raw.services.map((s) => (s.name === 'relay' ? { ...s, packages: { publish: false } } : s));
        raw.services.find((s) => s.name === 'cart')!.repository = 'cart-repo';
      }),
    );
    expect(resourcesOf(tf, 'aws_iam_role').map((r) => r.name)).toEqual(['acme-publisher']);
    const [, trust] = blockAt(tf, 'data', 'aws_iam_policy_document', 'package-release/role/assume-role');
    expect(trust.statement[0].condition[1].values).toEqual(['repo:acme-platform/cart-repo:environment:publish']);
    const [, policy] = blockAt(tf, 'data', 'aws_iam_policy_document', 'package-release/role/policy-document');
    expect(policy.statement[2].resources).toEqual(['arn:aws:codeartifact:eu-west-1:111111111111:package/acme-packages/npm-internal/*']);
    expect(resourcesOf(tf, 'github_repository_environment_deployment_policy').map((p) => p.tag_pattern)).toEqual(['v*', 'release-*']);
    const rulesets = resourcesOf(tf, 'github_repository_ruleset');
    expect(rulesets).toHaveLength(1);
    expect(rulesets[0].conditions.ref_name.include).toEqual(['refs/tags/v*', 'refs/tags/release-*']);
  });
});
