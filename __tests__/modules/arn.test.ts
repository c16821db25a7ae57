import {
  cloudTrailArn,
  codebuildProjectArn,
  codecommitRepositoryArn,
  codepipelineArn,
  dynamodbTableArn,
  ec2NetworkInterfaceArn,
  ec2SubnetArn,
  ecrRepositoryArn,
  ecrRepositoryUri,
  iamPolicyArn,
  kmsKeyArn,
  lambdaFunctionArn,
  regionalArn,
  secretArnPattern,
} from '../../modules/core';

// The shapes AWS documents for each resource type (Service Authorization Reference, "Resource types defined by ...").
const at = { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '111122223333' };

describe('the ARN helpers write the shape AWS documents', () => {
  test.each([
    [
      'a regional resource',
      regionalArn(at, 'codedeploy', 'deploymentgroup:app/group'),
      'arn:aws-us-gov:codedeploy:us-gov-west-1:111122223333:deploymentgroup:app/group',
    ],
    ['a KMS key (any key)', kmsKeyArn(at, '*'), 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/*'],
    ['a DynamoDB table', dynamodbTableArn(at, 'locks'), 'arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/locks'],
    ['a CloudTrail trail', cloudTrailArn(at, 'acme-trail'), 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/acme-trail'],
    ['a CodeBuild project', codebuildProjectArn(at, 'acme-*'), 'arn:aws-us-gov:codebuild:us-gov-west-1:111122223333:project/acme-*'],
    ['any network interface', ec2NetworkInterfaceArn(at, '*'), 'arn:aws-us-gov:ec2:us-gov-west-1:111122223333:network-interface/*'],
    ['a subnet', ec2SubnetArn(at, 'subnet-0abc'), 'arn:aws-us-gov:ec2:us-gov-west-1:111122223333:subnet/subnet-0abc'],
    [
      'a CodeCommit repository (its name is the resource)',
      codecommitRepositoryArn(at, 'app'),
      'arn:aws-us-gov:codecommit:us-gov-west-1:111122223333:app',
    ],
    [
      'a CodePipeline pipeline (its name is the resource)',
      codepipelineArn(at, 'acme-dev-app'),
      'arn:aws-us-gov:codepipeline:us-gov-west-1:111122223333:acme-dev-app',
    ],
    [
      'an action of a CodePipeline pipeline',
      codepipelineArn(at, 'acme-dev-app', { stage: 'approve', action: 'review' }),
      'arn:aws-us-gov:codepipeline:us-gov-west-1:111122223333:acme-dev-app/approve/review',
    ],
    ['an ECR repository', ecrRepositoryArn(at, 'acme-app'), 'arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/acme-app'],
    [
      'what docker pushes an ECR image to (not an ARN: the registry host)',
      ecrRepositoryUri(at, 'acme-app'),
      '111122223333.dkr.ecr.us-gov-west-1.amazonaws.com/acme-app',
    ],
    [
      'the registry host in the China partition',
      ecrRepositoryUri({ partition: 'aws-cn', region: 'cn-north-1', accountId: '111122223333' }, 'acme-app'),
      '111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/acme-app',
    ],
    ['a Lambda function', lambdaFunctionArn(at, 'rotate'), 'arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:rotate'],
    [
      'a customer managed IAM policy (global: no region)',
      iamPolicyArn('aws-us-gov', '111122223333', 'boundary'),
      'arn:aws-us-gov:iam::111122223333:policy/boundary',
    ],
  ])('%s', (_shape, arn, expected) => {
    expect(arn).toBe(expected);
  });

  test('a secret by name matches its six-character suffix and not a longer name sharing the prefix', () => {
    const pattern = secretArnPattern(at, 'acme/dev/x/token');
    expect(pattern).toBe('arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:acme/dev/x/token-??????');
    const glob = new RegExp(`^${pattern.replace(/[.*+^${}()|[\]\\/]/g, '\\$&').replace(/\?/g, '.')}$`);
    const secretArn = (name: string) => regionalArn(at, 'secretsmanager', `secret:${name}`);
    expect(glob.test(secretArn('acme/dev/x/token-AbC123'))).toBe(true);
    expect(glob.test(secretArn('acme/dev/x/token-extra-AbC123'))).toBe(false);
  });
});
