import type { PolicyRule } from '../rule';
import { codeartifactCustomerKey } from './codeartifact-cmk';
import { codebuildArtifactsEncrypted } from './codebuild-artifacts-encrypted';
import { codebuildCustomerKey } from './codebuild-cmk';
import { codebuildNotPrivileged } from './codebuild-not-privileged';
import { codepipelineArtifactCustomerKey } from './codepipeline-artifact-cmk';
import { dynamodbCustomerKey } from './dynamodb-cmk';
import { dynamodbPitr } from './dynamodb-pitr';
import { githubRepositoryPrivate } from './github-repository-private';
import { githubRequiredApprovals } from './github-required-approvals';
import { githubSignedCommits } from './github-signed-commits';
import { githubVulnerabilityAlerts } from './github-vulnerability-alerts';
import { iamNoAdminManagedPolicy } from './iam-no-admin-managed-policy';
import { iamNoUsers } from './iam-no-users';
import { iamNoWildcardActions } from './iam-no-wildcard-actions';
import { iamNoWildcardResource } from './iam-no-wildcard-resource';
import { iamReadablePolicies } from './iam-readable-policies';
import { iamTrustNoWildcardPrincipal } from './iam-trust-no-wildcard-principal';
import { kmsExplicitPolicy } from './kms-explicit-policy';
import { kmsNoWildcardPrincipal } from './kms-no-wildcard-principal';
import { kmsRotation } from './kms-rotation';
import { logsEncrypted } from './logs-encrypted';
import { logsRetention } from './logs-retention';
import { oidcGithubClaims } from './oidc-github-claims';
import { oidcPinnedEnvironment } from './oidc-pinned-environment';
import { prodApprovalBeforeDeploy } from './prod-approval-before-deploy';
import { prodEnvironmentReviewers } from './prod-environment-reviewers';
import { prodValidateStage } from './prod-validate-stage';
import { s3AclsDisabled } from './s3-acls-disabled';
import { s3BucketEncryption } from './s3-bucket-encryption';
import { s3Lifecycle } from './s3-lifecycle';
import { s3NoForceDestroy } from './s3-no-force-destroy';
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3TlsOnly } from './s3-tls-only';
import { s3Versioning } from './s3-versioning';
import { secNoLiteralSecrets } from './sec-no-literal-secrets';
import { secretsManagerCustomerKey } from './secretsmanager-cmk';
import { secretsManagerRotation } from './secretsmanager-rotation';
import { snsEncrypted } from './sns-encrypted';
import { sqsEncrypted } from './sqs-encrypted';
import { statePreventDestroy } from './state-prevent-destroy';

export {
  codeartifactCustomerKey,
  codebuildArtifactsEncrypted,
  codebuildCustomerKey,
  codebuildNotPrivileged,
  codepipelineArtifactCustomerKey,
  dynamodbCustomerKey,
  dynamodbPitr,
  githubRepositoryPrivate,
  githubRequiredApprovals,
  githubSignedCommits,
  githubVulnerabilityAlerts,
  iamNoAdminManagedPolicy,
  iamNoUsers,
  iamNoWildcardActions,
  iamNoWildcardResource,
  iamReadablePolicies,
  iamTrustNoWildcardPrincipal,
  kmsExplicitPolicy,
  kmsNoWildcardPrincipal,
  kmsRotation,
  logsEncrypted,
  logsRetention,
  oidcGithubClaims,
  oidcPinnedEnvironment,
  prodApprovalBeforeDeploy,
  prodEnvironmentReviewers,
  prodValidateStage,
  s3AclsDisabled,
  s3BucketEncryption,
  s3Lifecycle,
  s3NoForceDestroy,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
  secNoLiteralSecrets,
  secretsManagerCustomerKey,
  secretsManagerRotation,
  snsEncrypted,
  sqsEncrypted,
  statePreventDestroy,
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
  iamNoAdminManagedPolicy,
  iamNoUsers,
  iamReadablePolicies,
  oidcGithubClaims,
  oidcPinnedEnvironment,
  // logs, notifications, queues
  logsEncrypted,
  logsRetention,
  snsEncrypted,
  sqsEncrypted,
  // cross-cutting
  secNoLiteralSecrets,
  statePreventDestroy,
  prodApprovalBeforeDeploy,
  prodValidateStage,
  prodEnvironmentReviewers,
  // other areas' resources (ids in the 1xx range, so they never collide with the owning area's 0xx rules)
  codebuildCustomerKey,
  codebuildNotPrivileged,
  codebuildArtifactsEncrypted,
  codepipelineArtifactCustomerKey,
  codeartifactCustomerKey,
  secretsManagerCustomerKey,
  secretsManagerRotation,
  githubRepositoryPrivate,
  githubVulnerabilityAlerts,
  githubRequiredApprovals,
  githubSignedCommits,
];
