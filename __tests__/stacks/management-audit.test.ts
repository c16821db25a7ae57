import { exampleTerraform } from '../support/example';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';
import { exampleConfig } from '../support/config';

// The management account's audit trail lives in bootstrap (stacks/compose/management-audit.ts).
const bootstrap = exampleTerraform('bootstrap');
const [trail] = resourcesOf(bootstrap, 'aws_cloudtrail');
const statements = dataOf(bootstrap, 'aws_iam_policy_document').flatMap((d) => d.statement);

describe("the management account's audit trail (bootstrap)", () => {
  test('is a multi-region trail with log file validation, in the management account', () => {
    expect(bootstrap.provider.aws[0].allowed_account_ids).toEqual(['111111111111']);
    expect(trail).toMatchObject({
      name: 'acme-management-audit',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
    });
  });

  test('records every object read and write of the state bucket', () => {
    const data = trail.advanced_event_selector.find((s: any) => /platform buckets/.test(s.name));
    expect(data.field_selector).toContainEqual({
      field: 'resources.ARN',
      starts_with: ['arn:aws:s3:::acme-cicd-platform-tfstate-111111111111/'],
    });
  });

  test('writes to a bucket of its own, encrypted with a key of its own (not the state key), which only CloudTrail and CloudWatch Logs use', () => {
    const buckets = resourcesOf(bootstrap, 'aws_s3_bucket').map((b) => b.bucket);
    expect(buckets.sort()).toEqual(['acme-cicd-platform-tfstate-111111111111', 'acme-management-audit-111111111111']);
    const keyId = /^\$\{aws_kms_key\.(audit-key_\w+)\.arn\}$/.exec(trail.kms_key_id)?.[1];
    expect(keyId).toBeDefined();
    const alias = resourcesOf(bootstrap, 'aws_kms_alias').find((a) => a.target_key_id === `\${aws_kms_key.${keyId}.key_id}`);
    expect(alias!.name).toBe('alias/acme-management-audit');
    const grantees = statements
      .filter((s: any) => /^(CloudTrail|CloudWatchLogs)/.test(s.sid))
      .flatMap((s: any) => s.principals.flatMap((p: any) => p.identifiers));
    expect([...new Set(grantees)].sort()).toEqual(['cloudtrail.amazonaws.com', 'logs.eu-west-1.amazonaws.com']);
    const [logs] = resourcesOf(bootstrap, 'aws_cloudwatch_log_group');
    expect(logs).toMatchObject({ name: '/acme/management/cloudtrail', retention_in_days: 365, kms_key_id: trail.kms_key_id });
  });

  test('keeps log files and events as long as management.auditRetentionDays says', () => {
    const changed = buildExample(exampleConfig((raw) => ((raw.organisation.management as any).auditRetentionDays = 730)));
    const tf = synthObject(changed.bootstrap);
    expect(resourcesOf(tf, 'aws_cloudwatch_log_group')[0].retention_in_days).toBe(730);
    const rules = resourcesOf(tf, 'aws_s3_bucket_lifecycle_configuration').flatMap((l) => l.rule);
    expect(rules.some((r: any) => r.expiration?.[0]?.days === 730 || r.expiration?.days === 730)).toBe(true);
  });
});
