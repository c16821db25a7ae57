import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CodeartifactDomain } from '@cdktf/provider-aws/lib/codeartifact-domain';
import { CodebuildProject, type CodebuildProjectConfig } from '@cdktf/provider-aws/lib/codebuild-project';
import { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import { Codepipeline, type CodepipelineStage, type CodepipelineStageAction } from '@cdktf/provider-aws/lib/codepipeline';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable, type DynamodbTableConfig } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { CodedeployDeploymentGroup, type CodedeployDeploymentGroupConfig } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { ActionsEnvironmentVariable } from '@cdktf/provider-github/lib/actions-environment-variable';
import { BranchProtection, type BranchProtectionConfig } from '@cdktf/provider-github/lib/branch-protection';
import { Repository } from '@cdktf/provider-github/lib/repository';
import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
import { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import { RepositoryRuleset, type RepositoryRulesetRules } from '@cdktf/provider-github/lib/repository-ruleset';
import { PIPELINE_TIER_TAG, type Construct } from '../../modules/core';
import { KmsKey } from '../../modules/kms-key';
import { SecureBucket } from '../../modules/secure-bucket';
import { ALL_RULES, type PolicyRule, type StackTraits } from '../../policies';
import { pipelineApprovalBeforeProduction, pipelineValidateProduction, prodEnvironmentReviewers } from '../../policies/rules';
import { loadSkips } from '../../tools/checkov';
import { ruleFindings } from '../support/policy';

const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/11111111-2222-3333-4444-555555555555';
const ROLE = 'arn:aws:iam::222222222222:role/builder';
const OIDC = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com';

type Build = (scope: Construct) => void;

/** One compliant and one non-compliant stack per rule, and what the finding must say. */
interface RuleCase {
  readonly compliant: Build;
  readonly nonCompliant: Build;
  readonly message: RegExp;
  readonly traits?: StackTraits;
}

const secureBucket: Build = (s) =>
  new SecureBucket(s, 'bucket', { bucketName: 'acme-dev-artifacts', kmsKeyArn: KEY, lifecycle: { noncurrentVersionExpirationDays: 30 } });
const goodKey: Build = (s) => new KmsKey(s, 'key', { alias: 'acme-dev', description: 'test key', accountId: '222222222222' });

function policyDocument(s: Construct, statement: DataAwsIamPolicyDocumentStatement[], id = 'document'): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(s, id, { statement });
}

function role(s: Construct, trust: DataAwsIamPolicyDocumentStatement[]): void {
  new IamRole(s, 'role', { name: 'deployer', assumeRolePolicy: policyDocument(s, trust, 'trust').json });
}

function githubTrust(conditions: DataAwsIamPolicyDocumentStatement['condition']): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'GitHubActions',
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [OIDC] }],
      condition: conditions,
    },
  ];
}
const AUD = { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] };
const PINNED_SUB = {
  test: 'StringEquals',
  variable: 'token.actions.githubusercontent.com:sub',
  values: ['repo:acme-platform/cicd-platform:environment:prod'],
};

function table(s: Construct, config: Partial<DynamodbTableConfig> = {}): void {
  new DynamodbTable(s, 'table', { name: 'locks', hashKey: 'LockID', attribute: [{ name: 'LockID', type: 'S' }], ...config });
}

function project(s: Construct, config: Partial<CodebuildProjectConfig> = {}): void {
  new CodebuildProject(s, 'project', {
    name: 'sample-api-build',
    serviceRole: ROLE,
    encryptionKey: KEY,
    artifacts: { type: 'CODEPIPELINE' },
    environment: { computeType: 'BUILD_GENERAL1_SMALL', image: 'aws/codebuild/amazonlinux-aarch64-standard:3.0', type: 'ARM_CONTAINER' },
    source: { type: 'CODEPIPELINE' },
    logsConfig: { cloudwatchLogs: { status: 'ENABLED', groupName: '/acme/builds/sample-api' } },
    ...config,
  });
}

const SOURCE: CodepipelineStage = {
  name: 'Source',
  action: [{ name: 'Source', category: 'Source', owner: 'AWS', provider: 'S3', version: '1', outputArtifacts: ['artifact'] }],
};
const APPROVE: CodepipelineStage = {
  name: 'Approve',
  action: [{ name: 'Approve', category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }],
};
const DEPLOY: CodepipelineStage = {
  name: 'Deploy',
  action: [{ name: 'Deploy', category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1', inputArtifacts: ['artifact'] }],
};
const VALIDATE: CodepipelineStage = {
  name: 'Validate',
  action: [{ name: 'Smoke', category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1', inputArtifacts: ['artifact'] }],
};

function pipeline(s: Construct, stages: CodepipelineStage[], encryptionKey: boolean = true): void {
  new Codepipeline(s, 'pipeline', {
    name: 'sample-api',
    roleArn: ROLE,
    artifactStore: [{ location: 'acme-prod-artifacts', type: 'S3', encryptionKey: encryptionKey ? { id: KEY, type: 'KMS' } : undefined }],
    stage: stages,
  });
}

function boundedRole(s: Construct, actions: string[]): void {
  const boundaryDocument = policyDocument(s, [{ actions: ['s3:GetObject', 's3:PutObject'], resources: ['*'] }], 'boundary-document');
  const boundary = new IamPolicy(s, 'boundary', { name: 'boundary', policy: boundaryDocument.json });
  const bounded = new IamRole(s, 'role', { name: 'builder', assumeRolePolicy: '{}', permissionsBoundary: boundary.arn });
  const document = policyDocument(s, [{ actions, resources: ['arn:aws:s3:::b/*'] }], 'inline-document');
  new IamRolePolicy(s, 'inline', { role: bounded.name, policy: document.json });
}

function branchProtection(s: Construct, overrides: Partial<BranchProtectionConfig>): void {
  new BranchProtection(s, 'protection', {
    repositoryId: 'sample-api',
    pattern: 'main',
    enforceAdmins: true,
    requiredLinearHistory: true,
    requireConversationResolution: true,
    requireSignedCommits: true,
    allowsForcePushes: false,
    allowsDeletions: false,
    requiredPullRequestReviews: [
      { requiredApprovingReviewCount: 2, requireCodeOwnerReviews: true, dismissStaleReviews: true, requireLastPushApproval: true },
    ],
    requiredStatusChecks: [{ strict: true, contexts: ['ci/sample-api/build'] }],
    ...overrides,
  });
}

function deploymentGroup(s: Construct, overrides: Partial<CodedeployDeploymentGroupConfig>): void {
  new CodedeployDeploymentGroup(s, 'group', {
    appName: 'sample-api',
    deploymentGroupName: 'sample-api-prod',
    serviceRoleArn: ROLE,
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
    alarmConfiguration: { enabled: true, alarms: ['sample-api-errors'] },
    triggerConfiguration: [
      {
        triggerName: 'failures',
        triggerTargetArn: 'arn:aws:sns:eu-west-1:222222222222:alerts',
        triggerEvents: ['DeploymentFailure', 'DeploymentRollback'],
      },
    ],
    ...overrides,
  });
}

const PROD: StackTraits = { production: true };

/** The Checkov checks the pack is measured against (issue 8). */
const REFERENCE_CHECKS = [
  ...[7, 18, 21, 26, 28, 33, 53, 54, 55, 56, 62, 63, 66, 78, 119, 144, 145, 147, 149, 158, 219, 221, 316, 338, 355, 358].map(
    (n) => `CKV_AWS_${n}`,
  ),
  ...[6, 57, 61, 62].map((n) => `CKV2_AWS_${n}`),
  ...[1, 3, 5, 6].map((n) => `CKV_GIT_${n}`),
];
/** Mirrored by the rules of the CodePipeline branch (issue 6), not merged yet. */
const MIRRORED_ON_OTHER_BRANCHES: string[] = [];

/** A pipeline tagged as changing production (the tag the pipeline composition sets in the last environment). */
function productionPipeline(s: Construct, stages: CodepipelineStage[]): void {
  new Codepipeline(s, 'pipeline', {
    name: 'sample-api',
    roleArn: ROLE,
    artifactStore: [{ location: 'acme-prod-artifacts', type: 'S3', encryptionKey: { id: KEY, type: 'KMS' } }],
    stage: stages,
    tags: { [PIPELINE_TIER_TAG.key]: PIPELINE_TIER_TAG.production },
  });
}

const CASES: Readonly<Record<string, RuleCase>> = {
  'PLAT-S3-001': {
    compliant: secureBucket,
    nonCompliant: (s) => {
      const b = new S3Bucket(s, 'bucket', { bucket: 'b' });
      new S3BucketServerSideEncryptionConfigurationA(s, 'sse', {
        bucket: b.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      });
    },
    message: /not SSE-KMS/,
  },
  'PLAT-S3-002': {
    compliant: secureBucket,
    nonCompliant: (s) => {
      const b = new S3Bucket(s, 'bucket', { bucket: 'b' });
      new S3BucketPublicAccessBlock(s, 'pab', { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: false });
    },
    message: /leaves block_public_policy, ignore_public_acls, restrict_public_buckets off/,
  },
  'PLAT-S3-003': {
    compliant: secureBucket,
    nonCompliant: (s) => {
      const b = new S3Bucket(s, 'bucket', { bucket: 'b' });
      new S3BucketVersioningA(s, 'versioning', { bucket: b.id, versioningConfiguration: { status: 'Suspended' } });
    },
    message: /versioning is not enabled/,
  },
  'PLAT-S3-004': {
    compliant: secureBucket,
    nonCompliant: (s) => {
      const b = new S3Bucket(s, 'bucket', { bucket: 'b' });
      new S3BucketLifecycleConfiguration(s, 'lifecycle', {
        bucket: b.id,
        rule: [{ id: 'expire', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: 30 }] }],
      });
    },
    message: /no enabled lifecycle rule expires non-current versions/,
  },
  'PLAT-S3-005': {
    compliant: secureBucket,
    nonCompliant: (s) => {
      const b = new S3Bucket(s, 'bucket', { bucket: 'b' });
      const doc = policyDocument(s, [
        { effect: 'Allow', actions: ['s3:GetObject'], resources: [`${b.arn}/*`], principals: [{ type: 'AWS', identifiers: [ROLE] }] },
      ]);
      new S3BucketPolicy(s, 'policy', { bucket: b.id, policy: doc.json });
    },
    message: /no bucket policy denies requests without TLS/,
  },
  'PLAT-S3-006': {
    compliant: secureBucket,
    nonCompliant: (s) => {
      const b = new S3Bucket(s, 'bucket', { bucket: 'b' });
      new S3BucketOwnershipControls(s, 'ownership', { bucket: b.id, rule: { objectOwnership: 'ObjectWriter' } });
    },
    message: /ACLs are not disabled/,
  },
  'PLAT-S3-007': {
    compliant: secureBucket,
    nonCompliant: (s) => new S3Bucket(s, 'bucket', { bucket: 'b', forceDestroy: true }),
    message: /force_destroy is true/,
  },
  'PLAT-KMS-001': {
    compliant: goodKey,
    nonCompliant: (s) => new AwsKmsKey(s, 'key', { description: 'k', enableKeyRotation: false }),
    message: /automatic key rotation is off/,
  },
  'PLAT-KMS-002': {
    compliant: goodKey,
    nonCompliant: (s) =>
      new AwsKmsKey(s, 'key', {
        enableKeyRotation: true,
        policy: policyDocument(s, [
          { sid: 'Everyone', actions: ['kms:Decrypt'], resources: ['*'], principals: [{ type: 'AWS', identifiers: ['*'] }] },
        ]).json,
      }),
    message: /statement Everyone allows the "\*" principal/,
  },
  'PLAT-KMS-003': {
    compliant: goodKey,
    nonCompliant: (s) => new AwsKmsKey(s, 'key', { enableKeyRotation: true }),
    message: /has no key policy/,
  },
  'PLAT-DDB-001': {
    compliant: (s) => table(s, { pointInTimeRecovery: { enabled: true } }),
    nonCompliant: (s) => table(s),
    message: /point-in-time recovery is off/,
  },
  'PLAT-DDB-002': {
    compliant: (s) => table(s, { serverSideEncryption: { enabled: true, kmsKeyArn: KEY } }),
    nonCompliant: (s) => table(s, { serverSideEncryption: { enabled: true } }),
    message: /no customer key named/,
  },
  'PLAT-IAM-001': {
    compliant: (s) => policyDocument(s, [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }]),
    nonCompliant: (s) => policyDocument(s, [{ sid: 'All', actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }]),
    message: /statement All allows wildcard actions: s3:\*/,
  },
  'PLAT-IAM-002': {
    compliant: (s) =>
      role(s, [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['codebuild.amazonaws.com'] }] }]),
    nonCompliant: (s) => role(s, [{ sid: 'Anyone', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['*'] }] }]),
    message: /trust statement Anyone lets "\*" assume the role/,
  },
  'PLAT-IAM-003': {
    compliant: (s) => policyDocument(s, [{ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }]),
    nonCompliant: (s) => policyDocument(s, [{ sid: 'Read', actions: ['s3:GetObject', 'ecr:GetAuthorizationToken'], resources: ['*'] }]),
    message: /statement Read grants s3:GetObject on "\*"/,
  },
  'PLAT-IAM-005': {
    compliant: (s) =>
      role(s, [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['codebuild.amazonaws.com'] }] }]),
    nonCompliant: (s) => {
      const user = new IamUser(s, 'user', { name: 'ci' });
      new IamAccessKey(s, 'key', { user: user.name });
    },
    message: /aws_iam_access_key creates or empowers a long-lived IAM user/,
  },
  'PLAT-IAM-006': {
    compliant: (s) =>
      new IamPolicy(s, 'policy', {
        name: 'read',
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
        }),
      }),
    nonCompliant: (s) =>
      new IamPolicy(s, 'policy', {
        name: 'admin',
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      }),
    message: /policy allows wildcard actions: \*/,
  },
  'PLAT-IAM-101': {
    compliant: (s) => new IamRolePolicyAttachment(s, 'attach', { role: 'builder', policyArn: 'arn:aws:iam::222222222222:policy/builder' }),
    nonCompliant: (s) =>
      new IamRolePolicyAttachment(s, 'attach', { role: 'builder', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    message: /attaches the AWS managed policy AdministratorAccess/,
  },
  'PLAT-BND-001': {
    compliant: (s) =>
      new IamRole(s, 'role', {
        name: 'builder',
        assumeRolePolicy: '{}',
        permissionsBoundary: 'arn:aws:iam::222222222222:policy/boundary',
      }),
    nonCompliant: (s) => new IamRole(s, 'role', { name: 'builder', assumeRolePolicy: '{}' }),
    message: /has no permissions boundary/,
  },
  'PLAT-BND-002': {
    compliant: (s) => boundedRole(s, ['s3:GetObject']),
    nonCompliant: (s) => boundedRole(s, ['s3:GetObject', 'iam:PassRole']),
    message: /allows iam:PassRole, which the permissions boundary does not/,
  },
  'PLAT-OIDC-001': {
    compliant: (s) => role(s, githubTrust([AUD, PINNED_SUB])),
    nonCompliant: (s) => role(s, githubTrust([AUD, { ...PINNED_SUB, values: ['repo:acme-platform/cicd-platform:ref:refs/heads/main'] }])),
    message: /allows sub repo:acme-platform\/cicd-platform:ref:refs\/heads\/main; use repo:<owner>\/<repository>:environment:<environment>/,
  },
  'PLAT-SM-001': {
    compliant: (s) => new SecretsmanagerSecret(s, 'secret', { name: 'github-app', kmsKeyId: KEY }),
    nonCompliant: (s) => new SecretsmanagerSecret(s, 'secret', { name: 'github-app', kmsKeyId: 'alias/aws/secretsmanager' }),
    message: /is an AWS managed key/,
  },
  'PLAT-SM-002': {
    compliant: (s) => {
      const secret = new SecretsmanagerSecret(s, 'secret', { name: 'db', kmsKeyId: KEY });
      new SecretsmanagerSecretRotation(s, 'rotation', {
        secretId: secret.id,
        rotationLambdaArn: 'arn:aws:lambda:eu-west-1:222222222222:function:rotate',
        rotationRules: { automaticallyAfterDays: 30 },
      });
    },
    nonCompliant: (s) => new SecretsmanagerSecret(s, 'secret', { name: 'db', kmsKeyId: KEY }),
    message: /has no rotation/,
  },
  'PLAT-SM-003': {
    compliant: (s) => new SecretsmanagerSecret(s, 'secret', { name: 'db', kmsKeyId: KEY }),
    nonCompliant: (s) => {
      const secret = new SecretsmanagerSecret(s, 'secret', { name: 'db', kmsKeyId: KEY });
      new SecretsmanagerSecretVersion(s, 'version', { secretId: secret.id, secretString: 'placeholder' });
    },
    message: /sets secret_string/,
  },
  'PLAT-GIT-001': {
    compliant: (s) => new Repository(s, 'repo', { name: 'sample-api', visibility: 'internal', vulnerabilityAlerts: true }),
    nonCompliant: (s) => new Repository(s, 'repo', { name: 'sample-api', visibility: 'public', vulnerabilityAlerts: true }),
    message: /visibility is "public"/,
  },
  'PLAT-GIT-002': {
    compliant: (s) => branchProtection(s, {}),
    nonCompliant: (s) => branchProtection(s, { requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1 }] }),
    message: /requires 1 approving review\(s\); at least 2 are needed/,
  },
  'PLAT-GIT-003': {
    compliant: (s) => branchProtection(s, {}),
    nonCompliant: (s) => branchProtection(s, { requireSignedCommits: false }),
    message: /does not require signed commits/,
  },
  'PLAT-GIT-004': {
    compliant: (s) => new Repository(s, 'repo', { name: 'sample-api', visibility: 'private', vulnerabilityAlerts: true }),
    nonCompliant: (s) => new Repository(s, 'repo', { name: 'sample-api', visibility: 'private' }),
    message: /vulnerability alerts are off/,
  },
  'PLAT-GIT-005': {
    compliant: (s) => branchProtection(s, {}),
    nonCompliant: (s) => branchProtection(s, { allowsForcePushes: true }),
    message: /allows allows_force_pushes/,
  },
  'PLAT-GIT-006': {
    compliant: (s) =>
      new ActionsEnvironmentVariable(s, 'var', {
        repository: 'sample-api',
        environment: 'prod',
        variableName: 'AWS_REGION',
        value: 'eu-west-1',
      }),
    nonCompliant: (s) =>
      new ActionsEnvironmentVariable(s, 'var', {
        repository: 'sample-api',
        environment: 'prod',
        variableName: 'NPM_TOKEN',
        value: 'see vault',
      }),
    message: /variable "NPM_TOKEN" looks like a secret/,
  },
  'PLAT-GIT-007': {
    compliant: (s) => releaseTags(s, { creation: true, update: true, deletion: true, nonFastForward: true }),
    nonCompliant: (s) => releaseTags(s, { creation: true, deletion: true }),
    message: /tag pattern "v\*" may deploy, but no active tag ruleset on the same repository restricts .* refs\/tags\/v\*/,
  },
  'PLAT-CD-001': {
    compliant: (s) => deploymentGroup(s, {}),
    nonCompliant: (s) => deploymentGroup(s, { autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } }),
    message: /automatic rollback does not cover DEPLOYMENT_STOP_ON_ALARM/,
  },
  'PLAT-CD-002': {
    compliant: (s) => deploymentGroup(s, {}),
    nonCompliant: (s) => deploymentGroup(s, { alarmConfiguration: { enabled: true, alarms: ['errors'], ignorePollAlarmFailure: true } }),
    message: /continues when alarms cannot be read/,
  },
  'PLAT-CD-003': {
    compliant: (s) => deploymentGroup(s, {}),
    nonCompliant: (s) => deploymentGroup(s, { triggerConfiguration: [] }),
    message: /no trigger publishes DeploymentFailure, DeploymentRollback/,
  },
  'PLAT-LOGS-001': {
    compliant: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/acme/build', kmsKeyId: KEY, retentionInDays: 14 }),
    nonCompliant: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/acme/build', kmsKeyId: KEY }),
    message: /no retention period/,
  },
  'PLAT-LOGS-002': {
    compliant: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/acme/build', kmsKeyId: KEY, retentionInDays: 14 }),
    nonCompliant: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/acme/build', retentionInDays: 14 }),
    message: /no customer key named \(kms_key_id\)/,
  },
  'PLAT-CB-001': {
    compliant: (s) => project(s),
    nonCompliant: (s) => project(s, { encryptionKey: 'alias/aws/s3' }),
    message: /is the AWS managed key alias\/aws\/s3/,
  },
  'PLAT-CB-002': {
    compliant: (s) => project(s),
    nonCompliant: (s) =>
      project(s, {
        environment: {
          computeType: 'BUILD_GENERAL1_SMALL',
          image: 'aws/codebuild/standard:7.0',
          type: 'LINUX_CONTAINER',
          privilegedMode: true,
        },
      }),
    message: /privileged mode is on/,
  },
  'PLAT-CB-003': {
    compliant: (s) => project(s),
    nonCompliant: (s) => project(s, { logsConfig: { cloudwatchLogs: { status: 'ENABLED' } } }),
    message: /logs go to the default log group/,
  },
  'PLAT-CB-004': {
    compliant: (s) =>
      new CodebuildReportGroup(s, 'reports', {
        name: 'sample-api-tests',
        type: 'TEST',
        exportConfig: { type: 'S3', s3Destination: { bucket: 'acme-dev-artifacts', encryptionKey: KEY } },
      }),
    nonCompliant: (s) =>
      new CodebuildReportGroup(s, 'reports', {
        name: 'sample-api-tests',
        type: 'TEST',
        exportConfig: { type: 'S3', s3Destination: { bucket: 'acme-dev-artifacts', encryptionKey: KEY, encryptionDisabled: true } },
      }),
    message: /the S3 export is not encrypted/,
  },
  'PLAT-CA-001': {
    compliant: (s) => new CodeartifactDomain(s, 'domain', { domain: 'acme', encryptionKey: KEY }),
    nonCompliant: (s) => new CodeartifactDomain(s, 'domain', { domain: 'acme' }),
    message: /no customer key named \(encryption_key\)/,
  },
  'PLAT-LOGS-003': {
    traits: PROD,
    compliant: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/acme/build', kmsKeyId: KEY, retentionInDays: 365 }),
    nonCompliant: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/acme/build', kmsKeyId: KEY, retentionInDays: 14 }),
    message: /keeps production logs 14 days; at least 365 are required/,
  },
  'PLAT-SNS-001': {
    compliant: (s) => new SnsTopic(s, 'topic', { name: 'alerts', kmsMasterKeyId: KEY }),
    nonCompliant: (s) => new SnsTopic(s, 'topic', { name: 'alerts' }),
    message: /has no KMS key/,
  },
  'PLAT-SQS-001': {
    compliant: (s) => new SqsQueue(s, 'queue', { name: 'events', kmsMasterKeyId: KEY }),
    nonCompliant: (s) => new SqsQueue(s, 'queue', { name: 'events', sqsManagedSseEnabled: true }),
    message: /has no customer managed key/,
  },
  'PLAT-SEC-001': {
    compliant: (s) => new SnsTopic(s, 'topic', { name: 'alerts', kmsMasterKeyId: KEY, tags: { token_name: 'github-app' } }),
    nonCompliant: (s) => new SnsTopic(s, 'topic', { name: 'alerts', tags: { owner: 'AKIAIOSFODNN7EXAMPLE' } }),
    message: /holds a secret-like value \(AWS access key id: AKIA\*\*\*\*LE\)/,
  },
  'PLAT-STATE-001': {
    traits: { protectsState: true },
    compliant: (s) => table(s, { deletionProtectionEnabled: true, lifecycle: { preventDestroy: true } }),
    nonCompliant: (s) => table(s, { lifecycle: { preventDestroy: true } }),
    message: /deletion_protection_enabled is not set/,
  },
  'PLAT-PROD-003': {
    traits: PROD,
    compliant: (s) => new RepositoryEnvironment(s, 'env', { repository: 'sample-api', environment: 'prod', reviewers: [{ teams: [42] }] }),
    nonCompliant: (s) => new RepositoryEnvironment(s, 'env', { repository: 'sample-api', environment: 'prod' }),
    message: /environment prod has no required reviewers/,
  },
  'PLAT-CB-103': {
    compliant: (s) => project(s),
    nonCompliant: (s) => project(s, { artifacts: { type: 'S3', location: 'acme-dev-artifacts', encryptionDisabled: true } }),
    message: /artifact \(primary\) disables encryption/,
  },
  'PLAT-PIPE-001': {
    compliant: (s) => productionPipeline(s, [SOURCE, APPROVE, DEPLOY, VALIDATE]),
    nonCompliant: (s) => productionPipeline(s, [SOURCE, DEPLOY, VALIDATE]),
    message: /no manual approval stage before stage "Deploy"/,
  },
  'PLAT-PIPE-002': {
    compliant: (s) => productionPipeline(s, [SOURCE, APPROVE, DEPLOY, VALIDATE]),
    nonCompliant: (s) => productionPipeline(s, [SOURCE, APPROVE, DEPLOY]),
    message: /no validate stage after it/,
  },
  'PLAT-PIPE-004': {
    compliant: (s) =>
      pipeline(s, [
        SOURCE,
        {
          ...DEPLOY,
          action: [...(DEPLOY.action as CodepipelineStageAction[]), { ...(VALIDATE.action as CodepipelineStageAction[])[0], runOrder: 2 }],
          onFailure: { result: 'ROLLBACK' },
        },
      ]),
    nonCompliant: (s) => pipeline(s, [SOURCE, DEPLOY, VALIDATE]),
    message: /stage "Deploy" has no test action after its deploy actions/,
  },
  'PLAT-PIPE-003': {
    compliant: (s) => pipeline(s, [SOURCE, DEPLOY]),
    nonCompliant: (s) => pipeline(s, [SOURCE, DEPLOY], false),
    message: /has no customer KMS key/,
  },
  'PLAT-TRAIL-001': {
    compliant: (s) => new Cloudtrail(s, 'trail', { name: 't', s3BucketName: 'b', enableLogFileValidation: true, kmsKeyId: KEY }),
    nonCompliant: (s) => new Cloudtrail(s, 'trail', { name: 't', s3BucketName: 'b', kmsKeyId: KEY }),
    message: /log file validation is off/,
  },
  'PLAT-TRAIL-002': {
    compliant: (s) => new Cloudtrail(s, 'trail', { name: 't', s3BucketName: 'b', enableLogFileValidation: true, kmsKeyId: KEY }),
    nonCompliant: (s) => new Cloudtrail(s, 'trail', { name: 't', s3BucketName: 'b', enableLogFileValidation: true }),
    message: /not encrypted with a customer key/,
  },
};

/** A release environment open to `v*` tags, and a tag ruleset on `v*` of the same repository with `rules`. */
function releaseTags(s: Construct, rules: RepositoryRulesetRules): void {
  new RepositoryEnvironmentDeploymentPolicy(s, 'tag-policy', { repository: 'sample-api', environment: 'release', tagPattern: 'v*' });
  new RepositoryRuleset(s, 'tags', {
    repository: 'sample-api',
    name: 'release-tags',
    target: 'tag',
    enforcement: 'active',
    conditions: { refName: { include: ['refs/tags/v*'], exclude: [] } },
    rules,
  });
}

describe('the policy pack', () => {
  test('has at least 25 rules, each with an id, a level, a description and a reason', () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(25);
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^PLAT-[A-Z0-9]+-\d{3}$/);
      expect(['error', 'warning']).toContain(rule.level);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.reason.length).toBeGreaterThan(20);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
    }
  });

  test('names each rule once', () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
  });

  test('mirrors each reference Checkov check, or skips it in policies/checkov-skips.yaml with a reason', () => {
    const mirrored = new Set(ALL_RULES.flatMap((r) => (r.counterpart ?? '').match(/CKV2?_[A-Z]+_\d+/g) ?? []));
    const skipped = new Set(loadSkips().map((s) => s.id));
    const open = REFERENCE_CHECKS.filter((c) => !mirrored.has(c) && !skipped.has(c) && !MIRRORED_ON_OTHER_BRANCHES.includes(c));
    expect(open).toEqual([]);
    // once those branches merge, their checks are mirrored here: drop them from the list
    expect(MIRRORED_ON_OTHER_BRANCHES.filter((c) => mirrored.has(c))).toEqual([]);
  });

  test.each(ALL_RULES.map((r) => [r.id, r] as const))('%s has a compliant and a non-compliant case', (id) => {
    expect(CASES[id]).toBeDefined();
  });

  test('has no case for a rule that is not in the pack', () => {
    expect(Object.keys(CASES).filter((id) => !ALL_RULES.some((r) => r.id === id))).toEqual([]);
  });
});

describe('production gates outside the production stack', () => {
  test('PLAT-PROD-003 checks a GitHub environment named like production in any stack, and only that one', () => {
    const build: Build = (s) => {
      new RepositoryEnvironment(s, 'prod', { repository: 'sample-api', environment: 'prod' });
      new RepositoryEnvironment(s, 'dev', { repository: 'sample-api', environment: 'dev' });
    };
    const findings = ruleFindings(prodEnvironmentReviewers, build, { productionEnvironment: 'prod' });
    expect(findings.map((f) => f.address)).toEqual(['github_repository_environment.prod']);
  });

  test('PLAT-PIPE-001 and PLAT-PIPE-002 leave untagged pipelines of other environments alone', () => {
    expect(ruleFindings(pipelineApprovalBeforeProduction, (s) => pipeline(s, [SOURCE, DEPLOY]))).toEqual([]);
    expect(ruleFindings(pipelineValidateProduction, (s) => pipeline(s, [SOURCE, DEPLOY]))).toEqual([]);
  });

  test('PLAT-PIPE-001 and PLAT-PIPE-002 check every pipeline of a production stack, tagged or not', () => {
    const messages = (rule: PolicyRule) => ruleFindings(rule, (s) => pipeline(s, [SOURCE, DEPLOY]), PROD).map((f) => f.message);
    expect(messages(pipelineApprovalBeforeProduction)).toEqual(['production pipeline has no manual approval stage before stage "Deploy"']);
    expect(messages(pipelineValidateProduction)).toEqual(['production pipeline deploys in stage "Deploy" with no validate stage after it']);
  });
});

describe.each(ALL_RULES.filter((r) => CASES[r.id] !== undefined).map((r): [string, PolicyRule] => [r.id, r]))('%s', (_id, rule) => {
  const c = CASES[rule.id];

  test('passes the compliant stack', () => {
    expect(ruleFindings(rule, c.compliant, c.traits).map((f) => f.message)).toEqual([]);
  });

  test('flags the non-compliant stack', () => {
    const findings = ruleFindings(rule, c.nonCompliant, c.traits);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.message).join('\n')).toMatch(c.message);
    expect(findings.every((f) => f.level === rule.level)).toBe(true);
  });
});
