import type { ServiceInput } from './schema';

/** The service catalogue: every service the platform builds and ships. */
export default [
  { name: 'orders-api', description: 'Order intake REST API on ECS Fargate', team: 'commerce' },
  {
    name: 'payments-fn',
    description: 'Payment webhooks on AWS Lambda',
    team: 'payments',
    github: { requiredApprovingReviewCount: 3, topics: ['pci'], teams: [{ team: 'security', permission: 'pull' }] },
  },
  {
    name: 'catalog-web',
    description: 'Catalogue web front end on EC2 behind an ALB',
    team: 'storefront',
    repository: 'catalog-web-frontend',
    github: { visibility: 'internal', teams: [{ team: 'commerce', permission: 'triage' }] },
  },
] satisfies ServiceInput[];
