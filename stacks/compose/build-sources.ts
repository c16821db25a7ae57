import { sourceHostOf, type ServiceConfig } from '../../model';
import { codecommitRepositoryArn } from '../../modules/core';
import type { CodebuildProjectSource } from '../../modules/codebuild-project';
import { serviceCheckName, type BuildPurpose, type PrCheckPurpose } from '../../modules/core';
import type { EnvironmentServicesScope } from '../shared-resources';

/** Purposes whose pull-request builds report a status check that branch protection requires. */
export const PR_CHECK_PURPOSES: readonly PrCheckPurpose[] = ['build', 'unit-test', 'security-scan'];

/**
 * Where a service's CodeBuild project of `purpose` gets its source, following the service's source host.
 * Later environments never build from source: their projects run inside the pipeline on the promoted
 * artifact. In the first environment: a GitHub repository (pull-request builds reporting the checks branch
 * protection requires), a CodeCommit repository of the environment's account, the S3 upload the pipeline
 * starts from, or, for GitLab and Bitbucket (reached only through the pipeline's connection), the pipeline.
 * A GitHub source authenticates with `githubConnectionArn`, the environment's GitHub connection
 * (stacks/compose/build-credentials.ts).
 */
export function buildSource(
  stack: EnvironmentServicesScope,
  service: ServiceConfig,
  purpose: BuildPurpose,
  isFirstEnvironment: boolean,
  githubConnectionArn?: string,
): CodebuildProjectSource {
  if (!isFirstEnvironment) return { type: 'CODEPIPELINE' };
  const { account } = stack.environment;
  // secrets detection reads the whole history; everything else needs only the commit
  const gitCloneDepth = purpose === 'security-scan' ? 0 : 1;
  const host = sourceHostOf(service);
  const pipeline = stack.model.service(service.name).pipeline;
  const source = pipeline?.source;
  if (host === 'codecommit' && source?.type === 'codecommit') {
    // the model resolves a CodeCommit source's repository (model/pipelines.ts)
    const { repository } = source;
    return {
      type: 'CODECOMMIT',
      location: `https://git-codecommit.${account.region}.amazonaws.com/v1/repos/${repository}`,
      repositoryArn: codecommitRepositoryArn({ partition: stack.partition, region: account.region, accountId: account.id }, repository),
      branch: source.branch,
      gitCloneDepth,
    };
  }
  if (host === 's3' && source?.type === 's3') {
    return {
      type: 'S3',
      location: `${stack.shared.artifactBucketName}/${source.objectKey}`,
      objectArn: `${stack.shared.artifactBucketArn}/${source.objectKey}`,
    };
  }
  if (host !== 'github') return { type: 'CODEPIPELINE' };
  if (githubConnectionArn === undefined) {
    throw new Error(
      `environment "${stack.environment.name}", service "${service.name}": its ${purpose} project clones from GitHub but the stack has no GitHub connection (stacks/compose/build-credentials.ts)`,
    );
  }
  return {
    type: 'GITHUB',
    location: `https://github.com/${stack.model.service(service.name).githubRepository}.git`,
    connectionArn: githubConnectionArn,
    gitCloneDepth,
    pullRequests: (PR_CHECK_PURPOSES as readonly string[]).includes(purpose)
      ? { checkName: serviceCheckName(service.name, purpose as PrCheckPurpose) }
      : undefined,
  };
}
