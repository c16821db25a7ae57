import type { ServiceInput } from './schema';

/** The service catalogue: every service the platform builds and ships. */
export default [
  {
    name: 'orders-api',
    description: 'Order intake REST API on ECS Fargate',
    team: 'commerce',
    // ships a container image: the build project runs Docker (privileged mode, a recorded suppression)
    build: { ecosystem: 'npm', docker: true, cache: 'local' },
  },
  {
    name: 'payments-fn',
    description: 'Payment webhooks on AWS Lambda',
    team: 'payments',
    build: {
      ecosystem: 'pypi',
      cache: 's3',
      batch: { shards: 4, purposes: ['unit-test'] },
      secrets: { PAYMENT_SANDBOX_API_KEY: 'payments-fn/sandbox-api-key' },
      reports: { junit: ['reports/junit.xml'], coverage: 'reports/coverage.xml', coverageFormat: 'COBERTURAXML' },
    },
  },
  {
    name: 'catalog-web',
    description: 'Catalogue web front end on EC2 behind an ALB',
    team: 'storefront',
    build: {
      ecosystem: 'maven',
      cache: 's3',
      reports: {
        junit: ['target/surefire-reports/*.xml', 'target/failsafe-reports/*.xml'],
        coverage: 'target/site/jacoco/jacoco.xml',
        coverageFormat: 'JACOCOXML',
        export: 'none',
      },
      // integration tests and smoke tests reach the private ALB: builds run inside the VPC there
      vpc: {
        staging: {
          vpcId: 'vpc-0a1b2c3d4e5f60718',
          subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d5e6f70819'],
          securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
        },
        prod: {
          vpcId: 'vpc-1b2c3d4e5f6071829',
          subnetIds: ['subnet-2b3c4d5e6f7081920', 'subnet-3c4d5e6f708192a3b'],
          securityGroupIds: ['sg-1b2c3d4e5f6071829'],
        },
      },
    },
  },
] satisfies ServiceInput[];
