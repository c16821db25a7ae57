import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { ArnContext, CodeDeployPlatform, PipelineActionSpec, PipelineStageSpec } from './pipeline-spec';

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

interface Grant {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: DataAwsIamPolicyDocumentStatement['condition'];
}

/** What the pipeline itself touches besides its actions: the artifact store and its key. */
export interface ArtifactStoreAccess {
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
}

function arn(ctx: ArnContext, service: string, resource: string, region = ctx.region, account = ctx.accountId): string {
  return `arn:${ctx.partition}:${service}:${region}:${account}:${resource}`;
}

function grantsOf(ctx: ArnContext, action: PipelineActionSpec): Grant[] {
  switch (action.kind) {
    case 'connection-source':
      return [{ sid: 'UseSourceConnection', actions: ['codestar-connections:UseConnection'], resources: [action.connectionArn] }];
    case 'codecommit-source':
      return [
        {
          sid: 'ReadCodeCommitSource',
          actions: [
            'codecommit:CancelUploadArchive',
            'codecommit:GetBranch',
            'codecommit:GetCommit',
            'codecommit:GetUploadArchiveStatus',
            'codecommit:UploadArchive',
          ],
          resources: [arn(ctx, 'codecommit', action.repositoryName)],
        },
      ];
    case 's3-source':
      return [
        {
          sid: 'ReadSourceObject',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [`${action.bucketArn}/${action.objectKey}`],
        },
        { sid: 'ReadSourceBucket', actions: ['s3:GetBucketVersioning'], resources: [action.bucketArn] },
      ];
    case 'codebuild':
      return [
        {
          sid: 'RunCodeBuildProjects',
          actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
          resources: [action.projectArn ?? arn(ctx, 'codebuild', `project/${action.projectName}`)],
        },
      ];
    case 'approval':
      return [{ sid: 'AnnounceApprovals', actions: ['sns:Publish'], resources: [action.topicArn] }];
    case 'codedeploy':
    case 'codedeploy-ecs': {
      if (action.deployerStatements !== undefined) {
        return action.deployerStatements.map((statement, index) => ({
          sid: statement.sid ?? `CodeDeployDeployer${index}`,
          actions: statement.actions ?? [],
          resources: statement.resources ?? [],
          condition: statement.condition,
        }));
      }
      const configs = [...CODEDEPLOY_PREDEFINED_CONFIGS[action.platform], ...(action.customDeploymentConfigNames ?? [])];
      const grants: Grant[] = [
        {
          sid: 'DeployWithCodeDeploy',
          actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
          resources: [arn(ctx, 'codedeploy', `deploymentgroup:${action.applicationName}/${action.deploymentGroupName}`)],
        },
        {
          sid: 'RegisterCodeDeployRevisions',
          actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
          resources: [arn(ctx, 'codedeploy', `application:${action.applicationName}`)],
        },
        {
          sid: 'ReadCodeDeployConfigs',
          actions: ['codedeploy:GetDeploymentConfig'],
          resources: configs.map((c) => arn(ctx, 'codedeploy', `deploymentconfig:${c}`)),
        },
      ];
      if (action.kind === 'codedeploy-ecs') grants.push(...ecsTaskGrants(action.passRoleArns));
      return grants;
    }
    case 'ecs':
      return [
        {
          sid: 'UpdateEcsServices',
          actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
          resources: [arn(ctx, 'ecs', `service/${action.cluster}/${action.service}`)],
        },
        ...ecsTaskGrants(action.passRoleArns),
      ];
    case 'elastic-beanstalk':
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
            arn(ctx, 'elasticbeanstalk', `application/${action.application}`),
            arn(ctx, 'elasticbeanstalk', `environment/${action.application}/${action.environment}`),
            // version labels are generated per execution; the application is named
            arn(ctx, 'elasticbeanstalk', `applicationversion/${action.application}/*`),
          ],
        },
        {
          // Beanstalk stages application versions in its own per-region bucket of this account
          sid: 'StageElasticBeanstalkVersions',
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: [`arn:${ctx.partition}:s3:::elasticbeanstalk-${ctx.region}-${ctx.accountId}/${action.application}/*`],
        },
      ];
    case 'cloudformation':
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
          resources: [arn(ctx, 'cloudformation', `stack/${action.stackName}/*`)],
        },
        {
          sid: 'PassCloudFormationRole',
          actions: ['iam:PassRole'],
          resources: [action.executionRoleArn],
          condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['cloudformation.amazonaws.com'] }],
        },
      ];
    case 's3-deploy': {
      const target = `arn:${ctx.partition}:s3:::${action.bucketName}/${action.extract ? '*' : (action.objectKey ?? '')}`;
      const grants: Grant[] = [
        { sid: action.extract ? 'DeployToBuckets' : 'HandOverArtifacts', actions: ['s3:PutObject'], resources: [target] },
      ];
      if (action.kmsKeyAliasArn !== undefined) {
        const [, , , region, account, alias] = action.kmsKeyAliasArn.split(':');
        grants.push({
          sid: 'EncryptHandOvers',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          // The other account's key id is unknown to this stack: the key is named by account and alias.
          resources: [arn(ctx, 'kms', 'key/*', region, account)],
          condition: [{ test: 'ForAnyValue:StringEquals', variable: 'kms:ResourceAliases', values: [alias] }],
        });
      }
      return grants;
    }
    case 'eks':
      return [{ sid: 'DescribeEksClusters', actions: ['eks:DescribeCluster'], resources: [arn(ctx, 'eks', `cluster/${action.cluster}`)] }];
  }
}

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

/**
 * The pipeline role's statements: the artifact store and key, then one statement per kind of access,
 * each naming every resource of that kind the pipeline's actions use (sorted, deduplicated).
 */
export function pipelineRoleStatements(
  ctx: ArnContext,
  store: ArtifactStoreAccess,
  stages: readonly PipelineStageSpec[],
): DataAwsIamPolicyDocumentStatement[] {
  const grants: Grant[] = [
    { sid: 'ArtifactStoreObjects', actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], resources: [`${store.bucketArn}/*`] },
    { sid: 'ArtifactStoreBucket', actions: ['s3:GetBucketLocation', 's3:GetBucketVersioning'], resources: [store.bucketArn] },
    {
      sid: 'ArtifactStoreKey',
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [store.kmsKeyArn],
    },
    ...stages.flatMap((stage) => stage.actions.flatMap((action) => grantsOf(ctx, action))),
  ];
  const merged = new Map<string, Grant>();
  for (const grant of grants) {
    const seen = merged.get(grant.sid);
    if (seen === undefined) {
      merged.set(grant.sid, grant);
    } else {
      if (JSON.stringify(seen.condition) !== JSON.stringify(grant.condition)) {
        throw new Error(`pipeline role statement ${grant.sid}: two actions need different conditions`);
      }
      merged.set(grant.sid, { ...seen, resources: [...seen.resources, ...grant.resources] });
    }
  }
  return [...merged.values()].map((g) => ({
    sid: g.sid,
    effect: 'Allow',
    actions: [...new Set(g.actions)].sort(),
    resources: [...new Set(g.resources)].sort(),
    condition: g.condition,
  }));
}
