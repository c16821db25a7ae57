import {
  cloudTrailArn,
  codeArtifactDomainArn,
  codeArtifactRepositoryArn,
  dynamodbTableArn,
  iamRoleArn,
  kmsAliasArn,
  kmsKeyArn,
  logGroupArn,
  s3Arn,
} from '../core';
import type { AccountScope, ServiceAccess } from './service-access';

/** What the management account's stacks are named by (all from config). */
export interface ManagementScope extends AccountScope {
  /** The CodeArtifact domain the platform stack creates. */
  readonly codeArtifactDomain: string;
  /** Alias (without `alias/`) of the key the platform stack creates for the domain. */
  readonly codeArtifactKeyAlias: string;
  /** The `stack` default tag of the platform stack: its KMS keys carry it. */
  readonly platformStackTag: string;
  /** The state bucket and lock table (bootstrap), which plans read. */
  readonly stateBucketName: string;
  readonly lockTableName: string;
  /** The bucket of the management account's audit trail (bootstrap), which plans read. @default none */
  readonly auditBucketName?: string;
  /** The permissions boundary the platform stack's roles carry (bootstrap creates it). */
  readonly boundaryArn: string;
  /** The CodeArtifact release role, when the platform stack creates it. @default none */
  readonly releaseRoleName?: string;
}

/**
 * What the platform stack creates in AWS, for the management Terraform role (read and write) and the plan role
 * (read): the CodeArtifact domain, its repositories and their resource policies, the domain's KMS key and, when
 * it lives here, the CodeArtifact release role (by name, only with the boundary). No wildcard action; `*`
 * resources only where the API takes none.
 */
// eslint-disable-next-line max-lines-per-function -- data table: the actions and resources of each AWS service the platform stack uses
export function platformStackAccess(scope: ManagementScope): ServiceAccess[] {
  const domain = { ...scope, domain: scope.codeArtifactDomain };
  return [
    {
      sid: 'CodeArtifact',
      read: [
        'codeartifact:DescribeDomain',
        'codeartifact:DescribeRepository',
        'codeartifact:GetDomainPermissionsPolicy',
        'codeartifact:GetRepositoryPermissionsPolicy',
        'codeartifact:ListTagsForResource',
      ],
      write: [
        'codeartifact:AssociateExternalConnection',
        'codeartifact:AssociateWithDownstreamRepository',
        'codeartifact:CreateDomain',
        'codeartifact:CreateRepository',
        'codeartifact:DeleteDomain',
        'codeartifact:DeleteDomainPermissionsPolicy',
        'codeartifact:DeleteRepository',
        'codeartifact:DeleteRepositoryPermissionsPolicy',
        'codeartifact:DisassociateExternalConnection',
        'codeartifact:PutDomainPermissionsPolicy',
        'codeartifact:PutRepositoryPermissionsPolicy',
        'codeartifact:TagResource',
        'codeartifact:UntagResource',
        'codeartifact:UpdateRepository',
      ],
      resources: [codeArtifactDomainArn(domain), codeArtifactRepositoryArn(domain, '*')],
      why: "the domain by name; its repositories are the platform stack's, whatever their ecosystem",
    },
    {
      sid: 'KmsKeys',
      read: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
      write: [
        'kms:CreateAlias',
        'kms:CreateGrant',
        'kms:DeleteAlias',
        'kms:EnableKeyRotation',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      resources: [kmsKeyArn(scope, '*')],
      // the state key (bootstrap) lives in this account too: the Terraform role touches only keys the platform
      // stack tagged as its own (provider default tag `stack`)
      condition: [{ test: 'StringEquals', variable: 'aws:ResourceTag/stack', values: [scope.platformStackTag] }],
      why: "a key ARN ends in a generated id: this account's keys, for the Terraform role only those tagged stack=<platform>",
    },
    {
      sid: 'KmsAliases',
      read: [],
      write: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      resources: [kmsAliasArn(scope, scope.codeArtifactKeyAlias)],
    },
    {
      sid: 'KmsCreateKey',
      read: [],
      write: ['kms:CreateKey'],
      resources: ['*'],
      condition: [{ test: 'StringEquals', variable: 'aws:RequestTag/stack', values: [scope.platformStackTag] }],
      why: 'CreateKey takes no resource (the key does not exist yet); the new key must carry the platform stack tag',
    },
    {
      sid: 'KmsTagNewKeys',
      read: [],
      write: ['kms:TagResource'],
      // tags given to CreateKey need TagResource on every key of the account and region (KMS documents it); only
      // with the platform stack's tag, and never on a key tagged already (the state key), which could otherwise be
      // retagged into the KmsKeys statement
      resources: [kmsKeyArn(scope, '*')],
      condition: [
        { test: 'StringEquals', variable: 'aws:RequestTag/stack', values: [scope.platformStackTag] },
        { test: 'Null', variable: 'aws:ResourceTag/stack', values: ['true'] },
      ],
    },
    {
      sid: 'KmsUnscoped',
      read: ['kms:ListAliases'],
      write: [],
      resources: ['*'],
      why: 'ListAliases takes no resource (the list is account-wide)',
    },
    ...(scope.releaseRoleName === undefined ? [] : releaseRoleAccess(scope, scope.releaseRoleName)),
  ];
}

/** The release role (stacks/compose/package-release.ts): that one role, created and given policies only with the boundary. */
function releaseRoleAccess(scope: ManagementScope, roleName: string): ServiceAccess[] {
  const roleArn = iamRoleArn(scope.partition, scope.accountId, roleName);
  return [
    {
      sid: 'ReleaseRole',
      read: [
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
      ],
      write: [
        'iam:DeleteRole',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      resources: [roleArn],
    },
    {
      sid: 'ReleaseRoleWithBoundary',
      read: [],
      write: ['iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy'],
      resources: [roleArn],
      condition: [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [scope.boundaryArn] }],
    },
  ];
}

/**
 * What a plan of `bootstrap` reads besides keys and roles: the state and audit buckets' settings, the lock table's
 * description, the management account's audit trail and its log group. Read only: nothing applies bootstrap but an
 * administrator.
 */
export function stateBackendReads(scope: ManagementScope): ServiceAccess[] {
  return [
    {
      sid: 'StateBucketSettings',
      read: [
        's3:GetBucketAcl',
        's3:GetBucketCORS',
        's3:GetBucketLocation',
        's3:GetBucketLogging',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetBucketWebsite',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:GetAccelerateConfiguration',
        's3:GetBucketRequestPayment',
        's3:ListBucket',
      ],
      write: [],
      // bucket-level reads (ListBucket: HeadBucket and the key list, never an object's content): no s3:GetObject,
      // the state itself is read through the state role
      resources: [scope.stateBucketName, ...(scope.auditBucketName === undefined ? [] : [scope.auditBucketName])].map((bucket) =>
        s3Arn(scope.partition, bucket),
      ),
    },
    {
      sid: 'LockTable',
      read: ['dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource'],
      write: [],
      resources: [dynamodbTableArn(scope, scope.lockTableName)],
    },
    {
      sid: 'AuditTrail',
      read: [
        'cloudtrail:GetEventSelectors',
        'cloudtrail:GetInsightSelectors',
        'cloudtrail:GetTrail',
        'cloudtrail:GetTrailStatus',
        'cloudtrail:ListTags',
      ],
      write: [],
      resources: [cloudTrailArn(scope, `${scope.prefix}-*`)],
    },
    {
      sid: 'AuditLogGroup',
      read: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      write: [],
      resources: [logGroupArn(scope, `/${scope.prefix}/*`)],
    },
    {
      sid: 'AuditUnscoped',
      read: ['cloudtrail:DescribeTrails', 'logs:DescribeLogGroups'],
      write: [],
      resources: ['*'],
      why: 'DescribeTrails and DescribeLogGroups list the account: the APIs take no resource',
    },
  ];
}
