import { MANAGEMENT_SCOPE, serviceStateScopes, stateKey, stateReadScopes, stateWriteScopes, type PlatformConfig } from '../model';
import { Construct, TerraformOutput } from '../modules/core';
import { StateBackend } from '../modules/state-backend';
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
    const serviceStates = serviceStateScopes(props.config);

    this.backend = new StateBackend(this, 'state-backend', {
      bucketName: stateBackend.bucketName,
      lockTableName: stateBackend.lockTableName,
      kmsKeyAlias: stateBackend.kmsKeyAlias,
      accountId: management.accountId,
      partition,
      noncurrentVersionRetentionDays: stateBackend.noncurrentVersionRetentionDays,
      // one read-write role per scope, writing only its own stacks' keys and lock entries (model/state-access.ts);
      // every writer is trusted through its account root, pinned by aws:PrincipalArn: most are created later
      writeRoles: stateWriteScopes(props.config)
        .map((scope) => ({
          // the management scope keeps the address of the single state role it replaces
          id: scope.name === MANAGEMENT_SCOPE ? 'access-role' : `write-role-${scope.name}`,
          roleName: scope.roleName,
          stateKeys: scope.stacks.map(stateKey),
          writerRoleArns: scope.writerRoleArns,
        }))
        .concat(
          // a service's own infrastructure: its state key, written by its apply role alone (stacks/compose/infrastructure-builds.ts)
          serviceStates.map((state) => ({
            id: `svc-write-${state.environment}-${state.service}`,
            roleName: state.writeRoleName,
            stateKeys: [state.stateKey],
            writerRoleArns: [state.applyRoleArn],
          })),
        ),
      // plans read the state through roles that can neither write nor lock, one per plan role: each reads the keys
      // of the stacks its plan role plans (model/state-access.ts); the management scope keeps the address of the
      // single read role it replaces
      readRoles: stateReadScopes(props.config)
        .map((scope) => ({
          id: scope.name === MANAGEMENT_SCOPE ? 'read-role' : `read-role-${scope.name}`,
          roleName: scope.roleName,
          stateKeys: scope.stacks.map(stateKey),
          readerRoleArns: [scope.readerRoleArn],
        }))
        .concat(
          // a service's own infrastructure: its state key, read by its plan role alone
          serviceStates.map((state) => ({
            id: `svc-read-${state.environment}-${state.service}`,
            roleName: state.readRoleName,
            stateKeys: [state.stateKey],
            readerRoleArns: [state.planRoleArn],
          })),
        ),
    });
    this.audit = composeManagementAudit(this, stateBackend.bucketName);

    new TerraformOutput(this, 'state-bucket', { value: this.backend.bucket.name, description: "S3 bucket of every stack's state" });
    new TerraformOutput(this, 'lock-table', { value: this.backend.lockTable.name, description: 'DynamoDB table of state locks' });
    new TerraformOutput(this, 'state-key-arn', { value: this.backend.key.arn, description: 'KMS key that encrypts the state' });
    new TerraformOutput(this, 'state-read-role-arns', {
      value: Object.fromEntries(this.backend.readRoles.map((role) => [role.name, role.arn])),
      description: "Roles plans assume to read the state, by name: each reads only its own stacks' state (no write, no lock)",
    });
    new TerraformOutput(this, 'state-role-arns', {
      value: Object.fromEntries(this.backend.writeRoles.map((role) => [role.name, role.arn])),
      description: "Roles Terraform assumes for state access, by name: each writes only its own stacks' state",
    });
  }
}
