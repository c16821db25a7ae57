import {
  MANAGEMENT_AUDIT_SCOPE,
  MANAGEMENT_SCOPE,
  PLATFORM_ENVIRONMENT,
  PLATFORM_STACK,
  auditBucketName,
  codeArtifactDomainName,
  codeArtifactKeyAlias,
  permissionsBoundaryArn,
  platformDeployRoleArn,
  stateReadRoleName,
  stateWriteRoleName,
  terraformBoundaryName,
} from '../../model';
import { iamRoleArn } from '../../modules/core';
import { PlanRole, TerraformRole, platformStackAccess, stateBackendReads, type ManagementScope } from '../../modules/account-access';
import { GITHUB_OIDC_AUDIENCE, GithubOidcDeployRole, GithubOidcProvider } from '../../modules/github-oidc-deploy-role';
import type { ManagementAccessStack } from '../management-access-stack';
import { planSubjects } from './access';
import { publishingServices, releaseRoleInManagement } from './package-release';

/** What the management-access stack creates. */
export interface ManagementAccess {
  readonly oidcProvider: GithubOidcProvider;
  readonly deployRole: GithubOidcDeployRole;
  readonly terraformRole: TerraformRole;
  readonly planRole: PlanRole;
}

/** Where the management account's stacks live and what they name (modules/account-access/management-actions.ts). */
export function managementScope(stack: ManagementAccessStack): ManagementScope {
  const { organisation } = stack.config;
  return {
    partition: organisation.partition,
    accountId: organisation.management.accountId,
    region: organisation.management.region,
    prefix: organisation.prefix,
    codeArtifactDomain: codeArtifactDomainName(organisation),
    codeArtifactKeyAlias: codeArtifactKeyAlias(organisation),
    platformStackTag: PLATFORM_STACK,
    stateBucketName: organisation.stateBackend.bucketName,
    auditBucketName: auditBucketName(organisation.prefix, MANAGEMENT_AUDIT_SCOPE, organisation.management.accountId),
    lockTableName: organisation.stateBackend.lockTableName,
    boundaryArn: permissionsBoundaryArn(organisation.partition, organisation.management.accountId, organisation.prefix),
    releaseRoleName:
      releaseRoleInManagement(stack.config) && publishingServices(stack.config).length > 0
        ? organisation.codeArtifact.releaseRole.roleName
        : undefined,
  };
}

/**
 * The management account's access: its GitHub OIDC provider; the deploy role of the platform repository's
 * `platform` environment (exact `sub`), which may assume only the Terraform role and the state role; the
 * Terraform role, trusted by that deploy role and the configured administrators, allowed what the platform
 * stack creates in AWS (CodeArtifact, its key and its release role, with the boundary) and no other IAM; and the read-only plan role of `platform`
 * and `bootstrap` plans, trusted by the platform repository's pull requests and default branch.
 */
export function composeManagementAccess(stack: ManagementAccessStack): ManagementAccess {
  const { config, partition } = stack;
  const { organisation } = config;
  const { management, sourceControl, stateBackend, github } = organisation;
  const scope = managementScope(stack);
  const { boundaryArn } = scope;
  const terraformRoleArn = iamRoleArn(partition, management.accountId, management.deployRoleName);
  // the state role of the platform stack's scope: it writes only that stack's state
  const stateRoleArn = iamRoleArn(partition, management.accountId, stateWriteRoleName(organisation, PLATFORM_STACK));
  // the read-only state role of the management account's stacks: it reads their state alone
  const stateReadRoleArn = iamRoleArn(partition, management.accountId, stateReadRoleName(organisation, MANAGEMENT_SCOPE));

  const oidcProvider = new GithubOidcProvider(stack, 'github-oidc');
  const deployRole = new GithubOidcDeployRole(stack, 'platform-deploy-role', {
    owner: github.owner,
    repository: github.platformRepository,
    environment: PLATFORM_ENVIRONMENT,
    roleName: sourceControl.deployRoleName,
    providerArn: oidcProvider.arn,
    assumableRoleArns: [terraformRoleArn, stateRoleArn],
  });
  // the management account's boundary exists already (bootstrap creates it) and allows sts:AssumeRole, all this
  // role may do; the Terraform and plan roles go without it (their modules say why)
  deployRole.role.permissionsBoundary = boundaryArn;

  const terraformRole = new TerraformRole(stack, 'terraform-role', {
    ...scope,
    roleName: management.deployRoleName,
    deployRoleArn: platformDeployRoleArn(organisation),
    administratorRoleArns: management.administratorRoleArns,
    boundaryArn,
    access: platformStackAccess(scope),
    manageRoles: false,
    description: 'Terraform of the CI/CD platform: applies the platform stack (CodeArtifact, its release role) in the management account',
    policyName: 'platform-stack',
    protectedRoleNames: [management.planRoleName, sourceControl.deployRoleName],
    ownBoundaryName: terraformBoundaryName(organisation.prefix),
  });
  const planRole = new PlanRole(stack, 'plan-role', {
    ...scope,
    roleName: management.planRoleName,
    oidcProviderArn: oidcProvider.arn,
    audience: GITHUB_OIDC_AUDIENCE,
    subjects: planSubjects(config, MANAGEMENT_SCOPE),
    stateRoleArn: stateReadRoleArn,
    boundaryArn,
    access: [...platformStackAccess(scope), ...stateBackendReads(scope)],
    // bootstrap's state roles and this stack's roles are outside the platform prefix (every state role: bootstrap
    // creates one per scope and per service state, named `<stateBackend.roleName>-*` and `<stateBackend.readRoleName>-*`)
    extraRoleNames: [
      stateBackend.roleName,
      `${stateBackend.roleName}-*`,
      stateBackend.readRoleName,
      `${stateBackend.readRoleName}-*`,
      management.deployRoleName,
      sourceControl.deployRoleName,
    ],
    description: 'Read-only plans and drift detection of the platform and bootstrap stacks in the management account',
    boundaryExemption:
      'read-only plan role: the boundary does not allow the CodeArtifact, KMS and IAM reads a plan needs; its own policy holds no write action, which the constructor enforces',
  });
  return { oidcProvider, deployRole, terraformRole, planRole };
}
