import {
  cloudtrailTrailArn,
  codebuildProjectArn,
  ec2NetworkInterfaceArn,
  ec2SubnetArn,
  formatArn,
  secretArnPattern,
} from '../../modules/core';

// The helpers of modules/core/arn.ts each write one ARN shape; these pin the shapes AWS documents.
const at = { partition: 'aws-cn', region: 'cn-north-1', accountId: '111111111111' };

describe('the regional ARN helpers', () => {
  test.each([
    ['a CloudTrail trail', cloudtrailTrailArn(at, 'acme-audit'), 'arn:aws-cn:cloudtrail:cn-north-1:111111111111:trail/acme-audit'],
    [
      'a CodeBuild project',
      codebuildProjectArn(at, 'acme-dev-x-build'),
      'arn:aws-cn:codebuild:cn-north-1:111111111111:project/acme-dev-x-build',
    ],
    ['any network interface', ec2NetworkInterfaceArn(at, '*'), 'arn:aws-cn:ec2:cn-north-1:111111111111:network-interface/*'],
    ['a subnet', ec2SubnetArn(at, 'subnet-0abc'), 'arn:aws-cn:ec2:cn-north-1:111111111111:subnet/subnet-0abc'],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toBe(expected);
  });

  test('a secret by name matches its six-character suffix and not a longer name sharing the prefix', () => {
    const pattern = secretArnPattern(at, 'acme/dev/x/token');
    expect(pattern).toBe('arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:acme/dev/x/token-??????');
    const glob = new RegExp(`^${pattern.replace(/[.*+^${}()|[\]\\/]/g, '\\$&').replace(/\?/g, '.')}$`);
    const arnOf = (name: string) =>
      formatArn({
        partition: 'aws-cn',
        service: 'secretsmanager',
        region: 'cn-north-1',
        account: '111111111111',
        resource: `secret:${name}`,
      });
    expect(glob.test(arnOf('acme/dev/x/token-AbC123'))).toBe(true);
    expect(glob.test(arnOf('acme/dev/x/token-extra-AbC123'))).toBe(false);
  });
});
