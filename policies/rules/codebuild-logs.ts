import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

export const codebuildLogs: PolicyRule = {
  id: 'PLAT-CB-003',
  counterpart: 'CKV_AWS_314, CKV_AWS_311',
  level: 'error',
  description: 'CodeBuild projects log to a named CloudWatch log group, and any S3 logs are encrypted',
  reason: 'Build logs are the audit trail of what ran with the role; the default group has no retention or customer key',
  appliesTo: ['aws_codebuild_project'],
  check(project) {
    const logs = firstBlock(project.config.logs_config);
    const cloudwatch = firstBlock(logs?.cloudwatch_logs);
    const problems: string[] = [];
    if (cloudwatch === undefined || cloudwatch.status === 'DISABLED') {
      problems.push('CloudWatch logs are off (logs_config.cloudwatch_logs)');
    } else if (typeof cloudwatch.group_name !== 'string' || cloudwatch.group_name.length === 0) {
      problems.push(
        'logs go to the default log group; name one with retention and a customer key (logs_config.cloudwatch_logs.group_name)',
      );
    }
    const s3 = firstBlock(logs?.s3_logs);
    if (s3 !== undefined && s3.status === 'ENABLED' && isTrue(s3.encryption_disabled)) {
      problems.push('S3 logs are not encrypted (logs_config.s3_logs.encryption_disabled)');
    }
    return problems;
  },
};
