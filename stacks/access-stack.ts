import type { EnvironmentConfig, PlatformConfig } from '../environments';
import type { Construct } from '../modules/core';
import { BaseStack } from './base-stack';
import { composeAccountAccess, type AccountAccess } from './compose/access';

export interface AccessStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
}

/**
 * `<env>-access`: what must exist in an environment's account before its environment stack can be applied,
 * the account's GitHub OIDC provider, the Terraform role (`account.deployRoleName`) and the read-only plan role
 * (`account.planRoleName`). An administrator applies it, like `bootstrap`, with the ambient credentials of the
 * environment's account: its AWS provider assumes no role (it creates the role the other stacks assume) and is
 * pinned to the account. Its state has its own key in the remote backend. No workflow applies it.
 */
export class AccessStack extends BaseStack {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly access: AccountAccess;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const { config, environment } = props;
    super(scope, id, {
      organisation: config.organisation,
      target: {
        accountId: environment.account.id,
        region: environment.account.region,
        roleName: environment.account.deployRoleName,
        tags: environment.tags,
      },
      assumeRole: false,
    });
    this.config = config;
    this.environment = environment;
    this.access = composeAccountAccess(this);
  }
}
