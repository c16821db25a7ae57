import { codebuildProjectArn, codepipelineArn, ecrRepositoryArn, kmsAliasArn, kmsKeyArn, regionalArn, s3Arn } from '../core';
import { baselineAccess } from './baseline-access';
import type { AccountScope, ServiceAccess } from './service-access';

/**
 * What the environment stacks create outside IAM, service by service (service-access.ts says how a group reads):
 * the delivery services, KMS, the registry and buckets here, the account's baseline in baseline-access.ts. IAM has
 * its own statements (AccountRoles, TerraformRole).
 */

/** Everything the Terraform role may do outside IAM, in the order of its policies' statements. */
export function serviceAccess(scope: AccountScope): ServiceAccess[] {
  return [...deliveryAccess(scope), ...kmsAccess(scope), ...storageAccess(scope), ...baselineAccess(scope)];
}

/** CodeBuild, CodeDeploy, CodePipeline and the source connections: by the platform prefix. */
function deliveryAccess(scope: AccountScope): ServiceAccess[] {
  const { prefix } = scope;
  return [
    {
      sid: 'CodeBuild',
      read: ['codebuild:BatchGetProjects', 'codebuild:BatchGetReportGroups'],
      write: [
        'codebuild:CreateProject',
        'codebuild:CreateReportGroup',
        'codebuild:CreateWebhook',
        'codebuild:DeleteProject',
        'codebuild:DeleteReportGroup',
        'codebuild:DeleteWebhook',
        'codebuild:UpdateProject',
        'codebuild:UpdateReportGroup',
        'codebuild:UpdateWebhook',
      ],
      resources: [codebuildProjectArn(scope, `${prefix}-*`), regionalArn(scope, 'codebuild', `report-group/${prefix}-*`)],
    },
    {
      sid: 'CodeDeploy',
      read: [
        'codedeploy:GetApplication',
        'codedeploy:GetDeploymentConfig',
        'codedeploy:GetDeploymentGroup',
        'codedeploy:ListTagsForResource',
      ],
      write: [
        'codedeploy:CreateApplication',
        'codedeploy:CreateDeploymentConfig',
        'codedeploy:CreateDeploymentGroup',
        'codedeploy:DeleteApplication',
        'codedeploy:DeleteDeploymentConfig',
        'codedeploy:DeleteDeploymentGroup',
        'codedeploy:TagResource',
        'codedeploy:UntagResource',
        'codedeploy:UpdateApplication',
        'codedeploy:UpdateDeploymentGroup',
      ],
      resources: [
        regionalArn(scope, 'codedeploy', `application:${prefix}-*`),
        regionalArn(scope, 'codedeploy', `deploymentgroup:${prefix}-*`),
        regionalArn(scope, 'codedeploy', `deploymentconfig:${prefix}-*`),
      ],
    },
    {
      sid: 'CodePipeline',
      read: ['codepipeline:GetPipeline', 'codepipeline:ListTagsForResource'],
      write: [
        'codepipeline:CreatePipeline',
        'codepipeline:DeletePipeline',
        'codepipeline:TagResource',
        'codepipeline:UntagResource',
        'codepipeline:UpdatePipeline',
      ],
      resources: [codepipelineArn(scope, `${prefix}-*`)],
    },
    {
      sid: 'SourceConnections',
      read: ['codestar-connections:GetConnection', 'codestar-connections:ListTagsForResource'],
      write: [
        'codestar-connections:CreateConnection',
        'codestar-connections:DeleteConnection',
        'codestar-connections:PassConnection',
        'codestar-connections:TagResource',
        'codestar-connections:UntagResource',
      ],
      resources: [regionalArn(scope, 'codestar-connections', 'connection/*')],
      why: 'a connection ARN ends in a generated id, not its name: this account and region are the narrowest scope',
    },
  ];
}

/**
 * KMS for the environment stacks, as the management role has it (management-actions.ts): keys are created only
 * with the `stack` tag of one of the role's stacks, changed only when they carry one (a key of another stack or
 * of an administrator is out of reach), tagged on creation only while untagged; aliases by the platform prefix.
 */
function kmsAccess(scope: AccountScope): ServiceAccess[] {
  const { region: r, prefix } = scope;
  const stackTags = [...(scope.stackTags ?? [])].sort();
  if (stackTags.length === 0) throw new Error('serviceAccess: stackTags must name the stacks whose KMS keys the role manages');
  const keys = kmsKeyArn(scope, '*');
  return [
    {
      sid: 'KmsKeys',
      read: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
      write: [
        'kms:CreateAlias',
        'kms:DeleteAlias',
        'kms:EnableKeyRotation',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      resources: [keys],
      condition: [{ test: 'StringEquals', variable: 'aws:ResourceTag/stack', values: stackTags }],
      why: "a key ARN ends in a generated id: this account's keys, for the Terraform role only those its stacks tagged",
    },
    {
      sid: 'KmsAliases',
      read: [],
      write: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      resources: [kmsAliasArn(scope, `${prefix}-*`)],
    },
    {
      sid: 'KmsCreateKey',
      read: [],
      write: ['kms:CreateKey'],
      resources: ['*'],
      condition: [{ test: 'StringEquals', variable: 'aws:RequestTag/stack', values: stackTags }],
      why: 'CreateKey takes no resource (the key does not exist yet); the new key must carry the tag of one of its stacks',
    },
    {
      sid: 'KmsTagNewKeys',
      read: [],
      write: ['kms:TagResource'],
      // tags given to CreateKey need TagResource on the new key; only with a stack tag of its own, never on a key
      // tagged already, which could otherwise be retagged into the KmsKeys statement
      resources: [keys],
      condition: [
        { test: 'StringEquals', variable: 'aws:RequestTag/stack', values: stackTags },
        { test: 'Null', variable: 'aws:ResourceTag/stack', values: ['true'] },
      ],
    },
    {
      sid: 'KmsGrantsForEcr',
      read: [],
      // an ECR repository encrypted with the key: ECR creates its grants with the caller's rights, and retires them
      write: ['kms:CreateGrant', 'kms:RetireGrant'],
      resources: [keys],
      condition: [
        { test: 'StringEquals', variable: 'aws:ResourceTag/stack', values: stackTags },
        { test: 'StringEquals', variable: 'kms:ViaService', values: [`ecr.${r}.amazonaws.com`] },
        { test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] },
      ],
    },
    {
      sid: 'KmsUnscoped',
      read: ['kms:ListAliases'],
      write: [],
      resources: ['*'],
      why: 'ListAliases takes no resource (the list is account-wide)',
    },
  ];
}

/** The container registry's repositories and the S3 buckets: by the platform prefix. */
function storageAccess(scope: AccountScope): ServiceAccess[] {
  const { prefix } = scope;
  return [
    {
      sid: 'ContainerRegistry',
      read: ['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'ecr:GetRepositoryPolicy', 'ecr:ListTagsForResource'],
      write: [
        'ecr:CreateRepository',
        'ecr:DeleteLifecyclePolicy',
        'ecr:DeleteRepository',
        'ecr:DeleteRepositoryPolicy',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:PutLifecyclePolicy',
        'ecr:SetRepositoryPolicy',
        'ecr:TagResource',
        'ecr:UntagResource',
      ],
      resources: [ecrRepositoryArn(scope, `${prefix}-*`)],
    },
    {
      sid: 'S3Buckets',
      read: [
        's3:GetAccelerateConfiguration',
        's3:GetBucketAcl',
        's3:GetBucketCORS',
        's3:GetBucketLocation',
        's3:GetBucketLogging',
        's3:GetBucketNotification',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketRequestPayment',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetBucketWebsite',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:ListBucket',
      ],
      write: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:PutBucketNotification',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPolicy',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketTagging',
        's3:PutBucketVersioning',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
      ],
      resources: [s3Arn(scope.partition, `${prefix}-*`)],
    },
  ];
}
