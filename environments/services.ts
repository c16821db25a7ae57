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
    // ships a container image: the build project runs Docker (privileged mode, a recorded suppression)
    build: { ecosystem: 'npm', docker: true, cache: 'local', secrets: { NPM_TOKEN: 'npm-token' } },
    // its typed API client goes to npm-internal from v* tags, as the CodeArtifact release role
    packages: { publish: true },
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
    deploy: {
      target: 'ecs',
      clusterName: 'commerce',
      serviceName: 'orders-api',
      targetGroupNames: ['orders-api-blue', 'orders-api-green'],
      taskRoleNames: ['acme-orders-api-task', 'acme-orders-api-task-execution'],
      listeners: {
        dev: {
          production: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/commerce/0a1b2c3d4e5f6071/1a2b3c4d5e6f7081',
          test: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/commerce/0a1b2c3d4e5f6071/2a2b3c4d5e6f7082',
        },
        test: {
          production: 'arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/commerce/1a1b2c3d4e5f6072/1b2b3c4d5e6f7083',
          test: 'arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/commerce/1a1b2c3d4e5f6072/2b2b3c4d5e6f7084',
        },
        staging: {
          production: 'arn:aws:elasticloadbalancing:eu-west-1:444444444444:listener/app/commerce/2a1b2c3d4e5f6073/1c2b3c4d5e6f7085',
          test: 'arn:aws:elasticloadbalancing:eu-west-1:444444444444:listener/app/commerce/2a1b2c3d4e5f6073/2c2b3c4d5e6f7086',
        },
        prod: {
          production: 'arn:aws:elasticloadbalancing:eu-west-1:555555555555:listener/app/commerce/3a1b2c3d4e5f6074/1d2b3c4d5e6f7087',
          test: 'arn:aws:elasticloadbalancing:eu-west-1:555555555555:listener/app/commerce/3a1b2c3d4e5f6074/2d2b3c4d5e6f7088',
        },
      },
      // all at once in dev; blue/green in test; 10% then the rest after 5 minutes in staging, 15 in prod
      strategy: {
        default: { type: 'all-at-once' },
        environments: {
          test: { type: 'blue-green', terminationWaitMinutes: 5 },
          staging: { type: 'canary', percent: 10, intervalMinutes: 5, terminationWaitMinutes: 30 },
          prod: { type: 'canary', percent: 10, intervalMinutes: 15, terminationWaitMinutes: 120 },
        },
      },
      alarms: { metrics: ['errorRate', 'http5xx', 'latency'] },
    },
    pipeline: {
      pattern: 'promotion',
      source: {
        type: 'connection',
        provider: 'github',
        branch: 'main',
        includePaths: ['src/**', 'Dockerfile', 'deploy/**'],
        excludePaths: ['docs/**'],
      },
      tests: [{ name: 'unit-test' }, { name: 'integration-test', dependsOn: ['unit-test'] }],
      deploy: { type: 'codedeploy-ecs' },
    },
  },
  {
    name: 'payments-fn',
    description: 'Payment webhooks on AWS Lambda',
    team: 'payments',
    build: {
      ecosystem: 'pypi',
      cache: 's3',
      batch: { shards: 4, purposes: ['unit-test'] },
      secrets: { PAYMENT_SANDBOX_API_KEY: 'sandbox-api-key' },
      reports: { junit: ['reports/junit.xml'], coverage: 'reports/coverage.xml', coverageFormat: 'COBERTURAXML' },
    },
    // its webhook-verification library goes to pypi-internal from v* tags
    packages: { publish: true },
    secrets: [
      {
        name: 'sandbox-api-key',
        purpose: 'API key of the payment provider sandbox, used by the unit tests',
        readers: { builds: ['unit-test'] },
        rotation: { exempt: 'issued by the payment provider sandbox, which has no key rotation API; renewed by hand quarterly' },
      },
      {
        name: 'stripe-webhook-key',
        purpose: 'Signing secret Stripe uses for webhook calls to this function',
        readers: { roles: ['acme-payments-fn-runtime'] },
        rotation: { exempt: 'issued by Stripe; it is rolled in the Stripe dashboard, which has no API Secrets Manager can call' },
      },
    ],
    github: { requiredApprovingReviewCount: 3, topics: ['pci'], teams: [{ team: 'security', permission: 'pull' }] },
    deploy: {
      target: 'lambda',
      functionName: 'payments-webhook',
      alias: 'live',
      // all at once in dev and test; 10% a minute in staging; 20% every 5 minutes in prod (a custom config)
      strategy: {
        default: { type: 'all-at-once' },
        environments: {
          staging: { type: 'linear', percent: 10, intervalMinutes: 1 },
          prod: { type: 'linear', percent: 20, intervalMinutes: 5 },
        },
      },
      alarms: {
        metrics: ['errorRate', 'latency'],
        custom: [
          {
            name: 'declined-spike',
            namespace: 'Acme/Payments',
            metricName: 'DeclinedPayments',
            dimensions: { Service: 'payments-fn' },
            statistic: 'Sum',
            threshold: 50,
          },
        ],
      },
    },
    pipeline: {
      pattern: 'promotion',
      source: { type: 'connection', provider: 'github', includePaths: ['functions/**', 'appspec.yaml'] },
      tests: [{ name: 'unit-test' }, { name: 'integration-test' }],
      deploy: { type: 'codedeploy-lambda' },
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
    repository: 'catalog-web-frontend',
    github: { visibility: 'internal', teams: [{ team: 'commerce', permission: 'triage' }] },
    deploy: {
      target: 'ec2',
      autoScalingGroupNames: ['catalog-web'],
      targetGroupNames: ['catalog-web'],
      loadBalancerArns: {
        dev: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/storefront/4a1b2c3d4e5f6075',
        test: 'arn:aws:elasticloadbalancing:eu-west-1:333333333333:loadbalancer/app/storefront/5a1b2c3d4e5f6076',
        staging: 'arn:aws:elasticloadbalancing:eu-west-1:444444444444:loadbalancer/app/storefront/6a1b2c3d4e5f6077',
        prod: 'arn:aws:elasticloadbalancing:eu-west-1:555555555555:loadbalancer/app/storefront/7a1b2c3d4e5f6078',
      },
      // in place all at once in dev; half at a time in test; 75% kept healthy in staging; blue/green in prod
      strategy: {
        default: { type: 'all-at-once' },
        environments: {
          test: { type: 'rolling' },
          staging: { type: 'rolling', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 75 } },
          prod: { type: 'blue-green', terminationWaitMinutes: 60 },
        },
      },
      alarms: { metrics: ['errorRate', 'http5xx', 'latency'] },
    },
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
    // no private packages: builds read the public registry, so no CodeArtifact read grant
    build: { ecosystem: 'npm', codeArtifact: false },
    pipeline: {
      pattern: 'promotion',
      source: { type: 'connection', provider: 'gitlab', repository: 'acme-storefront/search', branch: 'release' },
      deploy: {
        type: 'eks',
        namespace: 'search',
        manifestFiles: ['k8s/base/', 'k8s/overlays/'],
        nodeRoleNames: { test: 'acme-test-node', staging: 'acme-staging-node', prod: 'acme-prod-node' },
      },
    },
  },
  {
    name: 'network-infra',
    description: 'Shared VPC and networking, Terraform through CodeBuild',
    team: 'platform-team',
    // no private packages: builds read the public registry, so no CodeArtifact read grant. The build packages
    // the configuration (with its lock file) into the artifact every environment plans and applies.
    build: { ecosystem: 'npm', codeArtifact: false, commands: { build: ['mkdir -p dist', 'cp -R terraform dist/terraform'] } },
    pipeline: {
      pattern: 'promotion',
      source: { type: 'connection', provider: 'bitbucket', repository: 'acme/network-infra', includePaths: ['terraform/**'] },
      tests: [{ name: 'unit-test' }],
      // planned as a read-only role, applied as a role scoped to networking, in each environment's account
      deploy: {
        type: 'infrastructure',
        tool: 'terraform',
        directory: 'dist/terraform',
        terraformVersion: '1.11.4',
        planRoleName: 'network-infra-terraform-plan',
        applyRoleName: 'network-infra-terraform-apply',
      },
    },
  },
  {
    name: 'static-site',
    description: 'Marketing site: static files to S3',
    team: 'storefront',
    // no private packages: builds read the public registry, so no CodeArtifact read grant
    build: { ecosystem: 'npm', codeArtifact: false },
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
    // no private packages: builds read the public registry, so no CodeArtifact read grant
    build: { ecosystem: 'npm', codeArtifact: false },
    pipeline: {
      pattern: 'infra-app',
      // its own CDKTF app in infra/, stack "inventory"; plan and apply assume the environment's deploy role
      infrastructure: { tool: 'cdktf', directory: 'infra', cdktfVersion: '0.21.0', stack: 'inventory' },
      tests: [{ name: 'unit-test' }, { name: 'integration-test' }],
      deploy: { type: 'ecs', service: 'inventory' },
    },
  },
  {
    name: 'reporting-cfn',
    description: 'Reporting jobs defined in CloudFormation, from CodeCommit',
    team: 'commerce',
    // no private packages: builds read the public registry, so no CodeArtifact read grant
    build: { ecosystem: 'npm', codeArtifact: false },
    pipeline: {
      pattern: 'gated',
      source: { type: 'codecommit', repository: 'reporting', branch: 'main' },
      deploy: { type: 'cloudformation', executionRoleName: 'acme-dev-reporting-cfn-exec', capabilities: ['CAPABILITY_NAMED_IAM'] },
    },
  },
  {
    name: 'legacy-portal',
    description: 'Partner portal on Elastic Beanstalk, released from vendor uploads',
    team: 'storefront',
    // no private packages: builds read the public registry, so no CodeArtifact read grant
    build: { ecosystem: 'npm', codeArtifact: false },
    pipeline: {
      pattern: 'gated',
      source: { type: 's3', objectKey: 'uploads/legacy-portal/release.zip' },
      tests: [{ name: 'integration-test' }],
      deploy: { type: 'elastic-beanstalk', application: 'legacy-portal', environment: 'legacy-portal-dev' },
      reviewUrl: 'https://wiki.example.com/partners/legacy-portal/releases',
    },
  },
] satisfies ServiceInput[];
