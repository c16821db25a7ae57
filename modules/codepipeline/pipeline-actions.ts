import type { CodepipelineStageAction } from '@cdktf/provider-aws/lib/codepipeline';
import type { PipelineActionSpec } from './pipeline-spec';

type Configuration = Record<string, string>;
type Kind = PipelineActionSpec['kind'];
type SpecOf<K extends Kind> = Extract<PipelineActionSpec, { kind: K }>;

/**
 * The placeholder of the task definition template that `CodeDeployToECS` replaces with the image of
 * `imageDetail.json` (`Image1ContainerName`; the template writes it as `<IMAGE1_NAME>`).
 */
export const ECS_IMAGE_PLACEHOLDER = 'IMAGE1_NAME';

function action(
  spec: PipelineActionSpec,
  category: string,
  provider: string,
  configuration: Configuration,
  io: { inputs?: readonly string[]; outputs?: readonly string[] },
): CodepipelineStageAction {
  return {
    name: spec.name,
    category,
    owner: 'AWS',
    provider,
    version: '1',
    runOrder: spec.runOrder ?? 1,
    configuration,
    inputArtifacts: io.inputs === undefined ? undefined : [...io.inputs],
    outputArtifacts: io.outputs === undefined ? undefined : [...io.outputs],
  };
}

/** A one-action deploy of `provider` reading the spec's input artifact. */
function deploy<K extends Kind>(provider: string, configuration: (spec: SpecOf<K>) => Configuration) {
  return (spec: SpecOf<K>) => [action(spec, 'Deploy', provider, configuration(spec), { inputs: ['input' in spec ? spec.input : ''] })];
}

/** A CloudFormation deploy is two actions: create the change set, then execute it (the next run order). */
function cloudFormation(spec: SpecOf<'cloudformation'>): CodepipelineStageAction[] {
  const runOrder = spec.runOrder ?? 1;
  const common = { StackName: spec.stackName, ChangeSetName: `${spec.stackName}-pipeline` };
  const configuration: Configuration =
    spec.templateConfigurationPath === undefined ? {} : { TemplateConfiguration: `${spec.input}::${spec.templateConfigurationPath}` };
  return [
    action(
      { ...spec, name: `${spec.name}-change-set`, runOrder },
      'Deploy',
      'CloudFormation',
      {
        ...common,
        ActionMode: 'CHANGE_SET_REPLACE',
        TemplatePath: `${spec.input}::${spec.templatePath}`,
        ...configuration,
        Capabilities: spec.capabilities.join(','),
        RoleArn: spec.executionRoleArn,
      },
      { inputs: [spec.input] },
    ),
    action(
      { ...spec, name: `${spec.name}-execute`, runOrder: runOrder + 1 },
      'Deploy',
      'CloudFormation',
      { ...common, ActionMode: 'CHANGE_SET_EXECUTE' },
      {},
    ),
  ];
}

/** The `EnvironmentVariables` of a CodeBuild action: a JSON list of plain-text variables, in name order. */
function environmentVariables(variables: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.keys(variables)
      .sort()
      .map((name) => ({ name, value: variables[name], type: 'PLAINTEXT' })),
  );
}

function s3Deploy(spec: SpecOf<'s3-deploy'>): Configuration {
  const configuration: Configuration = { BucketName: spec.bucketName, Extract: spec.extract ? 'true' : 'false' };
  if (!spec.extract && spec.objectKey !== undefined) configuration.ObjectKey = spec.objectKey;
  if (spec.cacheControl !== undefined) configuration.CacheControl = spec.cacheControl;
  if (spec.kmsKeyAliasArn !== undefined) configuration.KMSEncryptionKeyARN = spec.kmsKeyAliasArn;
  return configuration;
}

/** How each kind of spec renders: the CodePipeline action(s), their provider and configuration. */
const RENDERERS: { readonly [K in Kind]: (spec: SpecOf<K>) => CodepipelineStageAction[] } = {
  'connection-source': (spec) => [
    action(
      spec,
      'Source',
      'CodeStarSourceConnection',
      { ConnectionArn: spec.connectionArn, FullRepositoryId: spec.repository, BranchName: spec.branch, OutputArtifactFormat: 'CODE_ZIP' },
      { outputs: [spec.output] },
    ),
  ],
  'codecommit-source': (spec) => [
    action(
      spec,
      'Source',
      'CodeCommit',
      { RepositoryName: spec.repositoryName, BranchName: spec.branch, PollForSourceChanges: 'false', OutputArtifactFormat: 'CODE_ZIP' },
      { outputs: [spec.output] },
    ),
  ],
  's3-source': (spec) => [
    action(
      spec,
      'Source',
      'S3',
      { S3Bucket: spec.bucketName, S3ObjectKey: spec.objectKey, PollForSourceChanges: 'false' },
      { outputs: [spec.output] },
    ),
  ],
  codebuild: (spec) => [
    action(
      spec,
      spec.category ?? 'Build',
      'CodeBuild',
      {
        ProjectName: spec.projectName,
        ...(spec.inputs.length > 1 ? { PrimarySource: spec.inputs[0] } : {}),
        // a batch build runs every build of the buildspec's batch list (CodeBuild sets their variables)
        ...(spec.batch === true ? { BatchEnabled: 'true', CombineArtifacts: 'false' } : {}),
        ...(spec.environmentVariables === undefined ? {} : { EnvironmentVariables: environmentVariables(spec.environmentVariables) }),
      },
      { inputs: spec.inputs, outputs: spec.outputs },
    ),
  ],
  approval: (spec) => [
    action(
      spec,
      'Approval',
      'Manual',
      { NotificationArn: spec.topicArn, CustomData: spec.message, ExternalEntityLink: spec.reviewUrl },
      {},
    ),
  ],
  codedeploy: deploy<'codedeploy'>('CodeDeploy', (spec) => ({
    ApplicationName: spec.applicationName,
    DeploymentGroupName: spec.deploymentGroupName,
  })),
  'codedeploy-ecs': deploy<'codedeploy-ecs'>('CodeDeployToECS', (spec) => ({
    ApplicationName: spec.applicationName,
    DeploymentGroupName: spec.deploymentGroupName,
    TaskDefinitionTemplateArtifact: spec.input,
    TaskDefinitionTemplatePath: spec.taskDefinitionPath,
    AppSpecTemplateArtifact: spec.input,
    AppSpecTemplatePath: spec.appSpecPath,
    // the image the build pushed (imageDetail.json of the artifact) replaces <IMAGE1_NAME> in the task definition
    Image1ArtifactName: spec.input,
    Image1ContainerName: ECS_IMAGE_PLACEHOLDER,
  })),
  ecs: deploy<'ecs'>('ECS', (spec) => ({ ClusterName: spec.cluster, ServiceName: spec.service, FileName: spec.imageDefinitionsFile })),
  'elastic-beanstalk': deploy<'elastic-beanstalk'>('ElasticBeanstalk', (spec) => ({
    ApplicationName: spec.application,
    EnvironmentName: spec.environment,
  })),
  cloudformation: cloudFormation,
  's3-deploy': deploy<'s3-deploy'>('S3', s3Deploy),
  eks: deploy<'eks'>('EKS', (spec) => ({
    ClusterName: spec.cluster,
    Namespace: spec.namespace,
    ManifestFiles: spec.manifestFiles.join(','),
  })),
};

/** The CodePipeline action(s) of one spec (a CloudFormation deploy is two: create, then execute a change set). */
export function renderActions(spec: PipelineActionSpec): CodepipelineStageAction[] {
  return (RENDERERS[spec.kind] as (spec: PipelineActionSpec) => CodepipelineStageAction[])(spec);
}

/** The last run order `specs` occupy once rendered (an action after them runs at this plus one). */
export function lastRunOrder(specs: readonly PipelineActionSpec[]): number {
  return Math.max(1, ...specs.flatMap(renderActions).map((a) => a.runOrder ?? 1));
}
