import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

export const codebuildReportExportEncrypted: PolicyRule = {
  id: 'PLAT-CB-004',
  level: 'error',
  description: 'CodeBuild report groups that export to S3 encrypt the export with a KMS key',
  reason: 'Test reports carry stack traces, paths and sometimes data; they stay encrypted like every artifact',
  appliesTo: ['aws_codebuild_report_group'],
  check(group) {
    const exportConfig = firstBlock(group.config.export_config);
    if (exportConfig?.type !== 'S3') return [];
    const destination = firstBlock(exportConfig.s3_destination);
    if (isTrue(destination?.encryption_disabled)) return ['the S3 export is not encrypted (s3_destination.encryption_disabled)'];
    const key = destination?.encryption_key;
    return typeof key === 'string' && key.length > 0 ? [] : ['the S3 export names no KMS key (s3_destination.encryption_key)'];
  },
};
