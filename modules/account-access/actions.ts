/**
 * What the environment stacks create, service by service: the read actions Terraform needs to refresh and
 * plan, the write actions it needs to apply, and the resources they are scoped to. The Terraform role gets
 * both; the plan role only `read`. No wildcard action anywhere; a `*` resource only where the API has no
 * resource to scope to (each says so in `why`).
 */

/** One group of actions on one set of resources. */
export interface ServiceAccess {
  /** Statement id (`PascalCase`). */
  readonly sid: string;
  /** Actions a plan needs (no side effect). */
  readonly read: readonly string[];
  /** Actions only an apply needs. */
  readonly write: readonly string[];
  readonly resources: readonly string[];
  /** Why the resources are what they are, when they are `*` or wider than the platform's names. */
  readonly why?: string;
  /**
   * Conditions on the Terraform role's statement (read and write); the plan role reads without them.
   * @default none
   */
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
  /**
   * The Terraform role's managed policy (`<role>-<managedPolicy>`) that carries the statement instead of its inline
   * policy: IAM allows 10,240 characters of inline policy per role, which the environment stacks' statements outgrow.
   * @default the inline policy
   */
  readonly managedPolicy?: string;
}

/** The managed policy of the Terraform role with the account's monitoring, audit and security baseline statements. */
export const BASELINE_POLICY = 'baseline';

/** Where the environment stacks' resources live and how they are named. */
export interface AccountScope {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Prefix of every physical name of the platform (`organisation.prefix`). */
  readonly prefix: string;
  /**
   * The `stack` default tags of the stacks the role applies (the environment's stacks): it creates KMS keys only
   * with one of them and changes only keys that carry one. @default none (serviceAccess refuses to build without)
   */
  readonly stackTags?: readonly string[];
}

/**
 * KMS for the environment stacks, as the management role has it (management-actions.ts): keys are created only
 * with the `stack` tag of one of the role's stacks, changed only when they carry one (a key of another stack or
 * of an administrator is out of reach), tagged on creation only while untagged; aliases by the platform prefix.
 */
function kmsAccess(scope: AccountScope): ServiceAccess[] {
  const { partition: p, accountId: a, region: r, prefix } = scope;
  const stackTags = [...(scope.stackTags ?? [])].sort();
  if (stackTags.length === 0) throw new Error('serviceAccess: stackTags must name the stacks whose KMS keys the role manages');
  const keys = `arn:${p}:kms:${r}:${a}:key/*`;
  return [
    {
      sid: 'KmsKeys',
      read: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
      write: [
        'kms:CreateAlias',
        'kms:DeleteAlias',
        'kms:EnableKeyRotation',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      resources: [keys],
      condition: [{ test: 'StringEquals', variable: 'aws:ResourceTag/stack', values: stackTags }],
      why: "a key ARN ends in a generated id: this account's keys, for the Terraform role only those its stacks tagged",
    },
    {
      sid: 'KmsAliases',
      read: [],
      write: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      resources: [`arn:${p}:kms:${r}:${a}:alias/${prefix}-*`],
    },
    {
      sid: 'KmsCreateKey',
      read: [],
      write: ['kms:CreateKey'],
      resources: ['*'],
      condition: [{ test: 'StringEquals', variable: 'aws:RequestTag/stack', values: stackTags }],
      why: 'CreateKey takes no resource (the key does not exist yet); the new key must carry the tag of one of its stacks',
    },
    {
      sid: 'KmsTagNewKeys',
      read: [],
      write: ['kms:TagResource'],
      // tags given to CreateKey need TagResource on the new key; only with a stack tag of its own, never on a key
      // tagged already, which could otherwise be retagged into the KmsKeys statement
      resources: [keys],
      condition: [
        { test: 'StringEquals', variable: 'aws:RequestTag/stack', values: stackTags },
        { test: 'Null', variable: 'aws:ResourceTag/stack', values: ['true'] },
      ],
    },
    {
      sid: 'KmsGrantsForEcr',
      read: [],
      // an ECR repository encrypted with the key: ECR creates its grants with the caller's rights, and retires them
      write: ['kms:CreateGrant', 'kms:RetireGrant'],
      resources: [keys],
      condition: [
        { test: 'StringEquals', variable: 'aws:ResourceTag/stack', values: stackTags },
        { test: 'StringEquals', variable: 'kms:ViaService', values: [`ecr.${r}.amazonaws.com`] },
        { test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] },
      ],
    },
    {
      sid: 'KmsUnscoped',
      read: ['kms:ListAliases'],
      write: [],
      resources: ['*'],
      why: 'ListAliases takes no resource (the list is account-wide)',
    },
  ];
}

/** Everything the Terraform role may do outside IAM (IAM has its own statements: see TerraformRole). */
export function serviceAccess(scope: AccountScope): ServiceAccess[] {
  const { partition: p, accountId: a, region: r, prefix } = scope;
  const regional = (service: string, resource: string) => `arn:${p}:${service}:${r}:${a}:${resource}`;
  return [
    {
      sid: 'CodeBuild',
      read: ['codebuild:BatchGetProjects', 'codebuild:BatchGetReportGroups'],
      write: [
        'codebuild:CreateProject',
        'codebuild:CreateReportGroup',
        'codebuild:CreateWebhook',
        'codebuild:DeleteProject',
        'codebuild:DeleteReportGroup',
        'codebuild:DeleteWebhook',
        'codebuild:UpdateProject',
        'codebuild:UpdateReportGroup',
        'codebuild:UpdateWebhook',
      ],
      resources: [regional('codebuild', `project/${prefix}-*`), regional('codebuild', `report-group/${prefix}-*`)],
    },
    {
      sid: 'CodeDeploy',
      read: [
        'codedeploy:GetApplication',
        'codedeploy:GetDeploymentConfig',
        'codedeploy:GetDeploymentGroup',
        'codedeploy:ListTagsForResource',
      ],
      write: [
        'codedeploy:CreateApplication',
        'codedeploy:CreateDeploymentConfig',
        'codedeploy:CreateDeploymentGroup',
        'codedeploy:DeleteApplication',
        'codedeploy:DeleteDeploymentConfig',
        'codedeploy:DeleteDeploymentGroup',
        'codedeploy:TagResource',
        'codedeploy:UntagResource',
        'codedeploy:UpdateApplication',
        'codedeploy:UpdateDeploymentGroup',
      ],
      resources: [
        regional('codedeploy', `application:${prefix}-*`),
        regional('codedeploy', `deploymentgroup:${prefix}-*`),
        regional('codedeploy', `deploymentconfig:${prefix}-*`),
      ],
    },
    {
      sid: 'CodePipeline',
      read: ['codepipeline:GetPipeline', 'codepipeline:ListTagsForResource'],
      write: [
        'codepipeline:CreatePipeline',
        'codepipeline:DeletePipeline',
        'codepipeline:TagResource',
        'codepipeline:UntagResource',
        'codepipeline:UpdatePipeline',
      ],
      resources: [regional('codepipeline', `${prefix}-*`)],
    },
    {
      sid: 'SourceConnections',
      read: ['codestar-connections:GetConnection', 'codestar-connections:ListTagsForResource'],
      write: [
        'codestar-connections:CreateConnection',
        'codestar-connections:DeleteConnection',
        'codestar-connections:PassConnection',
        'codestar-connections:TagResource',
        'codestar-connections:UntagResource',
      ],
      resources: [regional('codestar-connections', 'connection/*')],
      why: 'a connection ARN ends in a generated id, not its name: this account and region are the narrowest scope',
    },
    ...kmsAccess(scope),
    {
      sid: 'ContainerRegistry',
      read: ['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'ecr:GetRepositoryPolicy', 'ecr:ListTagsForResource'],
      write: [
        'ecr:CreateRepository',
        'ecr:DeleteLifecyclePolicy',
        'ecr:DeleteRepository',
        'ecr:DeleteRepositoryPolicy',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:PutLifecyclePolicy',
        'ecr:SetRepositoryPolicy',
        'ecr:TagResource',
        'ecr:UntagResource',
      ],
      resources: [regional('ecr', `repository/${prefix}-*`)],
    },
    {
      sid: 'S3Buckets',
      read: [
        's3:GetAccelerateConfiguration',
        's3:GetBucketAcl',
        's3:GetBucketCORS',
        's3:GetBucketLocation',
        's3:GetBucketLogging',
        's3:GetBucketNotification',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketRequestPayment',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetBucketWebsite',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:ListBucket',
      ],
      write: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:PutBucketNotification',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPolicy',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketTagging',
        's3:PutBucketVersioning',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
      ],
      resources: [`arn:${p}:s3:::${prefix}-*`],
    },
    {
      sid: 'Notifications',
      managedPolicy: BASELINE_POLICY,
      read: ['sns:GetSubscriptionAttributes', 'sns:GetTopicAttributes', 'sns:ListTagsForResource'],
      write: [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:SetSubscriptionAttributes',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:TagResource',
        'sns:Unsubscribe',
        'sns:UntagResource',
      ],
      resources: [regional('sns', `${prefix}-*`)],
    },
    {
      sid: 'Alarms',
      managedPolicy: BASELINE_POLICY,
      read: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetDashboard', 'cloudwatch:ListTagsForResource'],
      write: [
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DeleteDashboards',
        'cloudwatch:PutDashboard',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
      ],
      resources: [regional('cloudwatch', `alarm:${prefix}-*`), `arn:${p}:cloudwatch::${a}:dashboard/${prefix}-*`],
    },
    {
      sid: 'EventRules',
      managedPolicy: BASELINE_POLICY,
      read: ['events:DescribeRule', 'events:ListTagsForResource', 'events:ListTargetsByRule'],
      write: [
        'events:DeleteRule',
        'events:PutRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:TagResource',
        'events:UntagResource',
      ],
      resources: [regional('events', `rule/${prefix}-*`)],
    },
    {
      sid: 'LogGroups',
      managedPolicy: BASELINE_POLICY,
      read: ['logs:DescribeMetricFilters', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      write: [
        'logs:AssociateKmsKey',
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:DeleteMetricFilter',
        'logs:DisassociateKmsKey',
        'logs:PutMetricFilter',
        'logs:PutRetentionPolicy',
        'logs:TagLogGroup',
        'logs:TagResource',
        'logs:UntagLogGroup',
        'logs:UntagResource',
      ],
      resources: [regional('logs', `log-group:/${prefix}/*`)],
    },
    {
      sid: 'LogsUnscoped',
      managedPolicy: BASELINE_POLICY,
      read: ['logs:DescribeLogGroups', 'logs:DescribeResourcePolicies'],
      write: ['logs:DeleteResourcePolicy', 'logs:PutResourcePolicy'],
      resources: ['*'],
      why: 'log resource policies and the log group listing are account-wide: the API takes no resource',
    },
    {
      sid: 'Secrets',
      managedPolicy: BASELINE_POLICY,
      read: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
      write: [
        'secretsmanager:CancelRotateSecret',
        'secretsmanager:CreateSecret',
        'secretsmanager:DeleteResourcePolicy',
        'secretsmanager:DeleteSecret',
        'secretsmanager:PutResourcePolicy',
        'secretsmanager:RotateSecret',
        'secretsmanager:TagResource',
        'secretsmanager:UntagResource',
        'secretsmanager:UpdateSecret',
        'secretsmanager:ValidateResourcePolicy',
      ],
      resources: [regional('secretsmanager', `secret:${prefix}/*`)],
    },
    {
      sid: 'RotationFunctionPermissions',
      managedPolicy: BASELINE_POLICY,
      read: ['lambda:GetPolicy'],
      write: ['lambda:AddPermission', 'lambda:RemovePermission'],
      resources: [regional('lambda', `function:${prefix}-*`)],
    },
    {
      sid: 'GuardDuty',
      managedPolicy: BASELINE_POLICY,
      read: ['guardduty:GetDetector', 'guardduty:ListTagsForResource'],
      write: ['guardduty:DeleteDetector', 'guardduty:TagResource', 'guardduty:UntagResource', 'guardduty:UpdateDetector'],
      resources: [regional('guardduty', 'detector/*')],
      why: 'a detector ARN ends in a generated id; there is one detector per account and region',
    },
    {
      sid: 'GuardDutyUnscoped',
      managedPolicy: BASELINE_POLICY,
      read: ['guardduty:ListDetectors'],
      write: ['guardduty:CreateDetector'],
      resources: ['*'],
      why: 'CreateDetector and ListDetectors take no resource (the detector does not exist yet)',
    },
    {
      sid: 'AccessAnalyzer',
      managedPolicy: BASELINE_POLICY,
      read: ['access-analyzer:GetAnalyzer', 'access-analyzer:ListTagsForResource'],
      write: [
        'access-analyzer:CreateAnalyzer',
        'access-analyzer:DeleteAnalyzer',
        'access-analyzer:TagResource',
        'access-analyzer:UntagResource',
        'access-analyzer:UpdateAnalyzer',
      ],
      resources: [regional('access-analyzer', `analyzer/${prefix}-*`)],
    },
    {
      sid: 'AuditTrail',
      managedPolicy: BASELINE_POLICY,
      read: [
        'cloudtrail:GetEventSelectors',
        'cloudtrail:GetInsightSelectors',
        'cloudtrail:GetTrail',
        'cloudtrail:GetTrailStatus',
        'cloudtrail:ListTags',
      ],
      write: [
        'cloudtrail:AddTags',
        'cloudtrail:CreateTrail',
        'cloudtrail:DeleteTrail',
        'cloudtrail:PutEventSelectors',
        'cloudtrail:PutInsightSelectors',
        'cloudtrail:RemoveTags',
        'cloudtrail:StartLogging',
        'cloudtrail:StopLogging',
        'cloudtrail:UpdateTrail',
      ],
      resources: [regional('cloudtrail', `trail/${prefix}-*`)],
    },
    {
      sid: 'AuditTrailUnscoped',
      managedPolicy: BASELINE_POLICY,
      read: ['cloudtrail:DescribeTrails'],
      write: [],
      resources: ['*'],
      why: 'DescribeTrails lists the trails of the account: the API takes no resource',
    },
  ];
}

/** IAM reads on the platform's roles and its permissions boundary (shared by both roles). */
export const IAM_READ_ACTIONS = [
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'iam:ListPolicyVersions',
  'iam:ListRolePolicies',
  'iam:ListRoleTags',
] as const;

/** Role changes that can grant permissions: allowed only while the role keeps the platform's boundary. */
export const IAM_BOUNDED_WRITE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
] as const;

/** Role changes that grant nothing by themselves (the boundary still caps the role). */
export const IAM_UNBOUNDED_WRITE_ACTIONS = [
  'iam:DeleteRole',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
] as const;

/** The boundary policy's own lifecycle (the environment stack creates it). */
export const BOUNDARY_POLICY_WRITE_ACTIONS = [
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
] as const;

/** Services the platform's roles are passed to (CodeBuild, CodePipeline, CodeDeploy, CloudTrail to Logs, EventBridge targets). */
export const PASS_ROLE_SERVICES = [
  'cloudtrail.amazonaws.com',
  'codebuild.amazonaws.com',
  'codedeploy.amazonaws.com',
  'codepipeline.amazonaws.com',
  'events.amazonaws.com',
] as const;

/** Service-linked roles the account's security baseline needs (GuardDuty and its malware scans, Access Analyzer). */
export const SERVICE_LINKED_ROLE_SERVICES = [
  'access-analyzer.amazonaws.com',
  'guardduty.amazonaws.com',
  'malware-protection.guardduty.amazonaws.com',
] as const;

/** Verbs that change something: a plan role's action may start with none of them. */
export const WRITE_VERBS = [
  'Add',
  'Associate',
  'Attach',
  'Cancel',
  'Create',
  'Delete',
  'Detach',
  'Disable',
  'Disassociate',
  'Enable',
  'Pass',
  'Put',
  'Remove',
  'Rotate',
  'Schedule',
  'Set',
  'Start',
  'Stop',
  'Subscribe',
  'Tag',
  'Unsubscribe',
  'Untag',
  'Update',
  'Validate',
] as const;

/** Whether `action` (`service:Verb...`) changes something, judged by its verb. */
export function isWriteAction(action: string): boolean {
  const verb = action.split(':')[1] ?? '';
  return WRITE_VERBS.some((w) => verb.startsWith(w));
}
