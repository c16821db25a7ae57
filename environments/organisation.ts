import type { OrganisationInput } from './schema';

/** Organisation-wide settings: the management account, GitHub, the state backend, promotion order. */
export default {
  prefix: 'acme',
  management: {
    accountId: '111111111111',
    region: 'eu-west-1',
    deployRoleName: 'cicd-platform-terraform',
  },
  github: {
    owner: 'acme-platform',
    platformRepository: 'cicd-platform',
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
  // deploy.yml's `platform` job: approved by the platform leads, from main only (environments/schema/access.ts)
  platformEnvironment: {
    reviewerTeams: ['platform-leads'],
    deployRoleArn: 'arn:aws:iam::111111111111:role/cicd-platform-github-deploy',
  },
  tags: {
    'managed-by': 'cdktf',
    repository: 'acme-platform/cicd-platform',
    'cost-center': 'platform',
  },
} satisfies OrganisationInput;
