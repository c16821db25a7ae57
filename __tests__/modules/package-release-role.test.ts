import { Testing, TerraformStack } from '../../modules/core';
import { DeploymentEnvironment } from '../../modules/github-deployment-environment';
import { PackageReleaseRole, type PackageReleaseRoleProps } from '../../modules/package-release-role';

const base: PackageReleaseRoleProps = {
  roleName: 'package-release',
  oidcProviderArn: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
  subjects: ['repo:acme/b:environment:release', 'repo:acme/a:environment:release', 'repo:acme/a:environment:release'],
  location: { partition: 'aws', region: 'eu-west-1', accountId: '111111111111', domain: 'acme-packages' },
  repositories: ['pypi-internal', 'npm-internal', 'npm-internal'],
};

function synth(build: (stack: TerraformStack) => void): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe('PackageReleaseRole', () => {
  test('trusts each subject once, sorted, with the audience; publishes to each repository once', () => {
    const tf = synth((stack) => void new PackageReleaseRole(stack, 'release', base));
    const docs = Object.entries<any>(tf.data.aws_iam_policy_document);
    const trust = docs.find(([id]) => id.startsWith('release_assume-role_'))?.[1];
    expect(trust.statement[0].condition).toEqual([
      { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
      {
        test: 'StringEquals',
        variable: 'token.actions.githubusercontent.com:sub',
        values: ['repo:acme/a:environment:release', 'repo:acme/b:environment:release'],
      },
    ]);
    const policy = docs.find(([id]) => id.startsWith('release_policy-document_'))?.[1];
    expect(policy.statement.find((s: any) => s.sid === 'PublishToInternalRepositories').resources).toEqual([
      'arn:aws:codeartifact:eu-west-1:111111111111:package/acme-packages/npm-internal/*',
      'arn:aws:codeartifact:eu-west-1:111111111111:package/acme-packages/pypi-internal/*',
    ]);
    expect(policy.statement.flatMap((s: any) => s.actions).filter((a: string) => a.includes('*'))).toEqual([]);
  });

  test.each([
    [{ subjects: [] }, 'PackageReleaseRole package-release: needs at least one OIDC subject'],
    [
      { subjects: ['repo:acme/a:ref:refs/tags/v*'] },
      'subjects must be repo:<owner>/<repository>:environment:<environment>, without wildcards (got repo:acme/a:ref:refs/tags/v*)',
    ],
    [{ subjects: ['repo:acme/*:environment:release'] }, 'without wildcards (got repo:acme/*:environment:release)'],
    [{ repositories: [] }, 'PackageReleaseRole package-release: needs at least one repository to publish to'],
  ])('refuses %j', (change, message) => {
    expect(() => synth((stack) => void new PackageReleaseRole(stack, 'release', { ...base, ...change }))).toThrow(message);
  });
});

describe('DeploymentEnvironment with a tag policy', () => {
  const props = { repository: 'svc-api', environment: 'release' };

  test('only the tags of the patterns deploy: custom policies, one tag policy per pattern, no branch pattern', () => {
    const tf = synth(
      (stack) => void new DeploymentEnvironment(stack, 'e', { ...props, branchPolicy: { kind: 'tags', patterns: ['v*', 'release-*'] } }),
    );
    expect(Object.values<any>(tf.resource.github_repository_environment)[0].deployment_branch_policy).toEqual({
      protected_branches: false,
      custom_branch_policies: true,
    });
    const policies = Object.entries<any>(tf.resource.github_repository_environment_deployment_policy);
    expect(policies.map(([id, p]) => [id.replace(/_[0-9A-F]{8}$/, ''), p.tag_pattern, p.branch_pattern])).toEqual([
      ['e_tag-policy-0', 'v*', undefined],
      ['e_tag-policy-1', 'release-*', undefined],
    ]);
  });

  test('refuses a tag policy without patterns', () => {
    expect(() =>
      synth((stack) => void new DeploymentEnvironment(stack, 'e', { ...props, branchPolicy: { kind: 'tags', patterns: [] } })),
    ).toThrow('a tag policy needs at least one tag pattern');
  });
});
