import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository as AwsEcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct, accountRootArn, ecrRepositoryArn, ecrRepositoryUri, iamRoleArn } from '../core';

/** What pushing an image takes (`docker push`): the layer upload and the manifest. */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
] as const;

/** What pulling an image takes (`docker pull`, ECS, a kubelet): the manifest and the layers. */
export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;

/**
 * Prefix of the tag an image gets when it is promoted out of the environment that built it (the release tagger,
 * modules/codebuild-project/image-release-buildspec.ts): the lifecycle rules never expire an image tagged so by
 * the count of all images; only the count of released images does, far above any number of releases in flight.
 */
export const RELEASE_TAG_PREFIX = 'release-';

/** What tagging an image already in the repository takes: read its manifest, put it again under a new tag. */
export const ECR_TAG_ACTIONS = ['ecr:BatchGetImage', 'ecr:DescribeImages', 'ecr:PutImage'] as const;

/** Roles of one account that may pull the images. */
export interface EcrPullAccount {
  readonly accountId: string;
  /** Names of the roles (no path) of that account that pull. */
  readonly roleNames: readonly string[];
}

export interface EcrRepositoryProps {
  /** Repository name (`ecrRepositoryName`). */
  readonly repositoryName: string;
  readonly accountId: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** The customer managed KMS key that encrypts the images (the environment's key). */
  readonly kmsKeyArn: string;
  /** The one role that may push: the service's build project role (same account). */
  readonly pushRoleArn: string;
  /**
   * The one other role that may put an image: the release tagger, which adds a `release-` tag to an image already
   * pushed (same account). @default none
   */
  readonly releaseRoleArn?: string;
  /** Roles of other accounts that may pull (the later environments' deploy principals). @default none */
  readonly pullAccounts?: readonly EcrPullAccount[];
  /** Untagged images (a failed push, a layer left behind) expire this many days after their push. @default 7 */
  readonly untaggedExpiryDays?: number;
  /**
   * Keep only the newest this many images that were never released (no `release-` tag): builds that stayed in
   * the environment that built them. A released image is never expired by this count. @default 200
   */
  readonly keepLastImages?: number;
  /**
   * Keep the newest this many released images (`release-` tag): every image a later environment runs or may roll
   * back to. Far above the releases between two production deploys. @default 1000
   */
  readonly keepReleasedImages?: number;
  /** Refuse `terraform destroy` (images production runs). @default true */
  readonly preventDestroy?: boolean;
}

/**
 * The ECR repository of a container service: KMS-encrypted with the environment's customer key, tags immutable
 * (a `<commit>` tag names one image forever), scanned on push, expired by lifecycle rules that never reach a released
 * image (`release-` tag). Its policy lets exactly one role push (the service's build project; every other principal
 * is denied the push actions), one more put a tag on an image already there (the release tagger), and exactly the
 * named roles of other accounts pull: the later environments deploy the digest the build pushed (build once).
 */
export class EcrRepository extends Construct {
  readonly repository: AwsEcrRepository;
  /** The repository's ARN, computed from its name (for the build role's policy). */
  readonly arn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: what the build pushes to (IMAGE_REPOSITORY_URI). */
  readonly uri: string;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const untaggedExpiryDays = props.untaggedExpiryDays ?? 7;
    const keepLastImages = props.keepLastImages ?? 200;
    const keepReleasedImages = props.keepReleasedImages ?? 1000;
    const pullAccounts = props.pullAccounts ?? [];
    const where = `EcrRepository ${this.node.path}`;
    if (!Number.isInteger(untaggedExpiryDays) || untaggedExpiryDays < 1) {
      throw new Error(`${where}: untaggedExpiryDays must be a whole number of days, at least 1 (got ${untaggedExpiryDays})`);
    }
    for (const [field, value] of [
      ['keepLastImages', keepLastImages],
      ['keepReleasedImages', keepReleasedImages],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${field} must be a whole number, at least 1 (got ${value})`);
    }
    for (const account of pullAccounts) {
      if (account.accountId === props.accountId) {
        throw new Error(
          `${where}: pullAccounts names the repository's own account ${account.accountId}; a role of this account pulls with its own IAM policy`,
        );
      }
      if (account.roleNames.length === 0) throw new Error(`${where}: pullAccounts entry ${account.accountId} names no role`);
    }

    const at = { partition, region: props.region, accountId: props.accountId };
    this.arn = ecrRepositoryArn(at, props.repositoryName);
    this.uri = ecrRepositoryUri(at, props.repositoryName);
    this.repository = new AwsEcrRepository(this, 'repository', {
      name: props.repositoryName,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
      forceDelete: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });

    // ECR evaluates the rules by rulePriority, lowest first; an image the tag selection of a rule matches is never
    // expired by a later rule (which still counts it): released images are out of reach of the last rule's count
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({ rules: lifecycleRules(untaggedExpiryDays, keepReleasedImages, keepLastImages) }),
    });

    const statements = repositoryStatements(props, partition, pullAccounts);
    const document = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    new EcrRepositoryPolicy(this, 'policy', { repository: this.repository.name, policy: document.json });
  }
}

/** The lifecycle rules, in ECR's evaluation order (rulePriority, lowest first). */
function lifecycleRules(untaggedExpiryDays: number, keepReleasedImages: number, keepLastImages: number): object[] {
  return [
    {
      rulePriority: 1,
      description: `Expire untagged images ${untaggedExpiryDays} days after their push`,
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedExpiryDays },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: `Keep the newest ${keepReleasedImages} released images (${RELEASE_TAG_PREFIX}*): no later rule expires them`,
      selection: {
        tagStatus: 'tagged',
        tagPrefixList: [RELEASE_TAG_PREFIX],
        countType: 'imageCountMoreThan',
        countNumber: keepReleasedImages,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 3,
      description: `Keep the newest ${keepLastImages} images; released ones are kept by the rule before`,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepLastImages },
      action: { type: 'expire' },
    },
  ];
}

/** The repository policy: one pusher, the release tagger, the later environments' pullers. */
function repositoryStatements(
  props: EcrRepositoryProps,
  partition: string,
  pullAccounts: readonly EcrPullAccount[],
): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    {
      sid: 'PushFromTheBuildProject',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: [props.pushRoleArn] }],
      actions: [...ECR_PUSH_ACTIONS],
    },
    {
      sid: 'NoOtherPusher',
      effect: 'Deny',
      principals: [{ type: 'AWS', identifiers: ['*'] }],
      actions: ECR_PUSH_ACTIONS.filter((a) => a !== 'ecr:BatchCheckLayerAvailability' && a !== 'ecr:PutImage'),
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [props.pushRoleArn] }],
    },
    {
      // a new tag on an image already here: the build's push, and the release tagger's tag
      sid: 'NoOtherImagePut',
      effect: 'Deny',
      principals: [{ type: 'AWS', identifiers: ['*'] }],
      actions: ['ecr:PutImage'],
      condition: [
        {
          test: 'ArnNotEquals',
          variable: 'aws:PrincipalArn',
          values: [props.pushRoleArn, ...(props.releaseRoleArn === undefined ? [] : [props.releaseRoleArn])],
        },
      ],
    },
    ...(props.releaseRoleArn === undefined
      ? []
      : [
          {
            sid: 'TagFromTheReleaseTagger',
            effect: 'Allow',
            principals: [{ type: 'AWS', identifiers: [props.releaseRoleArn] }],
            actions: [...ECR_TAG_ACTIONS],
          },
        ]),
  ];
  if (pullAccounts.length > 0) {
    // the account roots as principals (a role that does not exist yet is no error), narrowed to the named roles
    const roleArns = pullAccounts.flatMap((a) => a.roleNames.map((name) => iamRoleArn(partition, a.accountId, name)));
    statements.push({
      sid: 'PullFromLaterEnvironments',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: pullAccounts.map((a) => accountRootArn(partition, a.accountId)) }],
      actions: [...ECR_PULL_ACTIONS],
      condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: roleArns }],
    });
  }
  return statements;
}
