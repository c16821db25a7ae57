import {
  MANAGEMENT_AUDIT_SCOPE,
  auditBucketName,
  auditLogGroupName,
  auditLogsRoleName,
  auditTrailName,
  managementAuditKeyAliasName,
} from '../../model';
import { AuditTrail } from '../../modules/audit-trail';
import { logGroupArn } from '../../modules/core';
import { KmsKey } from '../../modules/kms-key';
import type { BaseStack } from '../base-stack';
import { trailKeyGrants } from './monitoring';

/**
 * The management account's audit trail, in the bootstrap stack: bootstrap is the account's baseline (it owns the
 * account's permissions boundary) and the first thing an administrator applies there, so the trail records the
 * state bucket's object access from the first state written. Management events of every region, and the object
 * reads and writes of `stateBucketName` (S3 data events: the state bucket keeps no server access log). Its log
 * files and log group are encrypted with a key of their own, whose only grants are CloudTrail's and CloudWatch
 * Logs' for this trail: the state key's users (the state roles) cannot read the audit.
 */
export function composeManagementAudit(stack: BaseStack, stateBucketName: string): AuditTrail {
  const { organisation, partition } = stack;
  const { prefix, management } = organisation;
  const { accountId, region } = management;
  const trailName = auditTrailName(prefix, MANAGEMENT_AUDIT_SCOPE);
  const logGroupName = auditLogGroupName(prefix, MANAGEMENT_AUDIT_SCOPE);
  const key = new KmsKey(stack, 'audit-key', {
    alias: managementAuditKeyAliasName(prefix),
    description: "Encrypts the management account's audit trail: its log files and its CloudWatch Logs group",
    accountId,
    partition,
    serviceGrants: [
      ...trailKeyGrants({ partition, accountId, region, trailName }),
      {
        sid: 'CloudWatchLogs',
        service: `logs.${region}.amazonaws.com`,
        conditions: [
          {
            test: 'ArnEquals',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [logGroupArn({ partition, region, accountId }, logGroupName)],
          },
        ],
      },
    ],
  });
  return new AuditTrail(stack, 'audit-trail', {
    trailName,
    bucketName: auditBucketName(prefix, MANAGEMENT_AUDIT_SCOPE, accountId),
    kmsKeyArn: key.arn,
    partition,
    region,
    accountId,
    retentionDays: management.auditRetentionDays,
    dataEventBucketNames: [stateBucketName],
    logs: { logGroupName, retentionDays: management.auditRetentionDays, roleName: auditLogsRoleName(prefix, MANAGEMENT_AUDIT_SCOPE) },
  });
}
