import { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline';
import {
  DeliveryPipeline,
  lastRunOrder,
  renderActions,
  SourceConnection,
  type DeliveryPipelineProps,
  type PipelineActionSpec,
  type PipelineStageSpec,
} from '../../modules/codepipeline';
import { artifactStoreReference, Testing, TerraformStack } from '../../modules/core';
import { roleStatements } from '../support/pipelines';

const context = { partition: 'aws', region: 'eu-west-1', accountId: '111111111111' };
const source: PipelineActionSpec = {
  kind: 'connection-source',
  name: 'github',
  connectionArn: 'arn:aws:codestar-connections:eu-west-1:111111111111:connection/abc',
  repository: 'acme/app',
  branch: 'main',
  output: 'source',
};
const build: PipelineActionSpec = { kind: 'codebuild', name: 'build', projectName: 'app-build', inputs: ['source'], outputs: ['artifact'] };
const deploy: PipelineActionSpec = {
  kind: 'codedeploy',
  name: 'deploy',
  applicationName: 'app',
  deploymentGroupName: 'app-group',
  platform: 'Lambda',
  customDeploymentConfigNames: ['app-canary'],
  input: 'artifact',
};
const STAGES: PipelineStageSpec[] = [
  { name: 'Source', actions: [source] },
  { name: 'Build', actions: [build] },
  { name: 'Deploy', actions: [deploy], rollbackOnFailure: true },
];

function synth(overrides: Partial<DeliveryPipelineProps> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new DeliveryPipeline(stack, 'pipeline', {
    pipelineName: 'app',
    roleName: 'app-pipeline',
    context,
    artifactStore: artifactStoreReference({
      bucketName: 'artifacts',
      bucketArn: 'arn:aws:s3:::artifacts',
      keyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
    }),
    stages: STAGES,
    ...overrides,
  });
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) };
}

describe('DeliveryPipeline', () => {
  const { json, tf } = synth();

  test('is a V2 pipeline, queued by default, with a KMS-encrypted artifact store', () => {
    expect(json).toHaveResourceWithProperties(Codepipeline, {
      name: 'app',
      pipeline_type: 'V2',
      execution_mode: 'QUEUED',
      artifact_store: [
        { location: 'artifacts', type: 'S3', encryption_key: { id: 'arn:aws:kms:eu-west-1:111111111111:key/k', type: 'KMS' } },
      ],
    });
  });

  test('rolls back only the stages that ask for it', () => {
    const [pipeline] = Object.values(tf.resource.aws_codepipeline) as any[];
    expect(pipeline.stage.map((s: any) => [s.name, s.on_failure])).toEqual([
      ['Source', undefined],
      ['Build', undefined],
      ['Deploy', { result: 'ROLLBACK' }],
    ]);
  });

  test('a push trigger on the branch, with no path filter when none is given', () => {
    const [pipeline] = Object.values(tf.resource.aws_codepipeline) as any[];
    expect(pipeline.trigger).toEqual([
      {
        provider_type: 'CodeStarSourceConnection',
        git_configuration: { source_action_name: 'github', push: [{ branches: { includes: ['main'] } }] },
      },
    ]);
  });

  test('the role may use exactly the connection, project, deployment group and configs the actions name', () => {
    expect(roleStatements(tf, 'app-pipeline')).toEqual([
      {
        sid: 'ArtifactStoreObjects',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: ['arn:aws:s3:::artifacts/*'],
      },
      {
        sid: 'ArtifactStoreBucket',
        effect: 'Allow',
        actions: ['s3:GetBucketLocation', 's3:GetBucketVersioning'],
        resources: ['arn:aws:s3:::artifacts'],
      },
      {
        sid: 'ArtifactStoreKey',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: ['arn:aws:kms:eu-west-1:111111111111:key/k'],
      },
      {
        sid: 'UseSourceConnection',
        effect: 'Allow',
        actions: ['codestar-connections:UseConnection'],
        resources: ['arn:aws:codestar-connections:eu-west-1:111111111111:connection/abc'],
      },
      {
        sid: 'RunCodeBuildProjects',
        effect: 'Allow',
        actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
        resources: ['arn:aws:codebuild:eu-west-1:111111111111:project/app-build'],
      },
      {
        sid: 'DeployWithCodeDeploy',
        effect: 'Allow',
        actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
        resources: ['arn:aws:codedeploy:eu-west-1:111111111111:deploymentgroup:app/app-group'],
      },
      {
        sid: 'RegisterCodeDeployRevisions',
        effect: 'Allow',
        actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
        resources: ['arn:aws:codedeploy:eu-west-1:111111111111:application:app'],
      },
      {
        sid: 'ReadCodeDeployConfigs',
        effect: 'Allow',
        actions: ['codedeploy:GetDeploymentConfig'],
        resources: expect.arrayContaining([
          'arn:aws:codedeploy:eu-west-1:111111111111:deploymentconfig:CodeDeployDefault.LambdaAllAtOnce',
          'arn:aws:codedeploy:eu-west-1:111111111111:deploymentconfig:app-canary',
        ]),
      },
    ]);
  });

  test('parallel actions share a run order; a later action may read what an earlier run order produced', () => {
    const tests: PipelineStageSpec = {
      name: 'Test',
      actions: [
        { kind: 'codebuild', name: 'unit', projectName: 'unit', inputs: ['artifact'], outputs: ['report'] },
        { kind: 'codebuild', name: 'lint', projectName: 'lint', inputs: ['artifact'] },
        { kind: 'codebuild', name: 'e2e', projectName: 'e2e', inputs: ['artifact', 'report'], runOrder: 2 },
      ],
    };
    const { tf: parallel } = synth({ stages: [STAGES[0], STAGES[1], tests, STAGES[2]] });
    const [pipeline] = Object.values(parallel.resource.aws_codepipeline) as any[];
    expect(pipeline.stage[2].action.map((a: any) => [a.name, a.run_order, a.configuration])).toEqual([
      ['unit', 1, { ProjectName: 'unit' }],
      ['lint', 1, { ProjectName: 'lint' }],
      ['e2e', 2, { ProjectName: 'e2e', PrimarySource: 'artifact' }],
    ]);
  });

  test.each<[string, PipelineStageSpec[], RegExp]>([
    ['only a source stage', [STAGES[0]], /needs a source stage and at least one more stage \(got 1\)/],
    ['no source first', [STAGES[1], STAGES[2]], /the first stage \("Build"\) must hold source actions, and only them/],
    [
      'a source later',
      [STAGES[0], STAGES[1], { name: 'More', actions: [{ ...source, name: 'again' }] }],
      /stage "More" holds a source action/,
    ],
    ['two stages of one name', [STAGES[0], STAGES[1], { ...STAGES[2], name: 'Build' }], /stage "Build" appears more than once/],
    [
      'an artifact nobody produced',
      [STAGES[0], STAGES[2]],
      /action "Deploy\/deploy" reads artifact "artifact", which no earlier action produces/,
    ],
    [
      'an artifact of the same run order',
      [STAGES[0], { name: 'Build', actions: [build, { ...deploy, name: 'too-early' }] }],
      /action "Build\/too-early" reads artifact "artifact", which no earlier action produces/,
    ],
    ['a rollback of the source stage', [{ ...STAGES[0], rollbackOnFailure: true }, STAGES[1]], /the source stage cannot roll back/],
  ])('refuses %s', (_name, stages, expected) => {
    expect(() => synth({ stages })).toThrow(expected);
  });

  test('refuses a stage rollback in a PARALLEL pipeline (CodePipeline has none there); allows it QUEUED', () => {
    const stages = [STAGES[0], STAGES[1], { ...STAGES[2], rollbackOnFailure: true }];
    expect(() => synth({ stages, executionMode: 'PARALLEL' })).toThrow(/a PARALLEL pipeline has no stage rollback/);
    expect(() => synth({ stages, executionMode: 'QUEUED' })).not.toThrow();
  });

  test('a CodeCommit source starts from an EventBridge rule whose role may start only this pipeline', () => {
    const { tf: cc } = synth({
      stages: [
        {
          name: 'Source',
          actions: [{ kind: 'codecommit-source', name: 'codecommit', repositoryName: 'app', branch: 'main', output: 'source' }],
        },
        STAGES[1],
      ],
    });
    const [pipeline] = Object.values(cc.resource.aws_codepipeline) as any[];
    expect(pipeline.trigger).toBeUndefined();
    const [target] = Object.values(cc.resource.aws_cloudwatch_event_target) as any[];
    expect(target).toMatchObject({ arn: 'arn:aws:codepipeline:eu-west-1:111111111111:app', target_id: 'pipeline' });
    expect(roleStatements(cc, 'app-start')).toEqual([
      {
        sid: 'StartPipeline',
        effect: 'Allow',
        actions: ['codepipeline:StartPipelineExecution'],
        resources: ['arn:aws:codepipeline:eu-west-1:111111111111:app'],
      },
    ]);
  });
});

describe('SourceConnection', () => {
  test('is a connection to the named host', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new SourceConnection(stack, 'github', { connectionName: 'acme-dev-github', provider: 'github' });
    new SourceConnection(stack, 'bitbucket', { connectionName: 'acme-dev-bitbucket', provider: 'bitbucket' });
    const tf = JSON.parse(Testing.synth(stack));
    expect(Object.values(tf.resource.aws_codestarconnections_connection)).toEqual(
      expect.arrayContaining([
        { name: 'acme-dev-github', provider_type: 'GitHub' },
        { name: 'acme-dev-bitbucket', provider_type: 'Bitbucket' },
      ]),
    );
    expect(Object.keys(tf.resource.aws_codestarconnections_connection)).toHaveLength(2);
  });

  test('refuses a name CodeStar Connections would refuse', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new SourceConnection(stack, 'c', { connectionName: 'a'.repeat(33), provider: 'gitlab' })).toThrow(
      /longer than 32 characters/,
    );
  });
});

describe('rendered actions', () => {
  const cloudformation: PipelineActionSpec = {
    kind: 'cloudformation',
    name: 'cfn',
    stackName: 'app',
    templatePath: 'template.yaml',
    capabilities: ['CAPABILITY_IAM'],
    executionRoleArn: 'arn:aws:iam::111111111111:role/app-cfn',
    input: 'artifact',
  };

  test('CodeDeploy to ECS puts the image of imageDetail.json in the task definition placeholder <IMAGE1_NAME>', () => {
    const [ecs] = renderActions({
      kind: 'codedeploy-ecs',
      name: 'ecs',
      platform: 'ECS',
      applicationName: 'app',
      deploymentGroupName: 'app-group',
      taskDefinitionPath: 'taskdef.json',
      appSpecPath: 'appspec.yaml',
      passRoleArns: [],
      input: 'artifact',
    });
    expect(ecs.configuration).toMatchObject({ Image1ArtifactName: 'artifact', Image1ContainerName: 'IMAGE1_NAME' });
  });

  test("a CodeBuild action's variables are plain text, in name order", () => {
    const [run] = renderActions({ ...build, kind: 'codebuild', environmentVariables: { B: '2', A: '1' } } as PipelineActionSpec);
    expect(JSON.parse(run.configuration!.EnvironmentVariables)).toEqual([
      { name: 'A', value: '1', type: 'PLAINTEXT' },
      { name: 'B', value: '2', type: 'PLAINTEXT' },
    ]);
    expect(renderActions(build)[0].configuration).not.toHaveProperty('EnvironmentVariables');
  });

  test('the last run order of a stage counts what each spec renders (a CloudFormation deploy takes two)', () => {
    expect(lastRunOrder([deploy])).toBe(1);
    expect(lastRunOrder([cloudformation])).toBe(2);
    expect(lastRunOrder([{ ...cloudformation, runOrder: 3 }, deploy])).toBe(4);
  });
});
