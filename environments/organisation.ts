import type { OrganisationInput } from './schema';

/** Organisation-wide settings: the management account, GitHub, the state backend, promotion order. */
export default {
  prefix: 'acme',
  management: {
    accountId: '111111111111',
    region: 'eu-west-1',
    deployRoleName: 'cicd-platform-terraform',
    // the management-access stack: plans of platform and bootstrap run as this read-only role; the administrators
    // apply bootstrap and management-access (environments/schema/management-access.ts)
    planRoleName: 'cicd-platform-plan',
    administratorRoleArns: [
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_fedcba9876543210',
    ],
  },
  github: {
    owner: 'acme-platform',
    platformRepository: 'cicd-platform',
    // the read-only GitHub App plans read GitHub with (docs/workflows.md, "The plan environment")
    planAppId: 1048576,
  },
  stateBackend: {
    bucketName: 'acme-cicd-platform-tfstate-111111111111',
    lockTableName: 'acme-cicd-platform-tflock',
    kmsKeyAlias: 'acme-cicd-platform-tfstate',
    roleName: 'cicd-platform-state',
    locking: 'dynamodb',
    noncurrentVersionRetentionDays: 90,
    bootstrapMigrated: false,
  },
  promotionOrder: ['dev', 'test', 'staging', 'prod'],
  sourceControl: {
    teams: [
      { slug: 'platform-team', description: 'Owns this GitOps repository and the CI/CD platform' },
      { slug: 'platform-leads', description: 'Approve production changes with the release managers' },
      { slug: 'release-managers', description: 'Approve promotions to staging and production' },
      { slug: 'security', description: 'Reads every repository for security review' },
      { slug: 'commerce', description: 'Orders and checkout' },
      { slug: 'payments', description: 'Payment processing' },
      { slug: 'storefront', description: 'Customer-facing web front ends' },
    ],
    platformTeam: 'platform-team',
    repositoryDefaults: {
      visibility: 'private',
      requiredApprovingReviewCount: 2,
      secretScanning: true,
      secretScanningPushProtection: true,
      mergeMethods: ['squash'],
      defaultBranch: 'main',
      topics: ['cicd-platform'],
    },
    deployRoleName: 'cicd-platform-github-deploy',
  },
  // deploy.yml's `platform` job: approved by the platform leads, from main only (environments/schema/access.ts);
  // it logs in to the deploy role of the management-access stack
  platformEnvironment: {
    reviewerTeams: ['platform-leads'],
  },
  tags: {
    'managed-by': 'cdktf',
    repository: 'acme-platform/cicd-platform',
    'cost-center': 'platform',
  },
} satisfies OrganisationInput;
