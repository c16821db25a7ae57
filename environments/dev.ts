import type { EnvironmentInput } from './schema';

/** dev: every merge lands here first; cheap, fast feedback, nothing waits for a person. */
export default {
  name: 'dev',
  account: { id: '222222222222', region: 'eu-west-1', deployRoleName: 'cicd-platform-terraform' },
  approval: { required: false },
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
