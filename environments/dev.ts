import type { EnvironmentInput } from './schema';

/** dev: every merge lands here first; cheap, fast feedback, nothing waits for a person. */
export default {
  name: 'dev',
  account: {
    id: '222222222222',
    region: 'eu-west-1',
    deployRoleName: 'cicd-platform-terraform',
    planRoleName: 'cicd-platform-plan',
    // the first apply of the dev stack, and repairs (the SSO administrator's role of the account)
    administratorRoleArns: [
      'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef',
    ],
  },
  // no approval before dev, but its `gated` pipelines stop for one: the service owners' SSO role approves them
  approval: {
    required: false,
    approverRoleArns: [
      'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ServiceOwners_3f1c2a9b8d7e6f50',
    ],
  },
  build: {
    computeType: 'BUILD_GENERAL1_SMALL',
    lightComputeType: 'BUILD_LAMBDA_1GB',
    architecture: 'arm64',
    timeoutMinutes: 30,
    queuedTimeoutMinutes: 60,
    concurrentBuildLimit: 10,
  },
  logRetentionDays: 14,
  artifactRetentionDays: 14,
  alarms: { errorRatePercent: 10, http5xxCount: 50, p99LatencyMs: 3000, evaluationPeriods: 3, periodSeconds: 60 },
  pipelineExecutionMode: 'SUPERSEDED',
  notificationEmails: ['platform-dev-alerts@example.com'],
  protectStatefulResources: true,
  tags: { environment: 'dev', 'data-classification': 'internal' },
  securityBaseline: {
    guardDuty: { protections: { ebsMalwareProtection: false }, notify: { minimumSeverity: 'HIGH' } },
  },
} satisfies EnvironmentInput;
