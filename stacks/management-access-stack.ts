import type { PlatformConfig } from '../model';
import type { Construct } from '../modules/core';
import { BaseStack } from './base-stack';
import { composeManagementAccess, type ManagementAccess } from './compose/management-access';

export interface ManagementAccessStackProps {
  readonly config: PlatformConfig;
}

/**
 * `management-access`: what must exist in the management account before the platform stack can be deployed by
 * a workflow: the account's GitHub OIDC provider, the `platform` environment's deploy role, the management
 * Terraform role (`management.deployRoleName`, what the platform stack's provider assumes) and the read-only plan
 * role of `platform` and `bootstrap` plans (`management.planRoleName`). An administrator applies it after
 * `bootstrap`, with the ambient credentials of the management account: its AWS provider assumes no role and is
 * pinned to the account. Its state has its own key in the remote backend. No workflow applies it.
 */
export class ManagementAccessStack extends BaseStack {
  readonly config: PlatformConfig;
  readonly access: ManagementAccess;

  constructor(scope: Construct, id: string, props: ManagementAccessStackProps) {
    const { config } = props;
    const { management } = config.organisation;
    super(scope, id, {
      organisation: config.organisation,
      target: { accountId: management.accountId, region: management.region, roleName: management.deployRoleName, tags: {} },
      assumeRole: false,
    });
    this.config = config;
    this.access = composeManagementAccess(this);
  }
}
