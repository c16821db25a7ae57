import type { EnvironmentInput } from './schema';

/** test: integration tests against the artifact promoted from dev. */
export default {
  name: 'test',
  account: { id: '333333333333', region: 'eu-west-1', deployRoleName: 'cicd-platform-terraform' },
  approval: { required: false },
  build: {
    computeType: 'BUILD_GENERAL1_SMALL',
    lightComputeType: 'BUILD_LAMBDA_1GB',
    architecture: 'arm64',
    timeoutMinutes: 45,
    queuedTimeoutMinutes: 60,
    concurrentBuildLimit: 5,
  },
  logRetentionDays: 30,
  artifactRetentionDays: 30,
  alarms: { errorRatePercent: 5, http5xxCount: 25, p99LatencyMs: 2000, evaluationPeriods: 3, periodSeconds: 60 },
  pipelineExecutionMode: 'SUPERSEDED',
  notificationEmails: ['platform-test-alerts@example.com'],
  protectStatefulResources: true,
  tags: { environment: 'test', 'data-classification': 'internal' },
} satisfies EnvironmentInput;
