import type { ServiceInput } from './schema';

/** The service catalogue: every service the platform builds and ships. */
export default [
  {
    name: 'orders-api',
    description: 'Order intake REST API on ECS Fargate',
    team: 'commerce',
    secrets: [
      {
        name: 'db-credentials',
        purpose: 'PostgreSQL credentials of the orders database (integration tests and the running task)',
        readers: { builds: ['unit-test'], roles: ['acme-orders-api-task-execution'] },
        rotation: { functionName: 'acme-secrets-rotation-postgres', executionRole: 'acme-secrets-rotation', days: 30 },
      },
      {
        name: 'npm-token',
        purpose: 'Read-only token of the private npm registry, used by the build',
        readers: { builds: ['build'] },
        rotation: { exempt: 'third-party token issued by npmjs.com, which offers no rotation API; renewed by hand yearly' },
      },
    ],
  },
  {
    name: 'payments-fn',
    description: 'Payment webhooks on AWS Lambda',
    team: 'payments',
    secrets: [
      {
        name: 'stripe-webhook-key',
        purpose: 'Signing secret Stripe uses for webhook calls to this function',
        readers: { roles: ['acme-payments-fn-runtime'] },
        rotation: { exempt: 'issued by Stripe; it is rolled in the Stripe dashboard, which has no API Secrets Manager can call' },
      },
    ],
  },
  { name: 'catalog-web', description: 'Catalogue web front end on EC2 behind an ALB', team: 'storefront' },
] satisfies ServiceInput[];
