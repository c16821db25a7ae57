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
  tags: {
    'managed-by': 'cdktf',
    repository: 'acme-platform/cicd-platform',
    'cost-center': 'platform',
  },
} satisfies OrganisationInput;
