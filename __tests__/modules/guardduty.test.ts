import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { Testing } from '../../modules/core';
import { GUARDDUTY_FEATURES, GuardDutyDetector, type GuardDutyDetectorProps } from '../../modules/guardduty';
import { resourcesOf } from '../support/synth';

function synth(props: GuardDutyDetectorProps): { json: string; tf: Record<string, any> } {
  const json = Testing.synthScope((scope) => new GuardDutyDetector(scope, 'gd', props));
  return { json, tf: JSON.parse(json) };
}

/** Status of each feature resource, by feature name. */
const statusOf = (tf: Record<string, any>) =>
  Object.fromEntries(resourcesOf(tf, 'aws_guardduty_detector_feature').map((f) => [f.name, f.status]));

/** Status of each Runtime Monitoring agent, by its additional-configuration name. */
const agentsOf = (tf: Record<string, any>) =>
  Object.fromEntries(
    resourcesOf(tf, 'aws_guardduty_detector_feature')
      .find((f) => f.name === 'RUNTIME_MONITORING')!
      .additional_configuration.map((c: any) => [c.name, c.status]),
  );

describe('GuardDutyDetector', () => {
  test('an enabled detector publishing findings every 15 minutes by default', () => {
    expect(synth({ features: [] }).json).toHaveResourceWithProperties(GuarddutyDetector, {
      enable: true,
      finding_publishing_frequency: 'FIFTEEN_MINUTES',
    });
    expect(synth({ features: [], findingPublishingFrequency: 'SIX_HOURS' }).json).toHaveResourceWithProperties(GuarddutyDetector, {
      finding_publishing_frequency: 'SIX_HOURS',
    });
  });

  test('every known plan has a resource of the detector: those asked ENABLED, every other one DISABLED explicitly', () => {
    const { tf } = synth({ features: ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS'] });
    const expected = Object.fromEntries(
      GUARDDUTY_FEATURES.map((f) => [f, ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS'].includes(f) ? 'ENABLED' : 'DISABLED']),
    );
    expect(statusOf(tf)).toEqual(expected);
    for (const feature of resourcesOf(tf, 'aws_guardduty_detector_feature')) {
      expect(feature.detector_id).toMatch(/^\$\{aws_guardduty_detector\.[^.]+\.id\}$/);
    }
  });

  test('Runtime Monitoring manages the agents asked, every other one DISABLED explicitly', () => {
    const { tf } = synth({ features: ['RUNTIME_MONITORING'], runtimeAgents: ['ECS_FARGATE'] });
    expect(agentsOf(tf)).toEqual({
      ECS_FARGATE_AGENT_MANAGEMENT: 'ENABLED',
      EC2_AGENT_MANAGEMENT: 'DISABLED',
      EKS_ADDON_MANAGEMENT: 'DISABLED',
    });
  });

  test('with Runtime Monitoring off, every agent is DISABLED and no other plan carries agent settings', () => {
    const { tf } = synth({ features: ['S3_DATA_EVENTS'] });
    expect(Object.values(agentsOf(tf))).toEqual(['DISABLED', 'DISABLED', 'DISABLED']);
    const others = resourcesOf(tf, 'aws_guardduty_detector_feature').filter((f) => f.name !== 'RUNTIME_MONITORING');
    expect(others.every((f) => f.additional_configuration === undefined)).toBe(true);
  });

  test('refuses agents without the Runtime Monitoring plan, and says how to fix it', () => {
    expect(() => synth({ features: ['S3_DATA_EVENTS'], runtimeAgents: ['EC2'] })).toThrow(
      /runtimeAgents need the RUNTIME_MONITORING feature; enable it or list no agents/,
    );
  });
});
