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
  /** Roles of other accounts that may pull (the later environments' deploy principals). @default none */
  readonly pullAccounts?: readonly EcrPullAccount[];
  /** Untagged images (a failed push, a layer left behind) expire this many days after their push. @default 7 */
  readonly untaggedExpiryDays?: number;
  /**
   * Keep only the newest this many images. An image a later environment has not deployed yet must still be
   * among them: choose more than the builds between two production releases. @default 200
   */
  readonly keepLastImages?: number;
  /** Refuse `terraform destroy` (images production runs). @default true */
  readonly preventDestroy?: boolean;
}

/**
 * The ECR repository of a container service: KMS-encrypted with the environment's customer key, tags immutable
 * (a `<commit>` tag names one image forever), scanned on push, expired by lifecycle rules. Its policy lets exactly
 * one role push (the service's build project; every other principal is denied the push actions) and exactly the
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
    const pullAccounts = props.pullAccounts ?? [];
    const where = `EcrRepository ${this.node.path}`;
    if (!Number.isInteger(untaggedExpiryDays) || untaggedExpiryDays < 1) {
      throw new Error(`${where}: untaggedExpiryDays must be a whole number of days, at least 1 (got ${untaggedExpiryDays})`);
    }
    if (!Number.isInteger(keepLastImages) || keepLastImages < 1) {
      throw new Error(`${where}: keepLastImages must be a whole number, at least 1 (got ${keepLastImages})`);
    }
    for (const account of pullAccounts) {
      if (account.accountId === props.accountId) {
        throw new Error(
          `${where}: pullAccounts names the repository's own account ${account.accountId}; a role of this account pulls with its own IAM policy`,
        );
      }
      if (account.roleNames.length === 0) throw new Error(`${where}: pullAccounts entry ${account.accountId} names no role`);
    }

    this.arn = ecrRepositoryArn(partition, props.region, props.accountId, props.repositoryName);
    this.uri = ecrRepositoryUri(partition, props.region, props.accountId, props.repositoryName);
    this.repository = new AwsEcrRepository(this, 'repository', {
      name: props.repositoryName,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
      forceDelete: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });

    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images ${untaggedExpiryDays} days after their push`,
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedExpiryDays },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the newest ${keepLastImages} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepLastImages },
            action: { type: 'expire' },
          },
        ],
      }),
    });

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
        actions: ECR_PUSH_ACTIONS.filter((a) => a !== 'ecr:BatchCheckLayerAvailability'),
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [props.pushRoleArn] }],
      },
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
    const document = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    new EcrRepositoryPolicy(this, 'policy', { repository: this.repository.name, policy: document.json });
  }
}
