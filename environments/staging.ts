import type { EnvironmentInput } from './schema';

/** staging: production-like; a release manager approves before an artifact lands here. */
export default {
  name: 'staging',
  account: { id: '444444444444', region: 'eu-west-1', deployRoleName: 'cicd-platform-terraform' },
  approval: {
    required: true,
    reviewerTeams: ['release-managers'],
    reviewerUsers: [],
    waitTimerMinutes: 0,
    // the release managers' SSO role in this account: the only identity that may assume acme-staging-approver
    approverRoleArns: [
      'arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReleaseManagers_7a2e4c6b1d3f5a90',
    ],
  },
  build: {
    computeType: 'BUILD_GENERAL1_MEDIUM',
    lightComputeType: 'BUILD_LAMBDA_2GB',
    architecture: 'arm64',
    timeoutMinutes: 60,
    queuedTimeoutMinutes: 120,
    concurrentBuildLimit: 5,
  },
  logRetentionDays: 90,
  artifactRetentionDays: 90,
  alarms: { errorRatePercent: 2, http5xxCount: 10, p99LatencyMs: 1500, evaluationPeriods: 3, periodSeconds: 60 },
  pipelineExecutionMode: 'QUEUED',
  notificationEmails: ['platform-staging-alerts@example.com'],
  protectStatefulResources: true,
  tags: { environment: 'staging', 'data-classification': 'confidential' },
} satisfies EnvironmentInput;
