import type { PlatformConfig } from '../model';
import { Construct, TerraformOutput } from '../modules/core';
import { StateBackend } from '../modules/state-backend';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { iamRoleArn } from '../modules/core';
import { planRoleArns } from './compose/management-access';
import { BaseStack } from './base-stack';
import { composeOwnPermissionsBoundary } from './compose/permissions-boundary';
import { composeManagementAudit } from './compose/management-audit';
import type { AuditTrail } from '../modules/audit-trail';

export interface BootstrapStackProps {
  readonly config: PlatformConfig;
}

/**
 * The state backend every other stack lives in. It starts on local state (it cannot store its state in a
 * bucket that does not exist yet); once applied, `stateBackend.bootstrapMigrated: true` moves its own
 * state into that bucket (docs/bootstrap-and-access.md, "Bootstrap the state"). An administrator of the management account applies
 * it with ambient credentials: its provider assumes no role (the management Terraform role may only apply the
 * platform stack, and it is created later, by `management-access`).
 */
export class BootstrapStack extends BaseStack {
  readonly backend: StateBackend;
  /** The management account's audit trail: management events and the state bucket's object access. */
  readonly audit: AuditTrail;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    const { organisation } = props.config;
    super(scope, id, {
      organisation,
      target: {
        accountId: organisation.management.accountId,
        region: organisation.management.region,
        roleName: organisation.management.deployRoleName,
        tags: {},
      },
      state: organisation.stateBackend.bootstrapMigrated ? 'remote' : 'local',
      assumeRole: false,
    });
    const { stateBackend, management, partition } = organisation;
    composeOwnPermissionsBoundary(this);

    this.backend = new StateBackend(this, 'state-backend', {
      bucketName: stateBackend.bucketName,
      lockTableName: stateBackend.lockTableName,
      kmsKeyAlias: stateBackend.kmsKeyAlias,
      accountId: management.accountId,
      partition,
      noncurrentVersionRetentionDays: stateBackend.noncurrentVersionRetentionDays,
      accessRoleName: stateBackend.roleName,
      // every role is trusted through its account root, pinned by aws:PrincipalArn: the management account's
      // roles come from management-access, applied after this stack
      terraformRoleArns: [],
      // the management account's Terraform role and `platform` deploy role (management-access) and its
      // administrators (they apply bootstrap once migrated, and management-access); each environment's GitHub
      // OIDC deploy role (stacks/compose/source-control.ts); the account's administrators apply its access stack
      // and the first apply of its environment stack
      laterRoleArns: [
        ...[management.deployRoleName, organisation.sourceControl.deployRoleName].map((name) =>
          iamRoleArn(partition, management.accountId, name),
        ),
        ...management.administratorRoleArns,
        ...props.config.environments.flatMap((env) => [
          iamRoleArn(partition, env.account.id, organisation.sourceControl.deployRoleName),
          ...env.account.administratorRoleArns,
        ]),
      ],
      // plans read the state through a role of their own that can neither write nor lock: every plan role
      // (stacks/compose/access.ts, stacks/compose/management-access.ts)
      readOnlyRoleName: stateBackend.readRoleName,
      readerRoleArns: planRoleArns(props.config),
    });
    this.audit = composeManagementAudit(this, stateBackend.bucketName);

    new TerraformOutput(this, 'state-bucket', { value: this.backend.bucket.name, description: "S3 bucket of every stack's state" });
    new TerraformOutput(this, 'lock-table', { value: this.backend.lockTable.name, description: 'DynamoDB table of state locks' });
    new TerraformOutput(this, 'state-key-arn', { value: this.backend.key.arn, description: 'KMS key that encrypts the state' });
    new TerraformOutput(this, 'state-read-role-arn', {
      value: (this.backend.readRole as IamRole).arn,
      description: 'Role plans assume to read the state (no write, no lock)',
    });
    new TerraformOutput(this, 'state-role-arn', {
      value: this.backend.accessRole.arn,
      description: 'Role Terraform assumes for state access',
    });
  }
}
