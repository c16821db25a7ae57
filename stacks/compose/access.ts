import {
  infrastructureRoleName,
  permissionsBoundaryArn,
  resolveInfrastructure,
  type EnvironmentModel,
  type PlatformConfig,
  type PlatformModel,
} from '../../model';
import { iamRoleArn } from '../../modules/core';
import { PlanRole, TerraformRole } from '../../modules/account-access';
import { GITHUB_OIDC_AUDIENCE, GithubOidcProvider } from '../../modules/github-oidc-deploy-role';
import type { AccessStack } from '../access-stack';

/** What an access stack creates. */
export interface AccountAccess {
  readonly oidcProvider: GithubOidcProvider;
  readonly terraformRole: TerraformRole;
  readonly planRole: PlanRole;
}

/** The OIDC subjects of the platform repository that may plan: its pull requests and its default branch (drift). */
export function planSubjects(config: PlatformConfig): string[] {
  const { owner, platformRepository } = config.organisation.github;
  const branch = config.organisation.sourceControl.repositoryDefaults.defaultBranch;
  return [`repo:${owner}/${platformRepository}:pull_request`, `repo:${owner}/${platformRepository}:ref:refs/heads/${branch}`];
}

/**
 * Infrastructure-build roles of `environment` (`<prefix>-<env>-<service>-iac-plan-cb` / `-iac-apply-cb`) whose
 * configured role to assume is the environment's Terraform role (the default of `pipeline.infrastructure`).
 */
export function infrastructureBuildRoleArns(model: PlatformModel, env: EnvironmentModel): string[] {
  const { prefix, partition } = model.organisation;
  const { account } = env.config;
  const arns: string[] = [];
  for (const { config: service, reach } of model.services) {
    if (!reach.includes(env.name)) continue;
    const infrastructure = resolveInfrastructure(service, env.config);
    if (infrastructure === undefined) continue;
    if (infrastructure.planRoleName === account.deployRoleName) {
      arns.push(iamRoleArn(partition, account.id, infrastructureRoleName(prefix, env.name, service.name, 'iac-plan')));
    }
    if (infrastructure.applyRoleName === account.deployRoleName) {
      arns.push(iamRoleArn(partition, account.id, infrastructureRoleName(prefix, env.name, service.name, 'iac-apply')));
    }
  }
  return arns.sort();
}

/**
 * An environment account's access: its GitHub OIDC provider; the Terraform role, trusted by the environment's
 * GitHub deploy role (and the configured administrators and infrastructure builds), allowed what the
 * environment stacks create; and the read-only plan role, trusted by the platform repository's pull requests
 * and default branch, which the read-only state role admits (stacks/bootstrap-stack.ts).
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
  };
  const boundaryArn = permissionsBoundaryArn(partition, account.id, organisation.prefix);
  const githubDeployRole = organisation.sourceControl.deployRoleName;

  const oidcProvider = new GithubOidcProvider(stack, 'github-oidc');
  const terraformRole = new TerraformRole(stack, 'terraform-role', {
    ...scope,
    roleName: account.deployRoleName,
    deployRoleArn: iamRoleArn(partition, account.id, githubDeployRole),
    administratorRoleArns: account.administratorRoleArns,
    infrastructureBuildRoleArns: infrastructureBuildRoleArns(stack.model, stack.env),
    boundaryArn,
    // the GitHub deploy role lives in the environment stack, outside the platform prefix
    extraRoleNames: [githubDeployRole],
  });
  const planRole = new PlanRole(stack, 'plan-role', {
    ...scope,
    roleName: account.planRoleName,
    oidcProviderArn: oidcProvider.arn,
    audience: GITHUB_OIDC_AUDIENCE,
    subjects: planSubjects(config),
    // the read-only state role: plans never write or lock the state (bootstrap creates it)
    stateRoleArn: iamRoleArn(partition, organisation.management.accountId, organisation.stateBackend.readRoleName),
    boundaryArn,
    // it plans this stack too: the Terraform role and the GitHub deploy role are outside the platform prefix
    extraRoleNames: [githubDeployRole, account.deployRoleName],
  });
  return { oidcProvider, terraformRole, planRole };
}
