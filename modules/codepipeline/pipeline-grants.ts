import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { codebuildProjectArn, codecommitRepositoryArn, kmsKeyArn, regionalArn, s3Arn } from '../core';
import type { ArnContext, CodeDeployPlatform, PipelineActionSpec } from './pipeline-spec';

type Kind = PipelineActionSpec['kind'];
type SpecOf<K extends Kind> = Extract<PipelineActionSpec, { kind: K }>;

/** One kind of access an action needs; the statements of a pipeline role merge the grants of one sid. */
export interface Grant {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: DataAwsIamPolicyDocumentStatement['condition'];
}

/** Deployment configurations AWS predefines, per compute platform (a group may use any of them). */
export const CODEDEPLOY_PREDEFINED_CONFIGS: Readonly<Record<CodeDeployPlatform, readonly string[]>> = {
  Server: ['CodeDeployDefault.AllAtOnce', 'CodeDeployDefault.HalfAtATime', 'CodeDeployDefault.OneAtATime'],
  ECS: [
    'CodeDeployDefault.ECSAllAtOnce',
    'CodeDeployDefault.ECSCanary10Percent15Minutes',
    'CodeDeployDefault.ECSCanary10Percent5Minutes',
    'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
  ],
  Lambda: [
    'CodeDeployDefault.LambdaAllAtOnce',
    'CodeDeployDefault.LambdaCanary10Percent10Minutes',
    'CodeDeployDefault.LambdaCanary10Percent15Minutes',
    'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
    'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes',
    'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
  ],
};

/**
 * Actions that accept no resource narrower than `*` (AWS service authorization reference): ECS task
 * definitions are registered and described account-wide.
 */
export const UNSCOPABLE_ACTIONS: readonly string[] = ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'];

function ecsTaskGrants(passRoleArns: readonly string[]): Grant[] {
  return [
    // RegisterTaskDefinition and DescribeTaskDefinition accept no resource narrower than "*".
    { sid: 'RegisterEcsTaskDefinitions', actions: [...UNSCOPABLE_ACTIONS], resources: ['*'] },
    {
      sid: 'PassEcsTaskRoles',
      actions: ['iam:PassRole'],
      resources: [...passRoleArns],
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
    },
  ];
}

/** A CodeDeploy deployer: the owner's statements when given, else derived from the application and group names. */
function codeDeployGrants(ctx: ArnContext, action: SpecOf<'codedeploy'> | SpecOf<'codedeploy-ecs'>): Grant[] {
  if (action.deployerStatements !== undefined) {
    return action.deployerStatements.map((statement, index) => ({
      sid: statement.sid ?? `CodeDeployDeployer${index}`,
      actions: statement.actions ?? [],
      resources: statement.resources ?? [],
      condition: statement.condition,
    }));
  }
  const configs = [...CODEDEPLOY_PREDEFINED_CONFIGS[action.platform], ...(action.customDeploymentConfigNames ?? [])];
  return [
    {
      sid: 'DeployWithCodeDeploy',
      actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
      resources: [regionalArn(ctx, 'codedeploy', `deploymentgroup:${action.applicationName}/${action.deploymentGroupName}`)],
    },
    {
      sid: 'RegisterCodeDeployRevisions',
      actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
      resources: [regionalArn(ctx, 'codedeploy', `application:${action.applicationName}`)],
    },
    {
      sid: 'ReadCodeDeployConfigs',
      actions: ['codedeploy:GetDeploymentConfig'],
      resources: configs.map((c) => regionalArn(ctx, 'codedeploy', `deploymentconfig:${c}`)),
    },
  ];
}

function elasticBeanstalkGrants(ctx: ArnContext, action: SpecOf<'elastic-beanstalk'>): Grant[] {
  return [
    {
      sid: 'DeployElasticBeanstalk',
      actions: [
        'elasticbeanstalk:CreateApplicationVersion',
        'elasticbeanstalk:DescribeApplicationVersions',
        'elasticbeanstalk:DescribeEnvironments',
        'elasticbeanstalk:DescribeEvents',
        'elasticbeanstalk:UpdateEnvironment',
      ],
      resources: [
        regionalArn(ctx, 'elasticbeanstalk', `application/${action.application}`),
        regionalArn(ctx, 'elasticbeanstalk', `environment/${action.application}/${action.environment}`),
        // version labels are generated per execution; the application is named
        regionalArn(ctx, 'elasticbeanstalk', `applicationversion/${action.application}/*`),
      ],
    },
    {
      // Beanstalk stages application versions in its own per-region bucket of this account
      sid: 'StageElasticBeanstalkVersions',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [s3Arn(ctx.partition, `elasticbeanstalk-${ctx.region}-${ctx.accountId}`, `${action.application}/*`)],
    },
  ];
}

function cloudFormationGrants(ctx: ArnContext, action: SpecOf<'cloudformation'>): Grant[] {
  return [
    {
      sid: 'ChangeCloudFormationStacks',
      actions: [
        'cloudformation:CreateChangeSet',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStacks',
        'cloudformation:ExecuteChangeSet',
      ],
      // the stack id suffix is assigned by CloudFormation; the stack name is fixed
      resources: [regionalArn(ctx, 'cloudformation', `stack/${action.stackName}/*`)],
    },
    {
      sid: 'PassCloudFormationRole',
      actions: ['iam:PassRole'],
      resources: [action.executionRoleArn],
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['cloudformation.amazonaws.com'] }],
    },
  ];
}

function s3DeployGrants(ctx: ArnContext, action: SpecOf<'s3-deploy'>): Grant[] {
  const target = s3Arn(ctx.partition, action.bucketName, action.extract ? '*' : (action.objectKey ?? ''));
  const grants: Grant[] = [
    { sid: action.extract ? 'DeployToBuckets' : 'HandOverArtifacts', actions: ['s3:PutObject'], resources: [target] },
  ];
  if (action.kmsKeyAliasArn !== undefined) {
    const [, , , region, account, alias] = action.kmsKeyAliasArn.split(':');
    grants.push({
      sid: 'EncryptHandOvers',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      // The other account's key id is unknown to this stack: the key is named by account and alias.
      resources: [kmsKeyArn({ partition: ctx.partition, region, accountId: account }, '*')],
      condition: [{ test: 'ForAnyValue:StringEquals', variable: 'kms:ResourceAliases', values: [alias] }],
    });
  }
  return grants;
}

/** What each kind of action needs of the pipeline role, naming exactly the resources it drives. */
const GRANTS: { readonly [K in Kind]: (ctx: ArnContext, action: SpecOf<K>) => Grant[] } = {
  'connection-source': (_ctx, action) => [
    { sid: 'UseSourceConnection', actions: ['codestar-connections:UseConnection'], resources: [action.connectionArn] },
  ],
  'codecommit-source': (ctx, action) => [
    {
      sid: 'ReadCodeCommitSource',
      actions: [
        'codecommit:CancelUploadArchive',
        'codecommit:GetBranch',
        'codecommit:GetCommit',
        'codecommit:GetUploadArchiveStatus',
        'codecommit:UploadArchive',
      ],
      resources: [codecommitRepositoryArn(ctx, action.repositoryName)],
    },
  ],
  's3-source': (_ctx, action) => [
    { sid: 'ReadSourceObject', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [`${action.bucketArn}/${action.objectKey}`] },
    { sid: 'ReadSourceBucket', actions: ['s3:GetBucketVersioning'], resources: [action.bucketArn] },
  ],
  codebuild: (ctx, action) => [
    {
      sid: 'RunCodeBuildProjects',
      actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
      resources: [action.projectArn ?? codebuildProjectArn(ctx, action.projectName)],
    },
  ],
  approval: (_ctx, action) => [{ sid: 'AnnounceApprovals', actions: ['sns:Publish'], resources: [action.topicArn] }],
  codedeploy: codeDeployGrants,
  // the owner's deployer statements, when given, already name the task definitions and roles
  'codedeploy-ecs': (ctx, action) => [
    ...codeDeployGrants(ctx, action),
    ...(action.deployerStatements === undefined ? ecsTaskGrants(action.passRoleArns) : []),
  ],
  ecs: (ctx, action) => [
    {
      sid: 'UpdateEcsServices',
      actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
      resources: [regionalArn(ctx, 'ecs', `service/${action.cluster}/${action.service}`)],
    },
    ...ecsTaskGrants(action.passRoleArns),
  ],
  'elastic-beanstalk': elasticBeanstalkGrants,
  cloudformation: cloudFormationGrants,
  's3-deploy': s3DeployGrants,
  eks: (ctx, action) => [
    { sid: 'DescribeEksClusters', actions: ['eks:DescribeCluster'], resources: [regionalArn(ctx, 'eks', `cluster/${action.cluster}`)] },
  ],
};

/** The grants one action needs. */
export function grantsOf(ctx: ArnContext, action: PipelineActionSpec): Grant[] {
  return (GRANTS[action.kind] as (ctx: ArnContext, action: PipelineActionSpec) => Grant[])(ctx, action);
}
