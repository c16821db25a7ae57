import { codeArtifactRepository } from '../../modules/codeartifact';

// A reference to a repository of the domain: its ARNs, and the read grant a build's role gets from it.
const location = { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '111122223333', domain: 'acme-packages' };
const npm = codeArtifactRepository(location, 'npm-internal');

describe('a CodeArtifact repository reference', () => {
  test('names the repository, its domain and its packages by ARN', () => {
    expect(npm).toMatchObject({
      name: 'npm-internal',
      domainArn: 'arn:aws-us-gov:codeartifact:us-gov-west-1:111122223333:domain/acme-packages',
      arn: 'arn:aws-us-gov:codeartifact:us-gov-west-1:111122223333:repository/acme-packages/npm-internal',
      packagesArn: 'arn:aws-us-gov:codeartifact:us-gov-west-1:111122223333:package/acme-packages/npm-internal/*',
    });
  });

  test('its read grant reaches this repository and its domain, and nothing but CodeArtifact', () => {
    const statements = npm.grantRead();
    expect(statements.flatMap((s) => s.resources)).toEqual([npm.domainArn, npm.arn, '*']);
    expect(statements.flatMap((s) => s.actions)).toEqual([
      'codeartifact:GetAuthorizationToken',
      'codeartifact:GetRepositoryEndpoint',
      'codeartifact:ReadFromRepository',
      'sts:GetServiceBearerToken',
    ]);
    expect(statements.find((s) => s.resources?.includes('*'))?.condition).toEqual([
      { test: 'StringEquals', variable: 'sts:AWSServiceName', values: ['codeartifact.amazonaws.com'] },
    ]);
  });

  test('another repository of the domain gets a grant of its own', () => {
    const pypi = codeArtifactRepository(location, 'pypi-internal');
    expect(pypi.grantRead().flatMap((s) => s.resources)).not.toContain(npm.arn);
  });
});
