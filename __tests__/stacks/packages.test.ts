import { Testing } from '../../modules/core';
import { CodeArtifactDomain } from '../../modules/codeartifact';
import packages from '../fixtures/packages';
import { scenarioConfig, type RawConfig } from '../support/config';
import { synthesizeScenario } from '../support/scenario';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

// The packages scenario (__tests__/fixtures/packages): a CodeArtifact reader per ecosystem, two of them publishing.
const packagesConfig = (mutate?: (raw: RawConfig) => void) => scenarioConfig(packages, mutate);
const scenario = synthesizeScenario(packagesConfig());
const app = scenario.stacks;
const platform = scenario.terraform('platform');
const environments = app.environments.map((stack) => ({ account: stack.environment.account.id, tf: scenario.terraform(stack.node.id) }));

function entries(tf: Record<string, any>, kind: 'resource' | 'data', type: string): [string, Record<string, any>][] {
  return Object.entries(tf[kind]?.[type] ?? {});
}

function policyFor(id: string): Record<string, any>[] {
  const found = entries(platform, 'data', 'aws_iam_policy_document').find(([name]) => name.startsWith(`packages_${id}-document_`));
  if (found === undefined) throw new Error(`no policy document ${id}`);
  return found[1].statement;
}

/** The ARNs of the build roles the environment stacks create whose policy reads CodeArtifact repository `repository`. */
function rolesReading(repository: string): string[] {
  return environments.flatMap(({ account, tf }) => {
    return entries(tf, 'data', 'aws_iam_policy_document')
      .filter(([, doc]) => doc.statement.some((s: any) => s.sid === 'CodeArtifactRead' && s.resources[0].endsWith(`/${repository}`)))
      .map(([id]) => {
        const rolePath = id.replace(/_policy-document_[0-9A-F]{8}$/, '_role_');
        const role = entries(tf, 'resource', 'aws_iam_role').find(([name]) => name.startsWith(rolePath));
        return `arn:aws:iam::${account}:role/${role?.[1].name}`;
      });
  });
}

describe('CodeArtifact in the platform stack', () => {
  test('the domain is encrypted with its own rotating customer key, and both refuse to be destroyed', () => {
    const [[keyId, key]] = entries(platform, 'resource', 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(resourcesOf(platform, 'aws_codeartifact_domain')).toEqual([
      expect.objectContaining({
        domain: 'acme-packages',
        encryption_key: `\${aws_kms_key.${keyId}.arn}`,
        lifecycle: { prevent_destroy: true },
      }),
    ]);
    expect(resourcesOf(platform, 'aws_kms_alias')[0].name).toBe('alias/acme-codeartifact');
  });

  test.each([
    ['npm', 'public:npmjs'],
    ['pypi', 'public:pypi'],
    ['maven', 'public:maven-central'],
  ])('%s: an internal repository whose upstream is a proxy of %s', (ecosystem, connection) => {
    const repos = entries(platform, 'resource', 'aws_codeartifact_repository');
    const [proxyId, proxy] = repos.find(([, r]) => r.repository === `${ecosystem}-upstream`)!;
    expect(proxy.external_connections).toEqual({ external_connection_name: connection });
    expect(proxy.upstream).toBeUndefined();
    const internal = repos.find(([, r]) => r.repository === `${ecosystem}-internal`)![1];
    expect(internal.upstream).toEqual([{ repository_name: `\${aws_codeartifact_repository.${proxyId}.repository}` }]);
    expect(internal.external_connections).toBeUndefined();
  });

  test.each(['npm-internal', 'pypi-internal', 'maven-internal'])(
    '%s may be read by exactly the build roles the environment stacks create for it',
    (repository) => {
      const ecosystem = repository.replace('-internal', '');
      const read = policyFor(`${ecosystem}-policy`).find((s) => s.sid === 'BuildRolesRead');
      const expected = rolesReading(repository).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(read?.condition).toEqual([{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: expected }]);
      expect(read?.actions).toEqual(['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository']);
      const accounts = [...new Set(expected.map((arn) => arn.split(':')[4]))].sort();
      expect(read?.principals).toEqual([{ type: 'AWS', identifiers: accounts.map((a) => `arn:aws:iam::${a}:root`) }]);
    },
  );

  test('every environment reads through its own account and explicit role ARNs: dev builds and tests, later ones test', () => {
    const read = policyFor('npm-policy').find((s) => s.sid === 'BuildRolesRead');
    expect(read?.condition[0].values).toEqual([
      'arn:aws:iam::222222222222:role/acme-dev-cart-build-cb',
      'arn:aws:iam::222222222222:role/acme-dev-cart-integ-cb',
      'arn:aws:iam::222222222222:role/acme-dev-cart-unit-cb',
      'arn:aws:iam::333333333333:role/acme-test-cart-integ-cb',
      'arn:aws:iam::444444444444:role/acme-staging-cart-integ-cb',
      'arn:aws:iam::555555555555:role/acme-prod-cart-integ-cb',
    ]);
  });

  test('only the release role publishes: allowed explicitly, everyone else denied; nobody publishes to a proxy', () => {
    const statements = policyFor('pypi-policy');
    const release = 'arn:aws:iam::111111111111:role/package-release';
    const packages = 'arn:aws:codeartifact:eu-west-1:111111111111:package/acme-packages/pypi-internal/*';
    const publish = ['codeartifact:PublishPackageVersion', 'codeartifact:PutPackageMetadata'];
    expect(statements.find((s) => s.sid === 'ReleaseRolePublishes')).toEqual({
      sid: 'ReleaseRolePublishes',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] }],
      actions: publish,
      resources: [packages],
      condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [release] }],
    });
    expect(statements.find((s) => s.sid === 'OnlyReleaseRolePublishes')).toEqual({
      sid: 'OnlyReleaseRolePublishes',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: publish,
      resources: [packages],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [release] }],
    });
    expect(statements.filter((s) => s.effect === 'Allow' && s.actions.some((a: string) => publish.includes(a))).map((s) => s.sid)).toEqual([
      'ReleaseRolePublishes',
    ]);
    expect(policyFor('pypi-proxy-policy')).toEqual([
      {
        sid: 'NobodyPublishesToAProxy',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: publish,
        resources: ['arn:aws:codeartifact:eu-west-1:111111111111:package/acme-packages/pypi-upstream/*'],
      },
    ]);
  });

  test('the domain lets exactly the reader roles and the release role get tokens, by account and role ARN', () => {
    const [statement] = policyFor('domain-policy');
    const holders = [
      ...new Set([
        ...['npm-internal', 'pypi-internal', 'maven-internal'].flatMap(rolesReading),
        'arn:aws:iam::111111111111:role/package-release',
      ]),
    ].sort();
    expect(statement).toMatchObject({
      effect: 'Allow',
      actions: ['codeartifact:GetAuthorizationToken'],
      condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: holders }],
      principals: [
        {
          type: 'AWS',
          identifiers: ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'].map(
            (a) => `arn:aws:iam::${a}:root`,
          ),
        },
      ],
    });
  });

  test('no Allow statement of any CodeArtifact policy names the "*" principal', () => {
    for (const [id, doc] of entries(platform, 'data', 'aws_iam_policy_document').filter(([name]) => name.startsWith('packages_'))) {
      for (const s of doc.statement.filter((x: any) => x.effect === 'Allow')) {
        expect({ id, principals: s.principals.flatMap((p: any) => p.identifiers) }).not.toEqual(
          expect.objectContaining({ principals: expect.arrayContaining(['*']) }),
        );
      }
    }
  });

  test('configured ecosystems only, and a configured release role in another account', () => {
    const config = packagesConfig((raw) => {
      raw.organisation.codeArtifact = {
        domain: 'acme-pkgs',
        ecosystems: ['npm', 'pypi', 'maven'],
        releaseRole: { accountId: '222222222222', roleName: 'releaser' },
      };
    });
    const tf = synthObject(buildExample(config).platform);
    expect(resourcesOf(tf, 'aws_codeartifact_domain')[0].domain).toBe('acme-pkgs');
    const npm = entries(tf, 'data', 'aws_iam_policy_document').find(([n]) => n.startsWith('packages_npm-policy-document_'))![1];
    expect(npm.statement.find((s: any) => s.sid === 'ReleaseRolePublishes').condition[0].values).toEqual([
      'arn:aws:iam::222222222222:role/releaser',
    ]);

    const onlyNpm = packagesConfig((raw) => {
      raw.organisation.codeArtifact = { ecosystems: ['npm'] };
      raw.services = raw.services.map((s: any) => ({
        ...s,
        build: { ...s.build, codeArtifact: s.build.ecosystem === 'npm' },
        packages: { publish: s.build.ecosystem === 'npm' && s.packages?.publish === true },
      }));
    });
    const repos = resourcesOf(synthObject(buildExample(onlyNpm).platform), 'aws_codeartifact_repository').map((r) => r.repository);
    expect(repos.sort()).toEqual(['npm-internal', 'npm-upstream']);
  });

  test('a repository policy CodeArtifact would refuse for its size fails at synth, saying what to do', () => {
    const readers = Array.from({ length: 120 }, (_, i) => `arn:aws:iam::222222222222:role/acme-dev-service-${i}-build-cb`);
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new CodeArtifactDomain(scope, 'packages', {
            domain: 'acme-packages',
            accountId: '111111111111',
            region: 'eu-west-1',
            keyAlias: 'acme-codeartifact',
            publisherRoleArn: 'arn:aws:iam::111111111111:role/package-release',
            ecosystems: [
              {
                name: 'npm',
                repository: 'npm-internal',
                proxyRepository: 'npm-upstream',
                externalConnection: 'public:npmjs',
                readerRoleArns: readers,
              },
            ],
          }),
      ),
    ).toThrow(/the resource policy of npm-internal would be about \d+ characters; CodeArtifact accepts 7168\. Too many reader roles/);
  });

  test('the platform stack passes the policy pack, CodeArtifact domain CMK included', () => {
    const report = scenario.report();
    const summary = report.summaries.find((s) => s.stack === 'platform');
    expect(summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 0 });
    expect(summary?.checks).toBeGreaterThanOrEqual(
      resourcesOf(platform, 'aws_codeartifact_domain').length + dataOf(platform, 'aws_iam_policy_document').length,
    );
    expect(report.findings.filter((f) => f.stack === 'platform')).toEqual([]);
  });
});
