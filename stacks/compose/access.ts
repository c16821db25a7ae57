import {
  planEnvironmentsOf,
  approvalActions,
  approverRoleName,
  approvingServices,
  permissionsBoundaryArn,
  stateReadRoleName,
  stateWriteRoleName,
  terraformBoundaryName,
  type PlatformConfig,
} from '../../model';
import { iamRoleArn } from '../../modules/core';
import { PlanRole, TerraformRole } from '../../modules/account-access';
import {
  GITHUB_OIDC_AUDIENCE,
  GithubOidcDeployRole,
  GithubOidcProvider,
  githubEnvironmentSubject,
} from '../../modules/github-oidc-deploy-role';
import type { PermissionsBoundary } from '../../modules/permissions-boundary';
import { PipelineApproverRole } from '../../modules/pipeline-approver-role';
import type { AccessStack } from '../access-stack';
import { composeBoundaryPolicy } from './permissions-boundary';

/** What an access stack creates. */
export interface AccountAccess {
  readonly oidcProvider: GithubOidcProvider;
  /** The environment's GitHub deploy role (the platform repository's jobs in the environment's deployment environment). */
  readonly deployRole: GithubOidcDeployRole;
  readonly terraformRole: TerraformRole;
  readonly planRole: PlanRole;
  /** The account's permissions boundary: owned here, so that no role a workflow runs as can change it. */
  readonly permissionsBoundary: PermissionsBoundary;
  /** The only role that may approve the environment's pipelines; absent where none stops for approval. */
  readonly approverRole?: PipelineApproverRole;
}

/**
 * The OIDC subjects that may log in to the plan role of read-only state scope `scope` (`management`, or an
 * environment's name): the platform repository's plan environments of that scope alone (model/plan-environments.ts):
 * `plan-<scope>`, which every plan of the scope's stacks runs in, and for production and the management account
 * (whose `plan-<scope>` requires reviewers) also `plan-<scope>-main`, which only the default branch may enter
 * (deploy.yml's and drift.yml's plans). No other plan environment's job, and so no branch that renames its job's
 * environment to a lower one, can log in to it.
 */
export function planSubjects(config: PlatformConfig, scope: string): string[] {
  const { owner, platformRepository } = config.organisation.github;
  return planEnvironmentsOf(config, scope).map((plan) => githubEnvironmentSubject(owner, platformRepository, plan.name));
}

/**
 * An environment account's access: its GitHub OIDC provider; the GitHub deploy role of the platform repository's
 * jobs in the environment (exact `sub`), which may assume only the Terraform role and the environment's state role;
 * the Terraform role, trusted by the environment's
 * GitHub deploy role and the configured administrators (never a service's infrastructure build), allowed what the
 * environment stacks create; and the read-only plan role, trusted by the platform repository's jobs in the
 * environment's plan environment (`plan-<env>`) alone, which the environment's read-only state role admits (stacks/bootstrap-stack.ts).
 */
export function composeAccountAccess(stack: AccessStack): AccountAccess {
  const { config, environment, partition } = stack;
  const { organisation } = config;
  const { account } = environment;
  const scope = {
    partition,
    accountId: account.id,
    region: account.region,
    prefix: organisation.prefix,
    // the `stack` tags of the stacks the Terraform role applies: the environment's, and its split-out groups'
    stackTags: [stack.env.stacks.environment, ...stack.env.stacks.groups],
  };
  const boundaryArn = permissionsBoundaryArn(partition, account.id, organisation.prefix);
  const githubDeployRole = organisation.sourceControl.deployRoleName;

  const oidcProvider = new GithubOidcProvider(stack, 'github-oidc');
  const permissionsBoundary = composeBoundaryPolicy(stack);
  const { github } = organisation;
  // the environment's GitHub deploy role lives here, with the other access roles: the Terraform role it assumes may
  // not change its trust or policy (its boundary denies it), so a workflow cannot widen who deploys
  const deployRole = new GithubOidcDeployRole(stack, 'github-deploy-role', {
    owner: github.owner,
    repository: github.platformRepository,
    environment: environment.name,
    roleName: githubDeployRole,
    providerArn: oidcProvider.arn,
    assumableRoleArns: [
      iamRoleArn(partition, account.id, account.deployRoleName),
      // the state role of this environment's scope: it writes only the environment's own stacks' state
      iamRoleArn(partition, organisation.management.accountId, stateWriteRoleName(organisation, environment.name)),
    ],
  });
  deployRole.role.permissionsBoundary = permissionsBoundary.arn;
  const terraformRole = new TerraformRole(stack, 'terraform-role', {
    ...scope,
    roleName: account.deployRoleName,
    deployRoleArn: iamRoleArn(partition, account.id, githubDeployRole),
    administratorRoleArns: account.administratorRoleArns,
    boundaryArn,
    // its own boundary forbids it to change the plan role, the GitHub deploy role, the approver role (and itself)
    protectedRoleNames: [account.planRoleName, githubDeployRole, approverRoleName(organisation.prefix, environment.name)],
    ownBoundaryName: terraformBoundaryName(organisation.prefix),
  });
  const planRole = new PlanRole(stack, 'plan-role', {
    ...scope,
    roleName: account.planRoleName,
    oidcProviderArn: oidcProvider.arn,
    audience: GITHUB_OIDC_AUDIENCE,
    subjects: planSubjects(config, environment.name),
    // the environment's read-only state role: it reads this environment's state alone, never writes or locks (bootstrap creates it)
    stateRoleArn: iamRoleArn(partition, organisation.management.accountId, stateReadRoleName(organisation, environment.name)),
    boundaryArn,
    // it plans this stack too: the Terraform role and the GitHub deploy role are outside the platform prefix
    extraRoleNames: [githubDeployRole, account.deployRoleName],
  });
  return { oidcProvider, deployRole, terraformRole, planRole, permissionsBoundary, approverRole: composeApproverRole(stack) };
}

/**
 * The environment's approver role: assumable by `approval.approverRoleArns` alone, allowed to approve exactly the
 * approval actions of the environment's pipelines (every other role of the platform is denied approvals: the
 * boundary, and the Terraform, plan and GitHub deploy roles' own policies). None where no pipeline stops for
 * approval here.
 */
function composeApproverRole(stack: AccessStack): PipelineApproverRole | undefined {
  const { config, environment, partition } = stack;
  const approvals = approvalActions(config, environment, approvingServices(config, environment));
  if (approvals.length === 0) return undefined;
  return new PipelineApproverRole(stack, 'approver-role', {
    roleName: approverRoleName(config.organisation.prefix, environment.name),
    partition,
    description: `Approves the manual approvals of the pipelines of ${environment.name}, and nothing else`,
    approverRoleArns: environment.approval.approverRoleArns,
    approvals,
  });
}
