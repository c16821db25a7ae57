import type { PolicyRule } from '../rule';
import { dynamodbCustomerKey } from './dynamodb-cmk';
import { dynamodbPitr } from './dynamodb-pitr';
import { iamNoWildcardActions } from './iam-no-wildcard-actions';
import { iamRolePermissionsBoundary } from './iam-role-permissions-boundary';
import { iamRoleWithinBoundary } from './iam-role-within-boundary';
import { kmsRotation } from './kms-rotation';
import { s3BucketEncryption } from './s3-bucket-encryption';
import { s3Lifecycle } from './s3-lifecycle';
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3TlsOnly } from './s3-tls-only';
import { s3Versioning } from './s3-versioning';
import { githubRepositoryPrivate } from './github-repository-private';
import { githubBranchTwoApprovals } from './github-branch-two-approvals';
import { githubSignedCommits } from './github-signed-commits';
import { githubVulnerabilityAlerts } from './github-vulnerability-alerts';
import { githubBranchProtectionHardened } from './github-branch-protection-hardened';
import { githubNoSecretValues } from './github-no-secret-values';
import { oidcTrustPinned } from './oidc-trust-pinned';
import { iamNoAwsManagedPolicies } from './iam-no-aws-managed-policies';
import { codedeployAutoRollback } from './codedeploy-auto-rollback';
import { codedeployAlarms } from './codedeploy-alarms';
import { codedeployNotifications } from './codedeploy-notifications';
import { secretsManagerCustomerKey } from './secretsmanager-cmk';
import { secretsManagerNoValue } from './secretsmanager-no-value';
import { secretsManagerRotation } from './secretsmanager-rotation';
import { codebuildCustomerKey } from './codebuild-cmk';
import { codebuildPrivilegedMode } from './codebuild-privileged';
import { codebuildLogs } from './codebuild-logs';
import { codebuildReportExportEncrypted } from './codebuild-report-export';
import { logGroupRetention } from './log-group-retention';
import { logGroupCustomerKey } from './log-group-cmk';
import { codeartifactDomainCustomerKey } from './codeartifact-domain-cmk';

export {
  dynamodbCustomerKey,
  dynamodbPitr,
  iamNoWildcardActions,
  kmsRotation,
  s3BucketEncryption,
  s3Lifecycle,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
  githubRepositoryPrivate,
  githubBranchTwoApprovals,
  githubSignedCommits,
  githubVulnerabilityAlerts,
  githubBranchProtectionHardened,
  githubNoSecretValues,
  oidcTrustPinned,
  iamNoAwsManagedPolicies,
  codedeployAutoRollback,
  codedeployAlarms,
  codedeployNotifications,
  secretsManagerCustomerKey,
  secretsManagerRotation,
  secretsManagerNoValue,
  iamRolePermissionsBoundary,
  iamRoleWithinBoundary,
  codebuildCustomerKey,
  codebuildPrivilegedMode,
  codebuildLogs,
  codebuildReportExportEncrypted,
  logGroupRetention,
  logGroupCustomerKey,
  codeartifactDomainCustomerKey,
};

/** Every rule of the policy pack, run on every stack at synth. */
export const ALL_RULES: readonly PolicyRule[] = [
  s3BucketEncryption,
  s3PublicAccessBlock,
  s3Versioning,
  s3Lifecycle,
  s3TlsOnly,
  kmsRotation,
  dynamodbPitr,
  dynamodbCustomerKey,
  iamNoWildcardActions,
  githubRepositoryPrivate,
  githubBranchTwoApprovals,
  githubSignedCommits,
  githubVulnerabilityAlerts,
  githubBranchProtectionHardened,
  githubNoSecretValues,
  oidcTrustPinned,
  iamNoAwsManagedPolicies,
  codedeployAutoRollback,
  codedeployAlarms,
  codedeployNotifications,
  secretsManagerCustomerKey,
  secretsManagerRotation,
  secretsManagerNoValue,
  iamRolePermissionsBoundary,
  iamRoleWithinBoundary,
  codebuildCustomerKey,
  codebuildPrivilegedMode,
  codebuildLogs,
  codebuildReportExportEncrypted,
  logGroupRetention,
  logGroupCustomerKey,
  codeartifactDomainCustomerKey,
];
