import { z } from 'zod';
import { IamRoleName } from './common';
import { IamRoleArn } from './access';

/**
 * Access to the management account that the `management-access` stack creates (an administrator applies it, as
 * `bootstrap` and `<env>-access`): the account's GitHub OIDC provider, the `platform` environment's deploy role
 * (`sourceControl.deployRoleName`), the Terraform role the platform stack assumes (`management.deployRoleName`)
 * and the read-only plan role of `platform` and `bootstrap` plans. Spread into `organisation.management`.
 */
export const ManagementAccessFields = {
  /**
   * Read-only role that pull-request plans and drift detection of `platform` and `bootstrap` run as: trusted by
   * the platform repository's pull requests and its default branch (OIDC).
   * @default 'cicd-platform-plan'
   */
  planRoleName: IamRoleName.default('cicd-platform-plan'),
  /**
   * The management account's administrators: they apply `bootstrap` and `management-access` (the state role
   * admits them) and may assume the management Terraform role (repairs, a first apply of `platform` by hand).
   * @default [] (the Terraform role trusts the `platform` deploy role only)
   */
  administratorRoleArns: z.array(IamRoleArn).default([]),
} as const;

/**
 * The read-only path to the state for plans: a second state role (bootstrap creates it) that only the plan roles
 * may assume, allowed to read the state and nothing else. Plans pass it to `terraform init` (pr.yml, drift.yml)
 * and run with `-lock=false`: taking a lock is a write. Spread into `organisation.stateBackend`.
 */
export const StateReadFields = {
  /** Role in the management account that plans read the state through. @default 'cicd-platform-state-read' */
  readRoleName: IamRoleName.default('cicd-platform-state-read'),
} as const;
