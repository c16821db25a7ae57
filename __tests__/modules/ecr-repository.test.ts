import { EcrRepository as AwsEcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepository, RELEASE_TAG_PREFIX, type EcrRepositoryProps } from '../../modules/ecr-repository';
import { Testing, TerraformStack } from '../../modules/core';
import { dataOf, resourcesOf } from '../support/synth';

const BUILD_ROLE = 'arn:aws:iam::111111111111:role/acme-dev-svc-build-cb';

function synthRepository(overrides: Partial<EcrRepositoryProps> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const repository = new EcrRepository(stack, 'image-repository', {
    repositoryName: 'acme-svc',
    accountId: '111111111111',
    region: 'eu-west-1',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
    pushRoleArn: BUILD_ROLE,
    pullAccounts: [
      { accountId: '333333333333', roleNames: ['acme-test-svc-task-exec'] },
      { accountId: '555555555555', roleNames: ['acme-prod-svc-task-exec'] },
    ],
    ...overrides,
  });
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json), repository };
}

const { json, tf, repository } = synthRepository();
const statements: Record<string, any>[] = dataOf(tf, 'aws_iam_policy_document')[0].statement;
const bySid = (sid: string) => statements.find((s) => s.sid === sid);

describe('EcrRepository', () => {
  test('encrypted with the customer key, tags immutable, scanned on push, refuses destroy', () => {
    expect(json).toHaveResourceWithProperties(AwsEcrRepository, {
      name: 'acme-svc',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: 'arn:aws:kms:eu-west-1:111111111111:key/k' }],
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('its URI and ARN are computed from its name (the build project reads them before the repository exists)', () => {
    expect(repository.uri).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-svc');
    expect(repository.arn).toBe('arn:aws:ecr:eu-west-1:111111111111:repository/acme-svc');
  });

  test('lifecycle: untagged images expire after N days, released images (release-*) by their own count, others beyond M', () => {
    const { tf: custom } = synthRepository({ untaggedExpiryDays: 3, keepLastImages: 50, keepReleasedImages: 400 });
    const rules = JSON.parse(resourcesOf(custom, 'aws_ecr_lifecycle_policy')[0].policy).rules;
    expect(rules.map((r: any) => [r.rulePriority, r.selection, r.action.type])).toEqual([
      [1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 }, 'expire'],
      [2, { tagStatus: 'tagged', tagPrefixList: [RELEASE_TAG_PREFIX], countType: 'imageCountMoreThan', countNumber: 400 }, 'expire'],
      [3, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 }, 'expire'],
    ]);
  });

  test('the release tagger may read an image and put it again under a new tag; no one else but the build puts one', () => {
    const tagger = 'arn:aws:iam::111111111111:role/acme-dev-svc-release-cb';
    const { tf: tagged } = synthRepository({ releaseRoleArn: tagger });
    const sids: Record<string, any> = Object.fromEntries(
      dataOf(tagged, 'aws_iam_policy_document')[0].statement.map((s: any) => [s.sid, s]),
    );
    expect(sids.TagFromTheReleaseTagger).toMatchObject({
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: [tagger] }],
      actions: ['ecr:BatchGetImage', 'ecr:DescribeImages', 'ecr:PutImage'],
    });
    expect(sids.NoOtherImagePut).toMatchObject({
      effect: 'Deny',
      actions: ['ecr:PutImage'],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BUILD_ROLE, tagger] }],
    });
    // the layer uploads stay the build's alone
    expect(sids.NoOtherPusher.condition).toEqual([{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BUILD_ROLE] }]);
    expect(bySid('TagFromTheReleaseTagger')).toBeUndefined();
  });

  test('only the build project role pushes; every other principal is denied the push', () => {
    expect(bySid('PushFromTheBuildProject')).toMatchObject({
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: [BUILD_ROLE] }],
      actions: expect.arrayContaining(['ecr:PutImage', 'ecr:UploadLayerPart']),
    });
    expect(bySid('NoOtherPusher')).toMatchObject({
      effect: 'Deny',
      actions: expect.arrayContaining(['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart']),
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BUILD_ROLE] }],
    });
    expect(bySid('NoOtherImagePut')).toMatchObject({
      effect: 'Deny',
      actions: ['ecr:PutImage'],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BUILD_ROLE] }],
    });
  });

  test('exactly the named roles of the later accounts pull, nothing else', () => {
    expect(bySid('PullFromLaterEnvironments')).toEqual({
      sid: 'PullFromLaterEnvironments',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::333333333333:root', 'arn:aws:iam::555555555555:root'] }],
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      condition: [
        {
          test: 'ArnEquals',
          variable: 'aws:PrincipalArn',
          values: ['arn:aws:iam::333333333333:role/acme-test-svc-task-exec', 'arn:aws:iam::555555555555:role/acme-prod-svc-task-exec'],
        },
      ],
    });
    const { tf: alone } = synthRepository({ pullAccounts: [] });
    expect(dataOf(alone, 'aws_iam_policy_document')[0].statement.map((s: any) => s.sid)).toEqual([
      'PushFromTheBuildProject',
      'NoOtherPusher',
      'NoOtherImagePut',
    ]);
  });

  test.each([
    [{ untaggedExpiryDays: 0 }, /untaggedExpiryDays must be a whole number of days, at least 1 \(got 0\)/],
    [{ keepLastImages: 0.5 }, /keepLastImages must be a whole number, at least 1 \(got 0.5\)/],
    [{ keepReleasedImages: 0 }, /keepReleasedImages must be a whole number, at least 1 \(got 0\)/],
    [{ pullAccounts: [{ accountId: '111111111111', roleNames: ['r'] }] }, /names the repository's own account 111111111111/],
    [{ pullAccounts: [{ accountId: '333333333333', roleNames: [] }] }, /pullAccounts entry 333333333333 names no role/],
  ])('bad props %j are refused, naming the field', (overrides, message) => {
    expect(() => synthRepository(overrides as Partial<EcrRepositoryProps>)).toThrow(message);
  });
});
