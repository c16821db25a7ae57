import type { ServiceInput } from './schema';

/** The service catalogue: every service the platform builds and ships. */
export default [
  { name: 'orders-api', description: 'Order intake REST API on ECS Fargate', team: 'commerce' },
  { name: 'payments-fn', description: 'Payment webhooks on AWS Lambda', team: 'payments' },
  { name: 'catalog-web', description: 'Catalogue web front end on EC2 behind an ALB', team: 'storefront' },
] satisfies ServiceInput[];
