/**
 * The physical names and ARNs of every resource the platform creates, in one module. The stack that creates
 * a resource and every stack, policy or workflow that refers to it call the same function, so a rename
 * changes both at once, and cross-account ARNs are computed from config alone. Names are derived from stable
 * inputs (the organisation prefix, the environment, the service), so two synths of one config are identical.
 */
import {
  iamPolicyArn,
  iamRoleArn,
  kmsAliasArn,
  physicalName,
  type BuildPurpose,
  type CodeArtifactLocation,
  type InfrastructurePurpose,
} from '../modules/core';
import type { Organisation, ServiceConfig } from '../environments/schema';

// ---- stacks -------------------------------------------------------------------------------------------

/** The org-wide stack: GitHub, CodeArtifact, the source connection. */
export const PLATFORM_STACK = 'platform';

/** The state backend's stack (an administrator applies it first, on local state). */
export const BOOTSTRAP_STACK = 'bootstrap';

/** The stack that gives the management account its access (an administrator applies it, like `bootstrap`). */
export const MANAGEMENT_ACCESS_STACK = 'management-access';

/** The name of an environment's access stack (an administrator applies it, like `bootstrap`). */
export function accessStackName(environment: string): string {
  return `${environment}-access`;
}

/** Whether no workflow applies `stack`: `bootstrap`, `management-access` and the access stacks, which an administrator applies. */
export function isAdministratorStack(stack: string): boolean {
  return stack === BOOTSTRAP_STACK || stack === MANAGEMENT_ACCESS_STACK || stack.endsWith(accessStackName(''));
}

/** The name of the stack a group of `environment` is split out into. */
export function groupStackName(environment: string, group: string): string {
  return `${environment}-${group}`;
}

// ---- the platform repository's GitHub environments -----------------------------------------------------

/** The platform repository's GitHub environment that deploy.yml's `platform` apply job runs in (reviewers, default branch only). */
export const PLATFORM_ENVIRONMENT = 'platform';

/**
 * The platform repository's GitHub environment the plans of one plan role run in (pull request, drift, and
 * deploy.yml's plan jobs): `plan-<scope>`, where the scope is a read-only state scope (model/state-access.ts
 * `stateReadScopes`: `management` for the management account's plan role, or an environment's name for its
 * account's). It holds the read-only GitHub App's key (`PLAN_APP_PRIVATE_KEY`), so no plan reads a secret outside
 * an environment, and its OIDC subject is the only one that scope's plan role trusts. Production's and the
 * management account's require reviewers (model/plan-environments.ts); a pull request plans from its own branch.
 */
export function planEnvironmentName(scope: string): string {
  return `plan-${scope}`;
}

/**
 * The second plan environment of a reviewed scope (production's, the management account's; model/plan-environments.ts):
 * `plan-<scope>-main`, without reviewers but open to the default branch alone, which deploy.yml's and drift.yml's
 * plans of that scope run in. An environment's name has no `-`, so it never equals another scope's `plan-<scope>`.
 */
export function planMainEnvironmentName(scope: string): string {
  return `${planEnvironmentName(scope)}-main`;
}

// ---- one environment's shared resources --------------------------------------------------------------

/** The artifact store bucket of an environment, e.g. `acme-dev-artifacts-222222222222`. */
export function artifactStoreBucketName(prefix: string, env: string, accountId: string): string {
  return physicalName([prefix, env, 'artifacts', accountId]);
}

/** Alias name (without `alias/`) of an environment's CI/CD key, e.g. `acme-dev-cicd`. */
export function environmentKeyAliasName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'cicd']);
}

/** ARN of the alias of an environment's CI/CD key, known before the key exists. */
export function environmentKeyAliasArn(partition: string, prefix: string, env: string, account: { id: string; region: string }): string {
  return kmsAliasArn({ partition, region: account.region, accountId: account.id }, environmentKeyAliasName(prefix, env));
}

/** The SNS topic of an environment's pipeline notifications. */
export function notificationTopicName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'cicd-notifications']);
}

/** Connection names per Git host: `<prefix>-<env>-<host>`. */
export function connectionName(prefix: string, env: string, provider: string): string {
  return physicalName([prefix, env, provider], 32);
}

/** Name of an environment's audit trail, e.g. `acme-dev-audit`. */
export function auditTrailName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'audit']);
}

/** The bucket an environment's audit trail writes to. */
export function auditBucketName(prefix: string, env: string, accountId: string): string {
  return physicalName([prefix, env, 'audit', accountId]);
}

/**
 * What the management account's audit resources are named after where an environment's carry the environment
 * (`acme-management-audit`, `/acme/management/cloudtrail`, ...). No environment may be named so: its access stack
 * would be `management-access` (model/management-access.ts).
 */
export const MANAGEMENT_AUDIT_SCOPE = 'management';

/** Alias name (without `alias/`) of the key of the management account's audit trail, e.g. `acme-management-audit`. */
export function managementAuditKeyAliasName(prefix: string): string {
  return physicalName([prefix, MANAGEMENT_AUDIT_SCOPE, 'audit']);
}

/** The role CloudTrail delivers the audit trail to CloudWatch Logs with. */
export function auditLogsRoleName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'cloudtrail-logs'], 64);
}

/** Root of every log group name of the platform: `/<prefix>`. */
export function logGroupRoot(prefix: string): string {
  return `/${prefix}`;
}

/** Prefix of an environment's log group names: `/<prefix>/<env>`. */
export function logGroupPrefix(prefix: string, env: string): string {
  return `${logGroupRoot(prefix)}/${env}`;
}

/** The log group of an environment's pipeline execution events, e.g. `/acme/dev/codepipeline/executions`. */
export function pipelineExecutionLogGroupName(prefix: string, env: string): string {
  return `${logGroupPrefix(prefix, env)}/codepipeline/executions`;
}

/** The log group an audit trail (an environment's, or the management account's) delivers to, e.g. `/acme/dev/cloudtrail`. */
export function auditLogGroupName(prefix: string, env: string): string {
  return `${logGroupPrefix(prefix, env)}/cloudtrail`;
}

/** Prefix of the names of environment-wide resources that have no name of their own (monitoring rules, alarms). */
export function environmentNamePrefix(prefix: string, env: string): string {
  return physicalName([prefix, env]);
}

/** The EventBridge rule that routes GuardDuty findings to the notification topic. */
export function guardDutyFindingsRuleName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'guardduty-findings'], 64);
}

/** The IAM Access Analyzer of an environment's account. */
export function accessAnalyzerName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'access-analyzer']);
}

/**
 * The role that approves the manual approvals of an environment's pipelines (`approval.approverRoleArns` assume
 * it), e.g. `acme-prod-approver`. The environment's access stack creates it.
 */
export function approverRoleName(prefix: string, env: string): string {
  return physicalName([prefix, env, 'approver'], 64);
}

/** Name of the permissions boundary policy every role of the platform carries (one per account). */
export function permissionsBoundaryName(prefix: string): string {
  return physicalName([prefix, 'cicd', 'permissions-boundary'], 128);
}

/** ARN of the permissions boundary policy of `accountId`, known before the policy exists. */
export function permissionsBoundaryArn(partition: string, accountId: string, prefix: string): string {
  return iamPolicyArn(partition, accountId, permissionsBoundaryName(prefix));
}

/**
 * Name of the boundary of the Terraform roles (one per account): what caps the role that creates the platform's
 * roles, so that it can never change, delete or detach a boundary, nor create a role without the platform's.
 */
export function terraformBoundaryName(prefix: string): string {
  return physicalName([prefix, 'cicd', 'terraform-boundary'], 128);
}

// ---- one service in one environment ------------------------------------------------------------------

/** Short forms keep role names within IAM's 64 characters for the longest prefix, environment and service. */
const PURPOSE_SHORT: Readonly<Record<BuildPurpose, string>> = {
  build: 'build',
  'unit-test': 'unit',
  'integration-test': 'integ',
  'security-scan': 'scan',
  validate: 'validate',
};

/** CodeBuild project of a service for `purpose` (a build purpose, an infrastructure one, or a test's name), e.g. `acme-dev-orders-api-build`. */
export function codebuildProjectName(prefix: string, env: string, service: string, purpose: string): string {
  return physicalName([prefix, env, service, purpose], 150);
}

/** Log group of a CodeBuild project. */
export function codebuildLogGroupName(prefix: string, env: string, projectName: string): string {
  return `${logGroupPrefix(prefix, env)}/codebuild/${projectName}`;
}

/** Key prefix of a CodeBuild project's own artifacts in the artifact store. */
export function codebuildArtifactPrefix(projectName: string): string {
  return `codebuild/${projectName}`;
}

/** Name of the IAM role of a service's build project, e.g. `acme-dev-orders-api-unit-cb` (at most 64 characters). */
export function buildRoleName(prefix: string, env: string, service: string, purpose: BuildPurpose): string {
  return physicalName([prefix, env, service, PURPOSE_SHORT[purpose], 'cb'], 64);
}

/**
 * An `ArnLike` pattern of the role names `buildRoleName` gives one purpose in one environment, for every
 * service: `<prefix>-<env>-*-<purpose>-cb`. Used where listing each role would outgrow a policy's size limit.
 */
export function buildRoleNamePattern(prefix: string, env: string, purpose: BuildPurpose): string {
  return `${physicalName([prefix, env])}-*-${PURPOSE_SHORT[purpose]}-cb`;
}

/** IAM role of a service's image release tagger (its `release-` tag on promotion), e.g. `acme-dev-orders-api-release-cb`. */
export function imageReleaseRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'release', 'cb'], 64);
}

/** IAM role of a service's Lambda release step (new code, a version, the appspec), e.g. `acme-dev-orders-api-lambda-cb`. */
export function lambdaReleaseRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'lambda', 'cb'], 64);
}

/** IAM role of a service's infrastructure plan or apply project, e.g. `acme-dev-inventory-svc-iac-plan-cb`. */
export function infrastructureRoleName(prefix: string, env: string, service: string, purpose: InfrastructurePurpose): string {
  return physicalName([prefix, env, service, purpose, 'cb'], 64);
}

/** The repository of a service (GitHub, CodeCommit): its own `repository`, or its name. */
export function repositoryOf(service: Pick<ServiceConfig, 'name' | 'repository'>): string {
  return service.repository ?? service.name;
}

/** `owner/name` of a service's repository on GitHub, e.g. `acme/orders-api`. */
export function githubRepositoryPath(
  organisation: Pick<Organisation, 'github'>,
  service: Pick<ServiceConfig, 'name' | 'repository'>,
): string {
  return `${organisation.github.owner}/${repositoryOf(service)}`;
}

/**
 * The role a service's own Terraform runs as for `purpose` in an environment (the environment stack creates it,
 * with the boundary), e.g. `acme-dev-inventory-svc-iac-plan-tf`.
 */
export function serviceInfrastructureRoleName(prefix: string, env: string, service: string, purpose: InfrastructurePurpose): string {
  return physicalName([prefix, env, service, purpose, 'tf'], 64);
}

/** How the names of a service's own resources start, which its infrastructure roles are scoped to: `<prefix>-<service>-`. */
export function serviceResourcePrefix(prefix: string, service: string): string {
  return `${physicalName([prefix, service])}-`;
}

/** The state key of a service's own infrastructure in an environment (in the platform's state bucket). */
export function serviceStateKey(env: string, service: string): string {
  return `services/${env}/${service}/terraform.tfstate`;
}

/** CodePipeline pipeline of a service in an environment, e.g. `acme-dev-orders-api`. */
export function pipelineName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service], 100);
}

/**
 * Key prefix under which CodePipeline keeps a pipeline's artifacts in the artifact store: the first 20
 * characters of the pipeline name. The CodeBuild projects a pipeline runs read and write there.
 */
export function pipelineArtifactPrefix(prefix: string, env: string, service: string): string {
  return pipelineName(prefix, env, service).slice(0, 20);
}

/** IAM role a service's pipeline runs as, e.g. `acme-dev-orders-api-pipeline`. */
export function pipelineRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'pipeline'], 64);
}

/** ECS task role of a service (passed by ECS and CodeDeploy-to-ECS deployments), e.g. `acme-dev-orders-api-task`. */
export function ecsTaskRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'task'], 64);
}

/** ECS task execution role of a service, e.g. `acme-dev-orders-api-task-exec`. */
export function ecsTaskExecutionRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'task-exec'], 64);
}

/** ECR repository of a container service's image, e.g. `acme-orders-api` (one per service, in the first environment of its pipeline). */
export function ecrRepositoryName(prefix: string, service: string): string {
  return physicalName([prefix, service], 256);
}

/**
 * The roles that pull a container service's image when it is deployed in `env` (the principals the service's ECR
 * repository lets pull): the service's ECS task execution role for `ecs` and `codedeploy-ecs`; for `eks`, the node
 * role of the environment's cluster that `deploy.nodeRoleNames` names (throws, naming the field, when it does not).
 */
export function imagePullRoleNames(
  prefix: string,
  env: string,
  service: string,
  deploy: { readonly type: string; readonly cluster?: string; readonly nodeRoleNames?: Readonly<Record<string, string>> },
): string[] {
  switch (deploy.type) {
    case 'ecs':
    case 'codedeploy-ecs':
      return [ecsTaskExecutionRoleName(prefix, env, service)];
    case 'eks': {
      const role = deploy.nodeRoleNames?.[env];
      if (role === undefined) throw new Error(missingNodeRoleMessage(prefix, env, service, deploy));
      return [role];
    }
    default:
      return [];
  }
}

/** What an `eks` deploy without `nodeRoleNames.<env>` is told (the load reports it, model/deploy-checks.ts). */
export function missingNodeRoleMessage(prefix: string, env: string, service: string, deploy: { readonly cluster?: string }): string {
  const cluster = deploy.cluster ?? deployTargetDefaults.cluster(prefix, env);
  return (
    `environments/services.ts (service "${service}", environment "${env}"): pipeline.deploy.nodeRoleNames.${env}: is required: the name of the ` +
    `IAM role of the nodes of EKS cluster ${cluster} in ${env}, which pulls the image (the service's ECR repository lets exactly that role pull)`
  );
}

/** CodeDeploy application and deployment group of a service. */
export function codedeployName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service], 100);
}

/** The role CodeDeploy deploys a service as. */
export function codedeployRoleName(prefix: string, env: string, service: string): string {
  return physicalName([prefix, env, service, 'codedeploy'], 64);
}

/** Secrets Manager name of a service's secret in one environment: `<prefix>/<environment>/<service>/<secret>`. */
export function secretName(prefix: string, env: string, service: string, secret: string): string {
  return [prefix, env, service, secret].join('/');
}

/**
 * Object key in `env`'s artifact store where the previous environment hands over `service`'s artifact,
 * e.g. `promotion/orders-api/test/artifact.zip`. The later environment's pipeline sources from it.
 */
export function promotionObjectKey(service: string, env: string): string {
  return `promotion/${service}/${env}/artifact.zip`;
}

/** Default names of a service's deploy targets when its `pipeline.deploy` block gives none. */
export const deployTargetDefaults = {
  /** ECS and EKS cluster: `<prefix>-<env>`. */
  cluster: (prefix: string, env: string) => physicalName([prefix, env]),
  /** Elastic Beanstalk environment: `<service>-<env>`. */
  beanstalkEnvironment: (service: string, env: string) => physicalName([service, env], 40),
  /** CloudFormation stack: `<prefix>-<env>-<service>`. */
  cloudformationStack: (prefix: string, env: string, service: string) => physicalName([prefix, env, service], 128),
  /** S3 deploy bucket: `<prefix>-<env>-<service>-<account>`. */
  s3Bucket: (prefix: string, env: string, service: string, accountId: string) => physicalName([prefix, env, service, accountId]),
} as const;

// ---- organisation-wide ------------------------------------------------------------------------------

/** Name of the internal repository of `ecosystem` (what builds read and releases publish to). */
export function codeArtifactRepositoryName(ecosystem: string): string {
  return physicalName([ecosystem, 'internal'], 100);
}

/** Name of the proxy repository that caches `ecosystem`'s public registry. */
export function codeArtifactProxyName(ecosystem: string): string {
  return physicalName([ecosystem, 'upstream'], 100);
}

/** ARN of the role deploy.yml's `platform` job logs in to: `sourceControl.deployRoleName` in the management account. */
export function platformDeployRoleArn(organisation: Organisation): string {
  const { partition, management, sourceControl } = organisation;
  return iamRoleArn(partition, management.accountId, sourceControl.deployRoleName);
}

/** The CodeArtifact domain's name: configured, or `<prefix>-packages`. */
export function codeArtifactDomainName(organisation: Organisation): string {
  return organisation.codeArtifact.domain ?? `${organisation.prefix}-packages`;
}

/** Alias (without `alias/`) of the CodeArtifact domain's KMS key. */
export function codeArtifactKeyAlias(organisation: Organisation): string {
  return `${organisation.prefix}-codeartifact`;
}

/** Where the CodeArtifact domain lives: the management account, in its region. */
export function codeArtifactLocation(organisation: Organisation): CodeArtifactLocation {
  return {
    partition: organisation.partition,
    region: organisation.management.region,
    accountId: organisation.management.accountId,
    domain: codeArtifactDomainName(organisation),
  };
}

/** ARN of the alias of the state backend's key (the management account's), which every stack's backend names. */
export function stateKeyAliasArn(organisation: Organisation): string {
  const { partition, management, stateBackend } = organisation;
  return kmsAliasArn({ partition, region: management.region, accountId: management.accountId }, stateBackend.kmsKeyAlias);
}
