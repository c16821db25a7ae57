/** Which role each plan (pull request, drift, deploy) runs as, and in which GitHub environment: the read-only plan role of the stack's account, and that role's plan environments. */
import * as fs from 'fs';
import * as path from 'path';
import { mainPlanEnvironmentOf, planEnvironmentOf, stateReadScopeOf, type PlatformConfig } from '../../model';
import { iamRoleArn } from '../../modules/core';
import { AWS_ROLE_VARIABLE } from '../../stacks/base-stack';
import { plannableStacks } from './stacks';

export interface PlanLogin {
  /** ARN of the role the job logs in to by OIDC: the plan role of the stack's account. */
  readonly role: string;
  /** What `TF_VAR_aws_role_name` is set to; '' = leave the stack's default (or the stack has no such variable). */
  readonly roleName: string;
  /**
   * The read-only state role the backend assumes instead of the stack's state role (`terraform init
   * -backend-config`): the one that reads the state of the plan role's stacks alone; '' = the stack keeps its
   * state locally (not planned). Plans with it run with `-lock=false`.
   */
  readonly stateRole: string;
  /**
   * The GitHub environment a pull request's plan job (pr.yml) runs in: the plan environment of the plan role's
   * scope that any branch may enter (`plan-<scope>`, model/plan-environments.ts; reviewed for production and the
   * management account), one of the subjects that plan role trusts.
   */
  readonly environment: string;
  /**
   * The GitHub environment a plan job of the default branch (deploy.yml, drift.yml) runs in: `plan-<scope>-main`
   * for production and the management account (no reviewers, the default branch alone), else the same as
   * `environment`.
   */
  readonly mainEnvironment: string;
}

interface StackJson {
  terraform?: { backend?: { s3?: unknown } };
  provider?: { aws?: { allowed_account_ids?: string[] }[] };
  variable?: Record<string, unknown>;
}

/**
 * For every stack CI plans: a stack in an environment's account logs in to that account's plan role and, if
 * its provider assumes a role (`var.aws_role_name`), assumes the plan role again; the access stacks' provider
 * assumes nothing and runs as the plan role directly. Stacks of the management account (bootstrap, platform,
 * management-access) use its plan role, `management.planRoleName` (created by management-access). A stack in
 * any other account is an error: no plan role exists there. Every plan reads the state through the read-only
 * state role of its account's stacks (model/state-access.ts `stateReadScopes`), never a read-write one, and runs in
 * one of the plan role's plan environments, the only ones whose jobs it admits: `environment` for a pull request
 * (`plan-management`, `plan-<env>`), `mainEnvironment` for the default branch (`plan-management-main`,
 * `plan-<production>-main`, the others' `plan-<env>`).
 */
export function planLogins(outdir: string, config: PlatformConfig): Record<string, PlanLogin> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const { partition, management } = config.organisation;
  const logins: Record<string, PlanLogin> = {};
  for (const name of plannableStacks(outdir)) {
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, manifest.stacks[name].synthesizedStackPath), 'utf8')) as StackJson;
    const accountId = tf.provider?.aws?.[0]?.allowed_account_ids?.[0];
    const planRoleName =
      accountId === management.accountId
        ? management.planRoleName
        : config.environments.find((env) => env.account.id === accountId)?.account.planRoleName;
    if (planRoleName === undefined || accountId === undefined) {
      throw new Error(
        `plan-roles: stack ${name} deploys into account ${accountId ?? '(none)'}, which is neither the management account nor an environment's`,
      );
    }
    // the stack's read-only scope: its state role, and the plan environments its account's plan role trusts
    const scope = stateReadScopeOf(config, name);
    logins[name] = {
      role: iamRoleArn(partition, accountId, planRoleName),
      roleName: tf.variable?.[AWS_ROLE_VARIABLE] === undefined ? '' : planRoleName,
      stateRole: tf.terraform?.backend?.s3 === undefined ? '' : iamRoleArn(partition, management.accountId, scope.roleName),
      environment: planEnvironmentOf(config, scope.name).name,
      mainEnvironment: mainPlanEnvironmentOf(config, scope.name).name,
    };
  }
  return logins;
}
