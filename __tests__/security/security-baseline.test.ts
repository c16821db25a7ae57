import { ConfigError } from '../../model';
import { exampleConfig } from '../support/config';
import { exampleTerraform } from '../support/example';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

/** The synthesized stack of environment `name`: the example's as synth wrote it, or the example changed by `mutate`. */
const envStack = (name: string, mutate?: Parameters<typeof exampleConfig>[0]) => {
  if (mutate === undefined) return exampleTerraform(name);
  return synthObject(buildExample(exampleConfig(mutate)).environments.find((s) => s.environment.name === name)!);
};

const featureStatus = (tf: Record<string, any>) =>
  Object.fromEntries(resourcesOf(tf, 'aws_guardduty_detector_feature').map((f) => [f.name, f.status]));

/** EventBridge rules and targets of the GuardDuty finding route (pipelines and monitoring add their own). */
const guardDutyRules = (tf: Record<string, any>) => resourcesOf(tf, 'aws_cloudwatch_event_rule').filter((r) => /guardduty/.test(r.name));
const guardDutyTargets = (tf: Record<string, any>) =>
  resourcesOf(tf, 'aws_cloudwatch_event_target').filter((t) => /aws_cloudwatch_event_rule\.guardduty/.test(t.rule));

describe('GuardDuty', () => {
  test('one detector per environment account, publishing updated findings every 15 minutes', () => {
    const tf = envStack('test');
    const detectors = Object.keys(tf.resource.aws_guardduty_detector);
    expect(detectors).toHaveLength(1);
    expect(tf.resource.aws_guardduty_detector[detectors[0]]).toMatchObject({
      enable: true,
      finding_publishing_frequency: 'FIFTEEN_MINUTES',
    });
    expect(tf.resource.aws_guardduty_detector[detectors[0]].datasources).toBeUndefined();
    for (const feature of resourcesOf(tf, 'aws_guardduty_detector_feature')) {
      expect(feature.detector_id).toBe(`\${aws_guardduty_detector.${detectors[0]}.id}`);
    }
  });

  test('by default S3, EBS malware, runtime and Lambda protection are on; EKS and RDS explicitly off', () => {
    expect(featureStatus(envStack('test'))).toEqual({
      S3_DATA_EVENTS: 'ENABLED',
      EBS_MALWARE_PROTECTION: 'ENABLED',
      RUNTIME_MONITORING: 'ENABLED',
      LAMBDA_NETWORK_LOGS: 'ENABLED',
      EKS_AUDIT_LOGS: 'DISABLED',
      RDS_LOGIN_EVENTS: 'DISABLED',
    });
  });

  test('runtime monitoring manages the ECS Fargate and EC2 agents, not the EKS add-on', () => {
    const runtime = resourcesOf(envStack('test'), 'aws_guardduty_detector_feature').find((f) => f.name === 'RUNTIME_MONITORING');
    expect(runtime!.additional_configuration).toEqual([
      { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' },
      { name: 'EC2_AGENT_MANAGEMENT', status: 'ENABLED' },
      { name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' },
    ]);
  });

  test('config switches a protection off (dev: no EBS malware scans)', () => {
    expect(featureStatus(envStack('dev')).EBS_MALWARE_PROTECTION).toBe('DISABLED');
  });

  test('runtime monitoring off also turns its agents off', () => {
    const tf = envStack('test', (raw) => {
      raw.environments.test.securityBaseline = { guardDuty: { protections: { runtimeMonitoring: false } } };
    });
    const runtime = resourcesOf(tf, 'aws_guardduty_detector_feature').find((f) => f.name === 'RUNTIME_MONITORING');
    expect(runtime!.status).toBe('DISABLED');
    expect(runtime!.additional_configuration.map((c: any) => c.status)).toEqual(['DISABLED', 'DISABLED', 'DISABLED']);
  });

  test('findings of the configured severity go through EventBridge to the environment topic', () => {
    const tf = envStack('prod');
    const [ruleId, rule] = Object.entries(tf.resource.aws_cloudwatch_event_rule).find(([id]) => id.startsWith('guardduty')) as [
      string,
      any,
    ];
    expect(rule.name).toBe('acme-prod-guardduty-findings');
    expect(rule.state).toBe('ENABLED');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', 1] }] },
    });
    const topicId = Object.keys(tf.resource.aws_sns_topic)[0];
    expect(guardDutyTargets(tf)).toEqual([
      expect.objectContaining({
        rule: `\${aws_cloudwatch_event_rule.${ruleId}.name}`,
        arn: `\${aws_sns_topic.${topicId}.arn}`,
        target_id: 'sns',
      }),
    ]);
    // the topic and its key let EventBridge of this account deliver
    const statements = Object.values(tf.data.aws_iam_policy_document).flatMap((d: any) => d.statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        sid: 'ServicesOfThisAccountPublish',
        principals: [{ type: 'Service', identifiers: expect.arrayContaining(['events.amazonaws.com']) }],
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ sid: 'EventBridgeToSns', principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }] }),
    );
  });

  test.each([
    ['dev', 7],
    ['test', 4],
    ['prod', 1],
  ])('%s sends findings of severity >= %d', (env, floor) => {
    const [rule] = guardDutyRules(envStack(env));
    expect(JSON.parse(rule.event_pattern).detail.severity).toEqual([{ numeric: ['>=', floor] }]);
  });

  test('where a delegated administrator runs GuardDuty, no detector is created but findings are still routed', () => {
    const tf = envStack('staging', (raw) => {
      raw.environments.staging.securityBaseline = { guardDuty: { enabled: false } };
    });
    expect(resourcesOf(tf, 'aws_guardduty_detector')).toEqual([]);
    expect(resourcesOf(tf, 'aws_guardduty_detector_feature')).toEqual([]);
    expect(guardDutyRules(tf)).toHaveLength(1);
  });

  test('notifications can be switched off on their own', () => {
    const tf = envStack('staging', (raw) => {
      raw.environments.staging.securityBaseline = { guardDuty: { notify: { enabled: false } } };
    });
    expect(resourcesOf(tf, 'aws_guardduty_detector')).toHaveLength(1);
    expect(guardDutyRules(tf)).toEqual([]);
    expect(guardDutyTargets(tf)).toEqual([]);
  });

  test('an unknown severity is a ConfigError naming the file and field', () => {
    const build = () =>
      exampleConfig((raw) => {
        raw.environments.test.securityBaseline = { guardDuty: { notify: { minimumSeverity: 'SEVERE' } } };
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow('environments/test.ts (environment "test"): securityBaseline.guardDuty.notify.minimumSeverity');
  });
});

describe('IAM Access Analyzer', () => {
  test('an ACCOUNT analyzer in every environment by default, no unused-access analyzer', () => {
    expect(resourcesOf(envStack('test'), 'aws_accessanalyzer_analyzer')).toEqual([
      expect.objectContaining({ analyzer_name: 'acme-test-access-analyzer', type: 'ACCOUNT' }),
    ]);
  });

  test('prod also analyses access unused for 90 days', () => {
    const analyzers = resourcesOf(envStack('prod'), 'aws_accessanalyzer_analyzer');
    expect(analyzers.map((a) => [a.analyzer_name, a.type, a.configuration])).toEqual([
      ['acme-prod-access-analyzer', 'ACCOUNT', undefined],
      ['acme-prod-access-analyzer-unused', 'ACCOUNT_UNUSED_ACCESS', { unused_access: { unused_access_age: 90 } }],
    ]);
  });

  test('switched off where an organisation analyzer covers the account', () => {
    const tf = envStack('prod', (raw) => {
      raw.environments.prod.securityBaseline = { accessAnalyzer: { enabled: false } };
    });
    expect(resourcesOf(tf, 'aws_accessanalyzer_analyzer')).toEqual([]);
  });
});

test('no environment file needs to mention the baseline: everything is on by default', () => {
  const tf = envStack('staging', (raw) => {
    delete raw.environments.staging.securityBaseline;
  });
  expect(resourcesOf(tf, 'aws_guardduty_detector')).toHaveLength(1);
  expect(guardDutyRules(tf)).toHaveLength(1);
  expect(resourcesOf(tf, 'aws_accessanalyzer_analyzer')).toHaveLength(1);
  expect(resourcesOf(tf, 'aws_iam_policy')).toHaveLength(1);
});
