import { CodeArtifactDomain } from '../../modules/codeartifact';
import { Testing, TerraformStack } from '../../modules/core';
import { dataOf } from '../support/synth';

const role = (i: number) => `arn:aws:iam::222222222222:role/acme-dev-service-${String(i).padStart(3, '0')}-build-cb`;
const PATTERN = 'arn:aws:iam::222222222222:role/acme-dev-*-build-cb';

function readStatement(readers: number, patterns: string[]) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'ca');
  new CodeArtifactDomain(stack, 'packages', {
    domain: 'acme',
    accountId: '111111111111',
    region: 'eu-west-1',
    keyAlias: 'acme-codeartifact',
    publisherRoleArn: 'arn:aws:iam::111111111111:role/package-release',
    ecosystems: [
      {
        name: 'npm',
        repository: 'npm-internal',
        proxyRepository: 'npm-proxy',
        externalConnection: 'public:npmjs',
        readerRoleArns: Array.from({ length: readers }, (_, i) => role(i)),
        readerRolePatterns: patterns,
      },
    ],
  });
  const statements = dataOf(JSON.parse(Testing.synth(stack)), 'aws_iam_policy_document').flatMap((d) => d.statement);
  return {
    read: statements.find((s: any) => s.sid === 'BuildRolesRead'),
    token: statements.find((s: any) => s.sid === 'ReadersAndReleaseRoleGetTokens'),
  };
}

describe('CodeArtifact reader policies at scale', () => {
  test('a small catalogue names each reader role exactly', () => {
    const { read, token } = readStatement(3, [PATTERN]);
    expect(read.condition).toEqual([{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [role(0), role(1), role(2)] }]);
    expect(token.condition[0].test).toBe('ArnEquals');
  });

  test('hundreds of readers fall back to the per-environment pattern, so the policy stays under 7,168 characters', () => {
    const { read, token } = readStatement(400, [PATTERN]);
    expect(read.condition).toEqual([{ test: 'ArnLike', variable: 'aws:PrincipalArn', values: [PATTERN] }]);
    expect(read.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::222222222222:root'] }]);
    expect(token.condition).toEqual([
      { test: 'ArnLike', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::111111111111:role/package-release', PATTERN] },
    ]);
  });

  test('without patterns, a list too long for CodeArtifact fails synth with advice', () => {
    expect(() => readStatement(400, [])).toThrow(/CodeArtifact accepts 7168/);
  });
});
