import type { EnvironmentConfig, PlatformConfig } from '../../environments';
import { AuditTrail } from '../../modules/audit-trail';
import { physicalName, pipelineName } from '../../modules/core';
import type { KmsServiceGrant } from '../../modules/kms-key';
import { PipelineMonitoring } from '../../modules/pipeline-monitoring';
import type { EnvironmentStack } from '../environment-stack';
import { pipelinesIn } from './pipeline';

/** Name of an environment's audit trail, e.g. `acme-dev-audit`. */
export function auditTrailName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'audit']);
}

/** Key policy grants CloudTrail needs to encrypt this environment's trail with the environment key. */
export function cloudTrailKeyGrants(config: PlatformConfig, environment: EnvironmentConfig): KmsServiceGrant[] {
  const { prefix, partition } = config.organisation;
  const { id, region } = environment.account;
  const trailArn = `arn:${partition}:cloudtrail:${region}:${id}:trail/${auditTrailName(prefix, environment.name)}`;
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
          values: [`arn:${partition}:cloudtrail:*:${id}:trail/*`],
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

/** Pipeline monitoring (rules, execution log, alarms, dashboard) and the audit trail of the environment. */
export function composeMonitoring(stack: EnvironmentStack): { monitoring: PipelineMonitoring; audit: AuditTrail } {
  const { environment, config, partition } = stack;
  const { prefix } = config.organisation;
  const { id: accountId, region } = environment.account;
  const monitoring = new PipelineMonitoring(stack, 'pipeline-monitoring', {
    namePrefix: physicalName([prefix, environment.name]),
    logGroupName: `/${prefix}/${environment.name}/codepipeline/executions`,
    logRetentionDays: environment.logRetentionDays,
    kmsKeyArn: stack.key.arn,
    topicArn: stack.notifications.arn,
    partition,
    region,
    accountId,
    pipelineNames: pipelinesIn(config, environment).map((p) => pipelineName(prefix, environment.name, p.service.name)),
    failedBuildsThreshold: environment.monitoring.failedBuildsThreshold,
    failedDeploymentsThreshold: environment.monitoring.failedDeploymentsThreshold,
  });
  const audit = new AuditTrail(stack, 'audit-trail', {
    trailName: auditTrailName(prefix, environment.name),
    bucketName: physicalName([prefix, environment.name, 'audit', accountId]),
    kmsKeyArn: stack.key.arn,
    partition,
    region,
    accountId,
    retentionDays: environment.monitoring.auditRetentionDays,
    preventDestroy: environment.protectStatefulResources,
    logs: {
      logGroupName: `/${prefix}/${environment.name}/cloudtrail`,
      retentionDays: environment.logRetentionDays,
      roleName: physicalName([prefix, environment.name, 'cloudtrail-logs'], 64),
    },
  });
  return { monitoring, audit };
}
