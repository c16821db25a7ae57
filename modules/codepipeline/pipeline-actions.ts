import type { CodepipelineStageAction } from '@cdktf/provider-aws/lib/codepipeline';
import type { PipelineActionSpec } from './pipeline-spec';

type Configuration = Record<string, string>;

function action(
  spec: PipelineActionSpec,
  category: string,
  provider: string,
  configuration: Configuration,
  io: { inputs?: readonly string[]; outputs?: readonly string[] },
  overrides: Partial<CodepipelineStageAction> = {},
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
    ...overrides,
  };
}

/** The CodePipeline action(s) of one spec (a CloudFormation deploy is two: create, then execute a change set). */
export function renderActions(spec: PipelineActionSpec): CodepipelineStageAction[] {
  switch (spec.kind) {
    case 'connection-source':
      return [
        action(
          spec,
          'Source',
          'CodeStarSourceConnection',
          {
            ConnectionArn: spec.connectionArn,
            FullRepositoryId: spec.repository,
            BranchName: spec.branch,
            OutputArtifactFormat: 'CODE_ZIP',
          },
          { outputs: [spec.output] },
        ),
      ];
    case 'codecommit-source':
      return [
        action(
          spec,
          'Source',
          'CodeCommit',
          { RepositoryName: spec.repositoryName, BranchName: spec.branch, PollForSourceChanges: 'false', OutputArtifactFormat: 'CODE_ZIP' },
          { outputs: [spec.output] },
        ),
      ];
    case 's3-source':
      return [
        action(
          spec,
          'Source',
          'S3',
          { S3Bucket: spec.bucketName, S3ObjectKey: spec.objectKey, PollForSourceChanges: 'false' },
          { outputs: [spec.output] },
        ),
      ];
    case 'codebuild':
      return [
        action(
          spec,
          spec.category ?? 'Build',
          'CodeBuild',
          {
            ProjectName: spec.projectName,
            ...(spec.inputs.length > 1 ? { PrimarySource: spec.inputs[0] } : {}),
            // a batch build runs every build of the buildspec's batch list (CodeBuild sets their variables)
            ...(spec.batch === true ? { BatchEnabled: 'true', CombineArtifacts: 'false' } : {}),
          },
          { inputs: spec.inputs, outputs: spec.outputs },
        ),
      ];
    case 'approval':
      return [
        action(
          spec,
          'Approval',
          'Manual',
          { NotificationArn: spec.topicArn, CustomData: spec.message, ExternalEntityLink: spec.reviewUrl },
          {},
        ),
      ];
    case 'codedeploy':
      return [
        action(
          spec,
          'Deploy',
          'CodeDeploy',
          { ApplicationName: spec.applicationName, DeploymentGroupName: spec.deploymentGroupName },
          { inputs: [spec.input] },
        ),
      ];
    case 'codedeploy-ecs':
      return [
        action(
          spec,
          'Deploy',
          'CodeDeployToECS',
          {
            ApplicationName: spec.applicationName,
            DeploymentGroupName: spec.deploymentGroupName,
            TaskDefinitionTemplateArtifact: spec.input,
            TaskDefinitionTemplatePath: spec.taskDefinitionPath,
            AppSpecTemplateArtifact: spec.input,
            AppSpecTemplatePath: spec.appSpecPath,
          },
          { inputs: [spec.input] },
        ),
      ];
    case 'ecs':
      return [
        action(
          spec,
          'Deploy',
          'ECS',
          { ClusterName: spec.cluster, ServiceName: spec.service, FileName: spec.imageDefinitionsFile },
          { inputs: [spec.input] },
        ),
      ];
    case 'elastic-beanstalk':
      return [
        action(
          spec,
          'Deploy',
          'ElasticBeanstalk',
          { ApplicationName: spec.application, EnvironmentName: spec.environment },
          { inputs: [spec.input] },
        ),
      ];
    case 'cloudformation': {
      const runOrder = spec.runOrder ?? 1;
      const common = {
        StackName: spec.stackName,
        ChangeSetName: `${spec.stackName}-pipeline`,
      };
      return [
        action(
          { ...spec, name: `${spec.name}-change-set`, runOrder },
          'Deploy',
          'CloudFormation',
          {
            ...common,
            ActionMode: 'CHANGE_SET_REPLACE',
            TemplatePath: `${spec.input}::${spec.templatePath}`,
            ...(spec.templateConfigurationPath === undefined
              ? {}
              : { TemplateConfiguration: `${spec.input}::${spec.templateConfigurationPath}` }),
            Capabilities: spec.capabilities.join(','),
            RoleArn: spec.executionRoleArn,
          },
          { inputs: [spec.input] },
        ),
        action(
          { ...spec, name: `${spec.name}-execute`, runOrder: runOrder + 1 },
          'Deploy',
          'CloudFormation',
          {
            ...common,
            ActionMode: 'CHANGE_SET_EXECUTE',
          },
          {},
        ),
      ];
    }
    case 's3-deploy': {
      const configuration: Configuration = { BucketName: spec.bucketName, Extract: spec.extract ? 'true' : 'false' };
      if (!spec.extract && spec.objectKey !== undefined) configuration.ObjectKey = spec.objectKey;
      if (spec.cacheControl !== undefined) configuration.CacheControl = spec.cacheControl;
      if (spec.kmsKeyAliasArn !== undefined) configuration.KMSEncryptionKeyARN = spec.kmsKeyAliasArn;
      return [action(spec, 'Deploy', 'S3', configuration, { inputs: [spec.input] })];
    }
    case 'eks':
      return [
        action(
          spec,
          'Deploy',
          'EKS',
          { ClusterName: spec.cluster, Namespace: spec.namespace, ManifestFiles: spec.manifestFiles.join(',') },
          { inputs: [spec.input] },
        ),
      ];
  }
}
