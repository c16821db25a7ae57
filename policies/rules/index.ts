import type { PolicyRule } from '../rule';
import { codeartifactDomainCustomerKey } from './codeartifact-domain-cmk';
import { codebuildArtifactsEncrypted } from './codebuild-artifacts-encrypted';
import { codebuildCustomerKey } from './codebuild-cmk';
import { codebuildLogs } from './codebuild-logs';
import { codebuildPrivilegedMode } from './codebuild-privileged';
import { codebuildReportExportEncrypted } from './codebuild-report-export';
import { codedeployAlarms } from './codedeploy-alarms';
import { codedeployAutoRollback } from './codedeploy-auto-rollback';
import { codedeployNotifications } from './codedeploy-notifications';
import { dynamodbCustomerKey } from './dynamodb-cmk';
import { dynamodbPitr } from './dynamodb-pitr';
import { githubBranchProtectionHardened } from './github-branch-protection-hardened';
import { githubBranchTwoApprovals } from './github-branch-two-approvals';
import { githubNoSecretValues } from './github-no-secret-values';
import { githubReleaseTagsProtected } from './github-release-tags-protected';
import { githubRepositoryPrivate } from './github-repository-private';
import { githubSignedCommits } from './github-signed-commits';
import { githubVulnerabilityAlerts } from './github-vulnerability-alerts';
import { iamNoAwsManagedPolicies } from './iam-no-aws-managed-policies';
import { iamNoUsers } from './iam-no-users';
import { iamNoWildcardActions } from './iam-no-wildcard-actions';
import { iamNoWildcardResource } from './iam-no-wildcard-resource';
import { iamReadablePolicies } from './iam-readable-policies';
import { iamRolePermissionsBoundary } from './iam-role-permissions-boundary';
import { iamRoleWithinBoundary } from './iam-role-within-boundary';
import { iamTrustNoWildcardPrincipal } from './iam-trust-no-wildcard-principal';
import { kmsExplicitPolicy } from './kms-explicit-policy';
import { kmsNoWildcardPrincipal } from './kms-no-wildcard-principal';
import { kmsRotation } from './kms-rotation';
import { logGroupCustomerKey } from './log-group-cmk';
import { logGroupProductionRetention } from './log-group-production-retention';
import { logGroupRetention } from './log-group-retention';
import { oidcTrustPinned } from './oidc-trust-pinned';
import { prodEnvironmentReviewers } from './prod-environment-reviewers';
import { s3AclsDisabled } from './s3-acls-disabled';
import { s3BucketEncryption } from './s3-bucket-encryption';
import { s3Lifecycle } from './s3-lifecycle';
import { s3NoForceDestroy } from './s3-no-force-destroy';
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3TlsOnly } from './s3-tls-only';
import { s3Versioning } from './s3-versioning';
import { secNoLiteralSecrets } from './sec-no-literal-secrets';
import { secretsManagerCustomerKey } from './secretsmanager-cmk';
import { secretsManagerNoValue } from './secretsmanager-no-value';
import { secretsManagerRotation } from './secretsmanager-rotation';
import { snsEncrypted } from './sns-encrypted';
import { sqsEncrypted } from './sqs-encrypted';
import { statePreventDestroy } from './state-prevent-destroy';
import { pipelineApprovalBeforeProduction } from './pipeline-approval-before-production';
import { pipelineValidateProduction } from './pipeline-validate-production';
import { pipelineDeployRecovery } from './pipeline-deploy-recovery';
import { codepipelineArtifactCmk } from './codepipeline-artifact-cmk';
import { cloudtrailLogValidation } from './cloudtrail-log-validation';
import { cloudtrailCmk } from './cloudtrail-cmk';

export {
  codeartifactDomainCustomerKey,
  codebuildArtifactsEncrypted,
  codebuildCustomerKey,
  codebuildLogs,
  codebuildPrivilegedMode,
  codebuildReportExportEncrypted,
  codedeployAlarms,
  codedeployAutoRollback,
  codedeployNotifications,
  dynamodbCustomerKey,
  dynamodbPitr,
  githubBranchProtectionHardened,
  githubBranchTwoApprovals,
  githubNoSecretValues,
  githubReleaseTagsProtected,
  githubRepositoryPrivate,
  githubSignedCommits,
  githubVulnerabilityAlerts,
  iamNoAwsManagedPolicies,
  iamNoUsers,
  iamNoWildcardActions,
  iamNoWildcardResource,
  iamReadablePolicies,
  iamRolePermissionsBoundary,
  iamRoleWithinBoundary,
  iamTrustNoWildcardPrincipal,
  kmsExplicitPolicy,
  kmsNoWildcardPrincipal,
  kmsRotation,
  logGroupCustomerKey,
  logGroupProductionRetention,
  logGroupRetention,
  oidcTrustPinned,
  prodEnvironmentReviewers,
  s3AclsDisabled,
  s3BucketEncryption,
  s3Lifecycle,
  s3NoForceDestroy,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
  secNoLiteralSecrets,
  secretsManagerCustomerKey,
  secretsManagerNoValue,
  secretsManagerRotation,
  snsEncrypted,
  sqsEncrypted,
  statePreventDestroy,
  pipelineApprovalBeforeProduction,
  pipelineValidateProduction,
  pipelineDeployRecovery,
  codepipelineArtifactCmk,
  cloudtrailLogValidation,
  cloudtrailCmk,
};
export { findSecretsInText, findSecretsInValue, type SecretMatch } from './secrets';

/** Every rule of the policy pack, run on every stack at synth. */
export const ALL_RULES: readonly PolicyRule[] = [
  // S3
  s3BucketEncryption,
  s3PublicAccessBlock,
  s3Versioning,
  s3Lifecycle,
  s3TlsOnly,
  s3AclsDisabled,
  s3NoForceDestroy,
  // KMS
  kmsRotation,
  kmsNoWildcardPrincipal,
  kmsExplicitPolicy,
  // DynamoDB
  dynamodbPitr,
  dynamodbCustomerKey,
  // IAM and OIDC
  iamNoWildcardActions,
  iamTrustNoWildcardPrincipal,
  iamNoWildcardResource,
  iamNoAwsManagedPolicies,
  iamNoUsers,
  iamReadablePolicies,
  iamRolePermissionsBoundary,
  iamRoleWithinBoundary,
  oidcTrustPinned,
  // logs, notifications, queues
  logGroupRetention,
  logGroupCustomerKey,
  logGroupProductionRetention,
  snsEncrypted,
  sqsEncrypted,
  // secrets
  secNoLiteralSecrets,
  secretsManagerCustomerKey,
  secretsManagerRotation,
  secretsManagerNoValue,
  // protected state and production gates
  statePreventDestroy,
  prodEnvironmentReviewers,
  // GitHub
  githubRepositoryPrivate,
  githubBranchTwoApprovals,
  githubSignedCommits,
  githubVulnerabilityAlerts,
  githubBranchProtectionHardened,
  githubNoSecretValues,
  githubReleaseTagsProtected,
  // CodeDeploy
  codedeployAutoRollback,
  codedeployAlarms,
  codedeployNotifications,
  // CodeBuild and CodeArtifact
  codebuildCustomerKey,
  codebuildPrivilegedMode,
  codebuildLogs,
  codebuildReportExportEncrypted,
  codebuildArtifactsEncrypted,
  codeartifactDomainCustomerKey,
  // CodePipeline and the audit trail
  pipelineApprovalBeforeProduction,
  pipelineValidateProduction,
  pipelineDeployRecovery,
  codepipelineArtifactCmk,
  cloudtrailLogValidation,
  cloudtrailCmk,
];
