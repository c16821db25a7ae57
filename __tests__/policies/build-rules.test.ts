import { ALL_RULES, buildStackView, type PolicyRule } from '../../policies';
import {
  codeartifactDomainCustomerKey,
  codebuildCustomerKey,
  codebuildLogs,
  codebuildPrivilegedMode,
  codebuildReportExportEncrypted,
  logGroupCustomerKey,
  logGroupRetention,
} from '../../policies/rules';

/** Run `rule` on one resource of `type` with `config`, in a stack of its own. */
function check(rule: PolicyRule, type: string, config: Record<string, unknown>): readonly string[] {
  const view = buildStackView('test', { resource: { [type]: { subject: config } } });
  return rule.check(view.ofType(type)[0], view);
}

const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/k';
const PROJECT = {
  name: 'p',
  encryption_key: KEY,
  environment: { compute_type: 'BUILD_GENERAL1_SMALL', type: 'ARM_CONTAINER', image: 'i', privileged_mode: false },
  logs_config: { cloudwatch_logs: { status: 'ENABLED', group_name: '/acme/dev/codebuild/p' }, s3_logs: { status: 'DISABLED' } },
};

describe.each<[string, PolicyRule, string, Record<string, unknown>, Record<string, unknown>, RegExp]>([
  [
    'PLAT-CB-001 CodeBuild customer key',
    codebuildCustomerKey,
    'aws_codebuild_project',
    PROJECT,
    { ...PROJECT, encryption_key: undefined },
    /no customer key named \(encryption_key\)/,
  ],
  [
    'PLAT-CB-001 CodeBuild customer key, not the AWS managed one',
    codebuildCustomerKey,
    'aws_codebuild_project',
    PROJECT,
    { ...PROJECT, encryption_key: 'arn:aws:kms:eu-west-1:222222222222:alias/aws/s3' },
    /AWS managed key/,
  ],
  [
    'PLAT-CB-002 privileged mode off',
    codebuildPrivilegedMode,
    'aws_codebuild_project',
    PROJECT,
    { ...PROJECT, environment: { ...PROJECT.environment, privileged_mode: true } },
    /privileged mode is on/,
  ],
  [
    'PLAT-CB-003 CloudWatch logs on',
    codebuildLogs,
    'aws_codebuild_project',
    PROJECT,
    { ...PROJECT, logs_config: { cloudwatch_logs: { status: 'DISABLED' } } },
    /CloudWatch logs are off/,
  ],
  [
    'PLAT-CB-003 a named log group',
    codebuildLogs,
    'aws_codebuild_project',
    PROJECT,
    { ...PROJECT, logs_config: { cloudwatch_logs: { status: 'ENABLED' } } },
    /logs go to the default log group/,
  ],
  [
    'PLAT-CB-003 S3 logs encrypted',
    codebuildLogs,
    'aws_codebuild_project',
    { ...PROJECT, logs_config: { ...PROJECT.logs_config, s3_logs: { status: 'ENABLED', location: 'b/logs', encryption_disabled: false } } },
    { ...PROJECT, logs_config: { ...PROJECT.logs_config, s3_logs: { status: 'ENABLED', location: 'b/logs', encryption_disabled: true } } },
    /S3 logs are not encrypted/,
  ],
  [
    'PLAT-CB-004 report export encrypted',
    codebuildReportExportEncrypted,
    'aws_codebuild_report_group',
    {
      name: 'r',
      type: 'TEST',
      export_config: { type: 'S3', s3_destination: { bucket: 'b', encryption_key: KEY, encryption_disabled: false } },
    },
    {
      name: 'r',
      type: 'TEST',
      export_config: { type: 'S3', s3_destination: { bucket: 'b', encryption_key: KEY, encryption_disabled: true } },
    },
    /the S3 export is not encrypted/,
  ],
  [
    'PLAT-CB-004 report export names a key',
    codebuildReportExportEncrypted,
    'aws_codebuild_report_group',
    { name: 'r', type: 'TEST', export_config: { type: 'NO_EXPORT' } },
    { name: 'r', type: 'TEST', export_config: { type: 'S3', s3_destination: { bucket: 'b' } } },
    /names no KMS key/,
  ],
  [
    'PLAT-LOGS-001 log group retention',
    logGroupRetention,
    'aws_cloudwatch_log_group',
    { name: '/acme/dev/x', retention_in_days: 14, kms_key_id: KEY },
    { name: '/acme/dev/x', kms_key_id: KEY },
    /no retention period \(retention_in_days\)/,
  ],
  [
    'PLAT-LOGS-002 log group customer key',
    logGroupCustomerKey,
    'aws_cloudwatch_log_group',
    { name: '/acme/dev/x', retention_in_days: 14, kms_key_id: KEY },
    { name: '/acme/dev/x', retention_in_days: 14 },
    /no customer key named \(kms_key_id\)/,
  ],
  [
    'PLAT-CA-001 CodeArtifact domain customer key',
    codeartifactDomainCustomerKey,
    'aws_codeartifact_domain',
    { domain: 'acme-packages', encryption_key: KEY },
    { domain: 'acme-packages' },
    /no customer key named \(encryption_key\)/,
  ],
])('%s', (_name, rule, type, compliant, nonCompliant, message) => {
  test('passes a compliant resource', () => {
    expect(check(rule, type, compliant)).toEqual([]);
  });

  test('reports a non-compliant one, saying what is wrong', () => {
    const findings = check(rule, type, nonCompliant);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(message);
  });
});

test('the build rules are registered once each, each with its reason', () => {
  const ids = ALL_RULES.map((r) => r.id);
  const ours = ['PLAT-CB-001', 'PLAT-CB-002', 'PLAT-CB-003', 'PLAT-CB-004', 'PLAT-LOGS-001', 'PLAT-LOGS-002', 'PLAT-CA-001'];
  expect(ids).toEqual(expect.arrayContaining(ours));
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of ALL_RULES.filter((r) => ours.includes(r.id))) expect(rule.reason.length).toBeGreaterThan(20);
});
