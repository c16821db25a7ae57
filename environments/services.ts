import type { ServiceInput } from './schema';

/**
 * The service catalogue: every service the platform builds and ships. Together the pipelines exercise
 * the four patterns (basic, gated, infra-app, promotion) and every deploy target.
 */
export default [
  {
    name: 'orders-api',
    description: 'Order intake REST API on ECS Fargate',
    team: 'commerce',
    pipeline: {
      pattern: 'promotion',
      source: {
        type: 'connection',
        provider: 'github',
        branch: 'main',
        includePaths: ['src/**', 'Dockerfile', 'deploy/**'],
        excludePaths: ['docs/**'],
      },
      tests: [{ name: 'unit-test' }, { name: 'contract-test' }, { name: 'integration-test', dependsOn: ['unit-test', 'contract-test'] }],
      deploy: { type: 'codedeploy-ecs' },
    },
  },
  {
    name: 'payments-fn',
    description: 'Payment webhooks on AWS Lambda',
    team: 'payments',
    github: { requiredApprovingReviewCount: 3, topics: ['pci'], teams: [{ team: 'security', permission: 'pull' }] },
    pipeline: {
      pattern: 'promotion',
      source: { type: 'connection', provider: 'github', includePaths: ['functions/**', 'appspec.yaml'] },
      tests: [{ name: 'unit-test' }, { name: 'lint' }],
      deploy: { type: 'codedeploy-lambda' },
    },
  },
  {
    name: 'catalog-web',
    description: 'Catalogue web front end on EC2 behind an ALB',
    team: 'storefront',
    repository: 'catalog-web-frontend',
    github: { visibility: 'internal', teams: [{ team: 'commerce', permission: 'triage' }] },
    pipeline: {
      pattern: 'promotion',
      deploy: { type: 'codedeploy-ec2' },
    },
  },
  {
    name: 'search-eks',
    description: 'Product search on EKS',
    team: 'storefront',
    repository: 'search',
    pipeline: {
      pattern: 'promotion',
      source: { type: 'connection', provider: 'gitlab', repository: 'acme-storefront/search', branch: 'release' },
      deploy: { type: 'eks', namespace: 'search', manifestFiles: ['k8s/base/', 'k8s/overlays/'] },
    },
  },
  {
    name: 'network-infra',
    description: 'Shared VPC and networking, Terraform through CodeBuild',
    team: 'platform-team',
    pipeline: {
      pattern: 'promotion',
      source: { type: 'connection', provider: 'bitbucket', repository: 'acme/network-infra', includePaths: ['terraform/**'] },
      tests: [{ name: 'tf-validate' }],
      deploy: { type: 'infrastructure', tool: 'terraform' },
    },
  },
  {
    name: 'static-site',
    description: 'Marketing site: static files to S3',
    team: 'storefront',
    pipeline: {
      pattern: 'basic',
      source: { type: 'connection', provider: 'github', includePaths: ['site/**'] },
      deploy: { type: 's3', cacheControl: 'max-age=300' },
    },
  },
  {
    name: 'inventory-svc',
    description: 'Inventory service on ECS with its own infrastructure (CDKTF) applied first',
    team: 'commerce',
    pipeline: {
      pattern: 'infra-app',
      infrastructure: { tool: 'cdktf' },
      tests: [{ name: 'unit-test' }, { name: 'component-test' }],
      deploy: { type: 'ecs', service: 'inventory' },
    },
  },
  {
    name: 'reporting-cfn',
    description: 'Reporting jobs defined in CloudFormation, from CodeCommit',
    team: 'commerce',
    pipeline: {
      pattern: 'gated',
      source: { type: 'codecommit', repository: 'reporting', branch: 'main' },
      deploy: { type: 'cloudformation', executionRoleName: 'acme-test-reporting-cfn-exec', capabilities: ['CAPABILITY_NAMED_IAM'] },
      environments: ['test'],
    },
  },
  {
    name: 'legacy-portal',
    description: 'Partner portal on Elastic Beanstalk, released from vendor uploads',
    team: 'storefront',
    pipeline: {
      pattern: 'gated',
      source: { type: 's3', objectKey: 'uploads/legacy-portal/release.zip' },
      tests: [{ name: 'regression-test' }],
      deploy: { type: 'elastic-beanstalk', application: 'legacy-portal', environment: 'legacy-portal-staging' },
      environments: ['staging'],
      reviewUrl: 'https://wiki.example.com/partners/legacy-portal/releases',
    },
  },
] satisfies ServiceInput[];
