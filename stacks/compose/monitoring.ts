import {
  auditBucketName,
  auditLogGroupName,
  auditLogsRoleName,
  auditTrailName,
  environmentNamePrefix,
  pipelineExecutionLogGroupName,
  pipelineName,
} from '../../model';
import { AuditTrail } from '../../modules/audit-trail';
import { cloudTrailArn } from '../../modules/core';
import type { KmsServiceGrant } from '../../modules/kms-key';
import { PipelineMonitoring } from '../../modules/pipeline-monitoring';
import type { EnvironmentStack } from '../environment-stack';
import type { EnvironmentServicesScope } from '../shared-resources';

/** Where a trail lives: its account and region, and its name. */
export interface TrailLocation {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly trailName: string;
}

/** Key policy grants CloudTrail needs to encrypt the log files of the trail `at` with a key of its account. */
export function trailKeyGrants(at: TrailLocation): KmsServiceGrant[] {
  const trailArn = cloudTrailArn(at, at.trailName);
  return [
    {
      sid: 'CloudTrailEncryptLogs',
      service: 'cloudtrail.amazonaws.com',
      actions: ['kms:GenerateDataKey'],
      conditions: [
        { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] },
        {
          test: 'StringLike',
          variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
          values: [cloudTrailArn({ ...at, region: '*' }, '*')],
        },
      ],
    },
    {
      sid: 'CloudTrailDescribeKey',
      service: 'cloudtrail.amazonaws.com',
      actions: ['kms:DescribeKey'],
      conditions: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }],
    },
  ];
}

/** Key policy grants CloudTrail needs to encrypt this environment's trail with the environment key. */
export function cloudTrailKeyGrants(stack: EnvironmentServicesScope): KmsServiceGrant[] {
  const { prefix, partition } = stack.organisation;
  const { name, account: accountId, region } = stack.env;
  return trailKeyGrants({ partition, accountId, region, trailName: auditTrailName(prefix, name) });
}

/** Pipeline monitoring (rules, execution log, alarms, dashboard) and the audit trail of the environment. */
export function composeMonitoring(stack: EnvironmentStack): { monitoring: PipelineMonitoring; audit: AuditTrail } {
  const { environment, config, partition } = stack;
  const { prefix } = config.organisation;
  const { id: accountId, region } = environment.account;
  const monitoring = new PipelineMonitoring(stack, 'pipeline-monitoring', {
    namePrefix: environmentNamePrefix(prefix, environment.name),
    logGroupName: pipelineExecutionLogGroupName(prefix, environment.name),
    logRetentionDays: environment.logRetentionDays,
    kmsKeyArn: stack.key.arn,
    topicArn: stack.notifications.arn,
    partition,
    region,
    accountId,
    pipelineNames: stack.model.pipelinesIn(environment.name).map((p) => pipelineName(prefix, environment.name, p.service.name)),
    failedBuildsThreshold: environment.monitoring.failedBuildsThreshold,
    failedDeploymentsThreshold: environment.monitoring.failedDeploymentsThreshold,
  });
  const audit = new AuditTrail(stack, 'audit-trail', {
    trailName: auditTrailName(prefix, environment.name),
    bucketName: auditBucketName(prefix, environment.name, accountId),
    kmsKeyArn: stack.key.arn,
    partition,
    region,
    accountId,
    retentionDays: environment.monitoring.auditRetentionDays,
    preventDestroy: environment.protectStatefulResources,
    // object access of the artifact store (it keeps no S3 access log: policies/checkov-skips.yaml, CKV_AWS_18)
    dataEventBucketNames: [stack.env.shared.artifactBucketName],
    logs: {
      logGroupName: auditLogGroupName(prefix, environment.name),
      retentionDays: environment.logRetentionDays,
      roleName: auditLogsRoleName(prefix, environment.name),
    },
  });
  return { monitoring, audit };
}
