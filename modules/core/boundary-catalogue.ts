/**
 * What a role of this platform may ever do: the ceiling its permissions boundary sets (modules/permissions-boundary).
 * Each role's own policy grants a subset of this, on named resources. Actions are named one by one (no wildcards):
 * the boundary is reviewed like any policy, and a test checks that every action any role's policy allows is listed
 * here. A capability that needs a new action adds it here (or in config: `organisation.permissionsBoundary.additionalActions`).
 * The managed policy must stay under IAM's 6,144 characters, so list only what a role really calls (or what AWS's
 * AWSCodeDeployRole, attached to the CodeDeploy roles, calls).
 *
 * Where the boundary can name the resources of an action, it does (`<prefix>-*` names: ./boundary-document.ts,
 * BOUNDARY_RESOURCES); the actions it cannot scope stay on `*`, each listed in UNSCOPED_BOUNDARY_ACTIONS with why.
 */
export const BOUNDARY_SERVICE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // build, deploy and rotation logs
  logs: ['CreateLogGroup', 'CreateLogStream', 'PutLogEvents'],
  // artifact store and state bucket
  s3: [
    'DeleteObject',
    'GetBucketAcl',
    'GetBucketLocation',
    'GetBucketVersioning',
    'GetObject',
    'GetObjectVersion',
    'ListBucket',
    'PutObject',
  ],
  kms: ['Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey'],
  // state lock table
  dynamodb: ['DeleteItem', 'DescribeTable', 'GetItem', 'PutItem'],
  codebuild: [
    'BatchGetBuilds',
    'BatchPutCodeCoverages',
    'BatchPutTestCases',
    'CreateReport',
    'CreateReportGroup',
    'RetryBuild',
    'StartBuild',
    'StopBuild',
    'UpdateReport',
  ],
  codeartifact: ['GetAuthorizationToken', 'GetRepositoryEndpoint', 'PublishPackageVersion', 'PutPackageMetadata', 'ReadFromRepository'],
  sts: ['AssumeRole', 'GetServiceBearerToken', 'TagSession'],
  secretsmanager: ['DescribeSecret', 'GetRandomPassword', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage'],
  ecr: [
    'BatchCheckLayerAvailability',
    'BatchGetImage',
    'CompleteLayerUpload',
    // the image-release project reads the digest it tags
    'DescribeImages',
    'GetAuthorizationToken',
    'GetDownloadUrlForLayer',
    'InitiateLayerUpload',
    'PutImage',
    'UploadLayerPart',
  ],
  // pipelines use connections; CodeBuild clones GitHub and manages its webhook through one (GetConnection, GetConnectionToken)
  'codestar-connections': ['GetConnection', 'GetConnectionToken', 'UseConnection'],
  codeconnections: ['UseConnection'],
  codepipeline: ['GetPipelineExecution', 'GetPipelineState', 'PutJobFailureResult', 'PutJobSuccessResult', 'StartPipelineExecution'],
  codedeploy: [
    'CreateDeployment',
    'GetApplication',
    'GetApplicationRevision',
    'GetDeployment',
    'GetDeploymentConfig',
    'PutLifecycleEventHookExecutionStatus',
    'RegisterApplicationRevision',
  ],
  sns: ['Publish'],
  cloudwatch: ['DescribeAlarms', 'PutMetricData'],
  // CodeDeploy shifts the alias; the Lambda release step updates the code and publishes the version it shifts to
  lambda: [
    'GetAlias',
    'GetFunction',
    'GetProvisionedConcurrencyConfig',
    'InvokeFunction',
    'PublishVersion',
    'UpdateAlias',
    'UpdateFunctionCode',
  ],
  ecs: [
    'CreateTaskSet',
    'DeleteTaskSet',
    'DescribeServices',
    'DescribeTaskDefinition',
    'RegisterTaskDefinition',
    'UpdateService',
    'UpdateServicePrimaryTaskSet',
  ],
  // CodeDeploy blue/green and rolling deployments behind load balancers
  elasticloadbalancing: [
    'DeregisterInstancesFromLoadBalancer',
    'DeregisterTargets',
    'DescribeInstanceHealth',
    'DescribeListeners',
    'DescribeLoadBalancers',
    'DescribeRules',
    'DescribeTargetGroups',
    'DescribeTargetHealth',
    'ModifyListener',
    'ModifyRule',
    'RegisterInstancesWithLoadBalancer',
    'RegisterTargets',
  ],
  // CodeDeploy on EC2 Auto Scaling groups (AWSCodeDeployRole, without its wildcards)
  autoscaling: [
    'AttachLoadBalancerTargetGroups',
    'CompleteLifecycleAction',
    'CreateAutoScalingGroup',
    'CreateOrUpdateTags',
    'DeleteAutoScalingGroup',
    'DeleteLifecycleHook',
    'DescribeAutoScalingGroups',
    'DescribeLifecycleHooks',
    'DescribeNotificationConfigurations',
    'DescribePolicies',
    'DescribeScheduledActions',
    'DetachLoadBalancerTargetGroups',
    'EnableMetricsCollection',
    'PutLifecycleHook',
    'PutNotificationConfiguration',
    'PutScalingPolicy',
    'PutScheduledUpdateGroupAction',
    'RecordLifecycleActionHeartbeat',
    'ResumeProcesses',
    'SuspendProcesses',
    'TerminateInstanceInAutoScalingGroup',
    'UpdateAutoScalingGroup',
  ],
  // CodeDeploy on EC2, and CodeBuild in a VPC (network interfaces)
  ec2: [
    'CreateNetworkInterface',
    'CreateNetworkInterfacePermission',
    'CreateTags',
    'DeleteNetworkInterface',
    'DescribeDhcpOptions',
    'DescribeInstanceStatus',
    'DescribeInstances',
    'DescribeNetworkInterfaces',
    'DescribeSecurityGroups',
    'DescribeSubnets',
    'DescribeVpcs',
    'RunInstances',
    'TerminateInstances',
  ],
  tag: ['GetResources'],
  // pipeline deploy actions: CodeCommit sources, CloudFormation change sets, Elastic Beanstalk, EKS
  codecommit: ['CancelUploadArchive', 'GetBranch', 'GetCommit', 'GetUploadArchiveStatus', 'GitPull', 'UploadArchive'],
  cloudformation: ['CreateChangeSet', 'DeleteChangeSet', 'DescribeChangeSet', 'DescribeStacks', 'ExecuteChangeSet'],
  elasticbeanstalk: [
    'CreateApplicationVersion',
    'DescribeApplicationVersions',
    'DescribeEnvironments',
    'DescribeEvents',
    'UpdateEnvironment',
  ],
  eks: ['DescribeCluster'],
};

/** The catalogue as `service:Action` strings, sorted. */
export const BOUNDARY_ALLOWED_ACTIONS: readonly string[] = Object.entries(BOUNDARY_SERVICE_ACTIONS)
  .flatMap(([service, actions]) => actions.map((action) => `${service}:${action}`))
  .sort();

/**
 * Actions that would let a role escape least privilege: long-lived credentials, new users and groups,
 * and rewriting managed policies. Denied outright, whatever a role's own policy says.
 */
export const BOUNDARY_DENIED_ESCALATION_ACTIONS = [
  'iam:AddUserToGroup',
  'iam:AttachGroupPolicy',
  'iam:AttachUserPolicy',
  'iam:CreateAccessKey',
  'iam:CreateGroup',
  'iam:CreateLoginProfile',
  'iam:CreatePolicyVersion',
  'iam:CreateServiceSpecificCredential',
  'iam:CreateUser',
  'iam:PutGroupPolicy',
  'iam:PutUserPolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAccessKey',
  'iam:UpdateLoginProfile',
  'iam:UploadSSHPublicKey',
  'iam:UploadSigningCertificate',
] as const;

/**
 * The IAM writes the boundary denies on every resource, as patterns (a Deny may be wide: it only takes away). They
 * cover BOUNDARY_DENIED_ESCALATION_ACTIONS, deleting or detaching a boundary (`DeletePolicy`, `Delete*PermissionsBoundary`),
 * and creating or re-bounding a role (`CreateRole`, `Put*PermissionsBoundary`): no role of the platform writes IAM
 * (the Terraform roles, which do, carry a boundary of their own: modules/account-access/terraform-boundary.ts).
 * `iam:PassRole` is the one IAM action the boundary allows, on the platform's roles.
 */
export const BOUNDARY_DENIED_IAM_WRITES: readonly string[] = [
  'iam:Add*',
  'iam:Attach*',
  'iam:Create*',
  'iam:Delete*',
  'iam:Put*',
  'iam:Set*',
  'iam:Update*',
  'iam:Upload*',
];

/** Whether the action pattern `pattern` (`service:Name`, `*` and `?` wildcards, case-insensitive) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** Why an action of the catalogue stays on `*`: the only reasons there are. */
export const UNSCOPED_REASONS = {
  noResourceType: 'AWS defines no resource type for it (Service Authorization Reference): only "*" grants it',
  deployTarget:
    "it acts on a deploy target the service's config names (ECS service, load balancer, Auto Scaling group, instance, Lambda function, Beanstalk environment, CodeCommit repository, EKS cluster), which need not carry the prefix; the role's own policy names it",
  unnamedResource:
    "its resources have IDs, not names (KMS keys, connections): nothing to scope by name; the role's own policy names them by ARN",
  configuredRoles:
    "it targets roles the config names (the state roles, a team's own infrastructure roles), which need not carry the prefix; the role's own policy names them",
} as const;

export type UnscopedReason = keyof typeof UNSCOPED_REASONS;

const table = (reason: UnscopedReason, actions: readonly string[]) => actions.map((action) => [action, reason] as const);

/**
 * The actions of the catalogue the boundary allows on `*`, each named here with its reason (UNSCOPED_REASONS).
 * Every other action of the catalogue is allowed on the platform's names only (./boundary-document.ts); an action
 * added to the catalogue that cannot be scoped fails the synth until it is listed here, with its reason.
 */
export const UNSCOPED_BOUNDARY_ACTIONS: Readonly<Record<string, UnscopedReason>> = Object.fromEntries([
  ...table('noResourceType', [
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribeLifecycleHooks',
    'autoscaling:DescribeNotificationConfigurations',
    'autoscaling:DescribePolicies',
    'autoscaling:DescribeScheduledActions',
    'cloudwatch:PutMetricData',
    'codepipeline:PutJobFailureResult',
    'codepipeline:PutJobSuccessResult',
    'ec2:DescribeDhcpOptions',
    'ec2:DescribeInstanceStatus',
    'ec2:DescribeInstances',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSubnets',
    'ec2:DescribeVpcs',
    'ecr:GetAuthorizationToken',
    'ecs:DescribeTaskDefinition',
    'ecs:RegisterTaskDefinition',
    'elasticloadbalancing:DescribeInstanceHealth',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeRules',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
    'secretsmanager:GetRandomPassword',
    'sts:GetServiceBearerToken',
    'tag:GetResources',
  ]),
  ...table('deployTarget', [
    'autoscaling:AttachLoadBalancerTargetGroups',
    'autoscaling:CompleteLifecycleAction',
    'autoscaling:CreateAutoScalingGroup',
    'autoscaling:CreateOrUpdateTags',
    'autoscaling:DeleteAutoScalingGroup',
    'autoscaling:DeleteLifecycleHook',
    'autoscaling:DetachLoadBalancerTargetGroups',
    'autoscaling:EnableMetricsCollection',
    'autoscaling:PutLifecycleHook',
    'autoscaling:PutNotificationConfiguration',
    'autoscaling:PutScalingPolicy',
    'autoscaling:PutScheduledUpdateGroupAction',
    'autoscaling:RecordLifecycleActionHeartbeat',
    'autoscaling:ResumeProcesses',
    'autoscaling:SuspendProcesses',
    'autoscaling:TerminateInstanceInAutoScalingGroup',
    'autoscaling:UpdateAutoScalingGroup',
    'codecommit:CancelUploadArchive',
    'codecommit:GetBranch',
    'codecommit:GetCommit',
    'codecommit:GetUploadArchiveStatus',
    'codecommit:GitPull',
    'codecommit:UploadArchive',
    // CodeBuild in the VPC the config names: its subnets and security groups, and the interfaces it creates there
    'ec2:CreateNetworkInterface',
    'ec2:CreateNetworkInterfacePermission',
    'ec2:DeleteNetworkInterface',
    'ec2:CreateTags',
    'ec2:RunInstances',
    'ec2:TerminateInstances',
    'ecs:CreateTaskSet',
    'ecs:DeleteTaskSet',
    'ecs:DescribeServices',
    'ecs:UpdateService',
    'ecs:UpdateServicePrimaryTaskSet',
    'eks:DescribeCluster',
    'elasticbeanstalk:CreateApplicationVersion',
    'elasticbeanstalk:DescribeApplicationVersions',
    'elasticbeanstalk:DescribeEnvironments',
    'elasticbeanstalk:DescribeEvents',
    'elasticbeanstalk:UpdateEnvironment',
    'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
    'elasticloadbalancing:DeregisterTargets',
    'elasticloadbalancing:ModifyListener',
    'elasticloadbalancing:ModifyRule',
    'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
    'elasticloadbalancing:RegisterTargets',
    'lambda:GetAlias',
    'lambda:GetFunction',
    'lambda:GetProvisionedConcurrencyConfig',
    'lambda:InvokeFunction',
    'lambda:PublishVersion',
    'lambda:UpdateAlias',
    'lambda:UpdateFunctionCode',
  ]),
  ...table('unnamedResource', [
    'codeconnections:UseConnection',
    'codestar-connections:GetConnection',
    'codestar-connections:GetConnectionToken',
    'codestar-connections:UseConnection',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
  ]),
  ...table('configuredRoles', ['sts:AssumeRole', 'sts:TagSession']),
]);
