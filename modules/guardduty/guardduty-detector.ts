import { GuarddutyDetector as AwsGuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { Construct } from '../core';

/** GuardDuty protection plans, by their `aws_guardduty_detector_feature` name. */
export const GUARDDUTY_FEATURES = [
  'S3_DATA_EVENTS',
  'EBS_MALWARE_PROTECTION',
  'RUNTIME_MONITORING',
  'LAMBDA_NETWORK_LOGS',
  'EKS_AUDIT_LOGS',
  'RDS_LOGIN_EVENTS',
] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

/** Runtime Monitoring agent management, by the feature's additional-configuration name. */
export const GUARDDUTY_AGENT_MANAGEMENT = {
  ECS_FARGATE: 'ECS_FARGATE_AGENT_MANAGEMENT',
  EC2: 'EC2_AGENT_MANAGEMENT',
  EKS: 'EKS_ADDON_MANAGEMENT',
} as const;
export type GuardDutyRuntimeAgent = keyof typeof GUARDDUTY_AGENT_MANAGEMENT;

export interface GuardDutyDetectorProps {
  /** Protection plans to enable; every other plan is set DISABLED explicitly, so the diff shows it. */
  readonly features: readonly GuardDutyFeature[];
  /** Agents Runtime Monitoring manages (only with RUNTIME_MONITORING). @default none */
  readonly runtimeAgents?: readonly GuardDutyRuntimeAgent[];
  /** How often updated findings are published. @default 'FIFTEEN_MINUTES' */
  readonly findingPublishingFrequency?: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
}

/**
 * This account's GuardDuty detector with its protection plans as `aws_guardduty_detector_feature`
 * resources (the detector's `datasources` block is deprecated). Every known plan gets a resource, ENABLED
 * or DISABLED, so turning one off is a reviewed change rather than a silent default.
 */
export class GuardDutyDetector extends Construct {
  readonly detector: AwsGuarddutyDetector;
  readonly features: Readonly<Record<GuardDutyFeature, GuarddutyDetectorFeature>>;
  /** The detector id. */
  readonly id: string;

  constructor(scope: Construct, id: string, props: GuardDutyDetectorProps) {
    super(scope, id);
    const runtimeAgents = props.runtimeAgents ?? [];
    const findingPublishingFrequency = props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES';
    const enabled = new Set(props.features);

    if (runtimeAgents.length > 0 && !enabled.has('RUNTIME_MONITORING')) {
      throw new Error(
        `GuardDutyDetector ${this.node.path}: runtimeAgents need the RUNTIME_MONITORING feature; enable it or list no agents`,
      );
    }

    this.detector = new AwsGuarddutyDetector(this, 'detector', { enable: true, findingPublishingFrequency });
    this.id = this.detector.id;

    const features = {} as Record<GuardDutyFeature, GuarddutyDetectorFeature>;
    for (const name of GUARDDUTY_FEATURES) {
      const on = enabled.has(name);
      const agents = name === 'RUNTIME_MONITORING' && on ? runtimeAgents : [];
      features[name] = new GuarddutyDetectorFeature(this, name.toLowerCase().replace(/_/g, '-'), {
        detectorId: this.detector.id,
        name,
        status: on ? 'ENABLED' : 'DISABLED',
        additionalConfiguration:
          name === 'RUNTIME_MONITORING'
            ? (Object.keys(GUARDDUTY_AGENT_MANAGEMENT) as GuardDutyRuntimeAgent[]).map((agent) => ({
                name: GUARDDUTY_AGENT_MANAGEMENT[agent],
                status: agents.includes(agent) ? 'ENABLED' : 'DISABLED',
              }))
            : undefined,
      });
    }
    this.features = features;
  }
}
