import type { EnvironmentInput } from './schema';

/** prod: the artifact staging validated; approval by release managers and the platform leads. */
export default {
  name: 'prod',
  account: { id: '555555555555', region: 'eu-west-1', deployRoleName: 'cicd-platform-terraform' },
  approval: {
    required: true,
    reviewerTeams: ['release-managers', 'platform-leads'],
    reviewerUsers: [],
    waitTimerMinutes: 10,
    // the release managers' and platform leads' SSO roles in this account: they alone may assume acme-prod-approver
    approverRoleArns: [
      'arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReleaseManagers_9c8b7a6d5e4f3a21',
      'arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformLeads_0d1e2f3a4b5c6d78',
    ],
  },
  build: {
    computeType: 'BUILD_GENERAL1_LARGE',
    lightComputeType: 'BUILD_LAMBDA_2GB',
    architecture: 'arm64',
    timeoutMinutes: 60,
    queuedTimeoutMinutes: 240,
    concurrentBuildLimit: 3,
  },
  logRetentionDays: 365,
  artifactRetentionDays: 365,
  alarms: { errorRatePercent: 1, http5xxCount: 5, p99LatencyMs: 1000, evaluationPeriods: 2, periodSeconds: 60 },
  pipelineExecutionMode: 'QUEUED',
  notificationEmails: ['platform-prod-alerts@example.com'],
  protectStatefulResources: true,
  tags: { environment: 'prod', 'data-classification': 'confidential' },
  securityBaseline: {
    guardDuty: { notify: { minimumSeverity: 'LOW' } },
    accessAnalyzer: { unusedAccessAgeDays: 90 },
  },
  // One stack holds all of prod. To give a team's services a stack and state of their own (prod-<group>), see
  // docs/operations.md "Split an environment into several stacks": e.g. stackGroups: [{ name: 'payments', teams: ['payments'] }]
  stackGroups: [],
} satisfies EnvironmentInput;
