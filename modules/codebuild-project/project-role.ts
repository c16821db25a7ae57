import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppress } from '../../vocabulary/suppressions';
import { ec2NetworkInterfaceArn, ec2SubnetArn, secretArnPattern, type Construct, type AccountRegion } from '../core';
import { ECR_PULL_ACTIONS, ECR_PUSH_ACTIONS, ECR_TAG_ACTIONS } from '../ecr-repository';
import type { CodebuildProjectProps } from './codebuild-project';

/** What the role's statements name besides the props: ARNs the project computes and what it created. */
export interface ProjectRoleContext {
  readonly partition: string;
  /** ARN of the project (it does not exist yet when the role is created). */
  readonly projectArn: string;
  readonly logGroupArn: string;
  readonly reportGroupArns: readonly string[];
}

type Statement = DataAwsIamPolicyDocumentStatement;

/** The project's partition, region and account, which the ARNs of its secrets and network interfaces name. */
function regionOf(props: CodebuildProjectProps, at: ProjectRoleContext): AccountRegion {
  return { partition: at.partition, region: props.region, accountId: props.accountId };
}

/** Logs, its own artifact prefix, the artifact bucket's location and the environment key: what every build needs. */
function baseStatements(props: CodebuildProjectProps, at: ProjectRoleContext): Statement[] {
  return [
    {
      sid: 'WriteOwnLogs',
      effect: 'Allow',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [at.logGroupArn, `${at.logGroupArn}:*`],
    },
    props.artifactStore.grantObjects('OwnArtifactPrefix', [props.artifactPrefix]),
    {
      sid: 'ArtifactBucketLocation',
      effect: 'Allow',
      actions: ['s3:GetBucketAcl', 's3:GetBucketLocation'],
      resources: [props.artifactStore.bucketArn],
    },
    props.artifactStore.grantKey('UseEnvironmentKey'),
  ];
}

function reportStatements(at: ProjectRoleContext): Statement[] {
  if (at.reportGroupArns.length === 0) return [];
  return [
    {
      sid: 'WriteOwnReports',
      effect: 'Allow',
      actions: ['codebuild:BatchPutCodeCoverages', 'codebuild:BatchPutTestCases', 'codebuild:CreateReport', 'codebuild:UpdateReport'],
      resources: [...at.reportGroupArns],
    },
  ];
}

function secretStatements(props: CodebuildProjectProps, at: ProjectRoleContext): Statement[] {
  const secretNames = Object.values(props.secrets ?? {});
  if (secretNames.length === 0) return [];
  return [
    {
      sid: 'ReadNamedSecrets',
      effect: 'Allow',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [...new Set(secretNames)].sort().map((name) => secretArnPattern(regionOf(props, at), name)),
    },
  ];
}

/** Install from the CodeArtifact repository: the reference's read grant. */
function codeArtifactStatements(props: CodebuildProjectProps): Statement[] {
  return props.codeArtifact?.repository.grantRead() ?? [];
}

function vpcStatements(props: CodebuildProjectProps, at: ProjectRoleContext): Statement[] {
  if (!props.vpc) return [];
  const where = regionOf(props, at);
  return [
    {
      sid: 'VpcNetworkInterfaces',
      effect: 'Allow',
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
      ],
      // these EC2 actions support no resource-level permissions: IAM accepts only "*"
      resources: ['*'],
    },
    {
      sid: 'VpcNetworkInterfacePermission',
      effect: 'Allow',
      actions: ['ec2:CreateNetworkInterfacePermission'],
      resources: [ec2NetworkInterfaceArn(where, '*')],
      condition: [
        { test: 'StringEquals', variable: 'ec2:AuthorizedService', values: ['codebuild.amazonaws.com'] },
        { test: 'ArnEquals', variable: 'ec2:Subnet', values: props.vpc.subnetIds.map((s) => ec2SubnetArn(where, s)) },
      ],
    },
  ];
}

function pipelineArtifactStatements(props: CodebuildProjectProps): Statement[] {
  const pipelinePrefixes = props.pipelineArtifactPrefixes ?? [];
  if (pipelinePrefixes.length === 0) return [];
  return [props.artifactStore.grantObjects('PipelineArtifacts', pipelinePrefixes)];
}

/** Read the project's own source: the CodeCommit repository, the GitHub connection or the S3 object. */
function sourceStatements(props: CodebuildProjectProps): Statement[] {
  const source = props.source;
  switch (source.type) {
    case 'CODECOMMIT':
      return [{ sid: 'PullOwnSource', effect: 'Allow', actions: ['codecommit:GitPull'], resources: [source.repositoryArn] }];
    case 'GITHUB':
      if (source.connectionArn === undefined) return [];
      return [
        {
          sid: 'UseSourceConnection',
          effect: 'Allow',
          // what CodeBuild's documentation asks of the project role for a GitHub App connection (it reads the
          // connection and fetches the tokens it vends, to clone and to manage the webhook), under the prefix of
          // aws_codestarconnections_connection's ARNs: IAM needs the action prefix to match the resource's
          actions: ['codestar-connections:GetConnection', 'codestar-connections:GetConnectionToken'],
          resources: [source.connectionArn],
        },
      ];
    case 'S3':
      return [{ sid: 'ReadOwnSource', effect: 'Allow', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [source.objectArn] }];
    default:
      return [];
  }
}

/** Where the service's image goes: the registry token (no resource to scope it to) and push or pull on its repository. */
function imageRepositoryStatements(props: CodebuildProjectProps): Statement[] {
  const repository = props.imageRepository;
  if (repository === undefined) return [];
  const actions = [...{ push: ECR_PUSH_ACTIONS, pull: ECR_PULL_ACTIONS, tag: ECR_TAG_ACTIONS }[repository.access]];
  const sid = { push: 'PushOwnImage', pull: 'PullOwnImage', tag: 'TagOwnImage' }[repository.access];
  return [
    // the tagger calls the ECR API only: no registry login
    ...(repository.access === 'tag'
      ? []
      : [{ sid: 'EcrAuthorizationToken', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }]),
    {
      sid,
      effect: 'Allow',
      actions,
      resources: [repository.arn],
    },
  ];
}

/** The Lambda release step: new code and a version of the one function, and the version its alias points at. */
function lambdaStatements(props: CodebuildProjectProps): Statement[] {
  if (props.lambdaFunctionArn === undefined) return [];
  return [
    {
      sid: 'ReleaseOwnFunction',
      effect: 'Allow',
      actions: ['lambda:GetAlias', 'lambda:GetFunction', 'lambda:PublishVersion', 'lambda:UpdateFunctionCode'],
      resources: [props.lambdaFunctionArn],
    },
  ];
}

function assumeAndBatchStatements(props: CodebuildProjectProps, at: ProjectRoleContext): Statement[] {
  const statements: Statement[] = [];
  const assumable = [...new Set(props.assumeRoleArns ?? [])].sort();
  if (assumable.length > 0) {
    statements.push({ sid: 'AssumeNamedRoles', effect: 'Allow', actions: ['sts:AssumeRole'], resources: assumable });
  }
  const pipelines = [...new Set(props.readsPipelineStateOf ?? [])].sort();
  if (pipelines.length > 0) {
    statements.push({ sid: 'ReadPipelineState', effect: 'Allow', actions: ['codepipeline:GetPipelineState'], resources: pipelines });
  }
  if (props.batch) {
    statements.push({
      sid: 'RunOwnBatch',
      effect: 'Allow',
      actions: ['codebuild:RetryBuild', 'codebuild:StartBuild', 'codebuild:StopBuild'],
      resources: [at.projectArn],
    });
  }
  return statements;
}

/** The role's permissions, statement by statement; no wildcard action, `*` resources only where AWS has nothing narrower. */
export function projectRoleStatements(props: CodebuildProjectProps, at: ProjectRoleContext): Statement[] {
  return [
    ...baseStatements(props, at),
    ...reportStatements(at),
    ...secretStatements(props, at),
    ...codeArtifactStatements(props),
    ...vpcStatements(props, at),
    ...pipelineArtifactStatements(props),
    ...sourceStatements(props),
    ...imageRepositoryStatements(props),
    ...lambdaStatements(props),
    ...assumeAndBatchStatements(props, at),
  ];
}

/**
 * The project's own IAM role: assumable by CodeBuild for this project only, with its least-privilege policy.
 * Created on the project's scope (ids `assume-role`, `role`, `policy-document`, `policy`: the addresses of the
 * resources' first release).
 */
export function createProjectRole(
  scope: Construct,
  props: CodebuildProjectProps,
  at: ProjectRoleContext,
): { role: IamRole; policy: IamRolePolicy } {
  const assume = new DataAwsIamPolicyDocument(scope, 'assume-role', {
    statement: [
      {
        sid: 'CodeBuildAssumesForThisProjectOnly',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['codebuild.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [at.projectArn] },
        ],
      },
    ],
  });
  const role = new IamRole(scope, 'role', {
    name: props.roleName,
    description: `Runs the CodeBuild project ${props.projectName}`,
    assumeRolePolicy: assume.json,
    maxSessionDuration: 3600,
  });
  const document = new DataAwsIamPolicyDocument(scope, 'policy-document', { statement: projectRoleStatements(props, at) });
  if (props.vpc) {
    suppress(
      document,
      'PLAT-IAM-003',
      'CodeBuild in a VPC: AWS documents ec2:CreateNetworkInterface and ec2:DeleteNetworkInterface on "*" for the service role; ' +
        'both could be scoped to the network-interface, subnet and security-group ARNs of the VPC (a follow-up for this module)',
    );
  }
  const policy = new IamRolePolicy(scope, 'policy', { name: 'least-privilege', role: role.id, policy: document.json });
  return { role, policy };
}
