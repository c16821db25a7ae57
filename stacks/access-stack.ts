import type { EnvironmentConfig, EnvironmentModel, PlatformConfig, PlatformModel } from '../model';
import type { Construct } from '../modules/core';
import { BaseStack } from './base-stack';
import { composeAccountAccess, type AccountAccess } from './compose/access';

export interface AccessStackProps {
  /** The resolved platform model. */
  readonly model: PlatformModel;
  /** The environment whose account this stack gives access to, from the model. */
  readonly env: EnvironmentModel;
}

/**
 * `<env>-access`: what must exist in an environment's account before its environment stack can be applied,
 * the account's GitHub OIDC provider, the Terraform role (`account.deployRoleName`) and the read-only plan role
 * (`account.planRoleName`). An administrator applies it, like `bootstrap`, with the ambient credentials of the
 * environment's account: its AWS provider assumes no role (it creates the role the other stacks assume) and is
 * pinned to the account. Its state has its own key in the remote backend. No workflow applies it.
 */
export class AccessStack extends BaseStack {
  readonly model: PlatformModel;
  readonly env: EnvironmentModel;
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly access: AccountAccess;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const { model, env } = props;
    const { config } = model;
    const environment = env.config;
    super(scope, id, {
      organisation: config.organisation,
      target: {
        accountId: environment.account.id,
        region: environment.account.region,
        roleName: environment.account.deployRoleName,
        tags: environment.tags,
      },
      assumeRole: false,
      stateScope: id,
    });
    this.model = model;
    this.env = env;
    this.config = config;
    this.environment = environment;
    this.access = composeAccountAccess(this);
  }
}
