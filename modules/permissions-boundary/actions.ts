/**
 * What a role of this platform may ever do: the ceiling its permissions boundary sets. Each role's own
 * policy grants a subset of this, on named resources. Actions are named one by one (no wildcards): the
 * boundary is reviewed like any policy, and a test checks that every action any role's policy allows is
 * listed here. A capability that needs a new action adds it here (or in config:
 * `organisation.permissionsBoundary.additionalActions`). The managed policy must stay under IAM's 6,144
 * character limit, so list only what a role really calls.
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
    'BatchGetBuildBatches',
    'BatchGetBuilds',
    'BatchPutCodeCoverages',
    'BatchPutTestCases',
    'CreateReport',
    'CreateReportGroup',
    'RetryBuild',
    'RetryBuildBatch',
    'StartBuild',
    'StartBuildBatch',
    'StopBuild',
    'StopBuildBatch',
    'UpdateReport',
  ],
  codeartifact: ['GetAuthorizationToken', 'GetRepositoryEndpoint', 'PublishPackageVersion', 'PutPackageMetadata', 'ReadFromRepository'],
  sts: ['AssumeRole', 'GetServiceBearerToken', 'TagSession'],
  secretsmanager: ['DescribeSecret', 'GetRandomPassword', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage'],
  ssm: ['GetParameter', 'GetParameters'],
  ecr: [
    'BatchCheckLayerAvailability',
    'BatchGetImage',
    'CompleteLayerUpload',
    'DescribeImageScanFindings',
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
  lambda: ['GetAlias', 'GetFunction', 'GetProvisionedConcurrencyConfig', 'InvokeFunction', 'UpdateAlias'],
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

/** Where the boundary can name the resources of a service: the platform's own names (see NAMED_BOUNDARY_RESOURCES). */
export interface BoundaryResourceScope {
  readonly partition: string;
  readonly accountId: string;
  readonly prefix: string;
}

/**
 * Services whose every resource a role of the platform touches carries the platform's name, where the boundary
 * names them instead of `*`: objects and buckets `<prefix>-*` (and Elastic Beanstalk's own bucket of the
 * account), secrets `<prefix>/*`: the data and the credentials. (`*` in an ARN spans `/`: a bucket pattern covers
 * its objects.) Other services stay on `*`: the managed policy's 6,144 characters leave no room to name them.
 */
export const NAMED_BOUNDARY_RESOURCES: Readonly<Record<string, (scope: BoundaryResourceScope) => readonly string[]>> = {
  s3: ({ partition: p, accountId: a, prefix }) => [`arn:${p}:s3:::${prefix}-*`, `arn:${p}:s3:::elasticbeanstalk-*-${a}*`],
  secretsmanager: ({ partition: p, accountId: a, prefix }) => [`arn:${p}:secretsmanager:*:${a}:secret:${prefix}/*`],
};

/** Actions of those services that take no resource: they stay on `*`. */
export const BOUNDARY_UNSCOPED_ACTIONS: readonly string[] = ['secretsmanager:GetRandomPassword'];
