import { promotionObjectKey } from '../../../model';
import type { PipelineActionSpec, PipelineStageSpec } from '../../../modules/codepipeline';
import { ARTIFACTS, STAGES, type StageContext } from './context';

/** The source action: the promoted artifact after the first environment, else Git, CodeCommit or an upload. */
function sourceAction(ctx: StageContext): PipelineActionSpec {
  const { shared } = ctx.stack;
  const { service, pipeline, environment, previous } = ctx.placement;
  const env = environment.name;
  if (previous !== undefined) {
    return {
      kind: 's3-source',
      name: 'promoted-artifact',
      bucketName: shared.artifactBucketName,
      bucketArn: shared.artifactBucketArn,
      objectKey: promotionObjectKey(service.name, env),
      output: ARTIFACTS.artifact,
    };
  }
  const source = pipeline.source;
  if (source.type === 'connection') {
    const connection = ctx.parts.connections.get(source.provider);
    if (connection === undefined) throw new Error(`no ${source.provider} connection in ${env} for service "${service.name}"`);
    return {
      kind: 'connection-source',
      name: source.provider,
      connectionArn: connection.arn,
      repository: source.repository,
      branch: source.branch,
      includePaths: source.includePaths,
      excludePaths: source.excludePaths,
      output: ARTIFACTS.source,
    };
  }
  if (source.type === 'codecommit') {
    return {
      kind: 'codecommit-source',
      name: 'codecommit',
      repositoryName: source.repository,
      branch: source.branch,
      output: ARTIFACTS.source,
    };
  }
  return {
    kind: 's3-source',
    name: 'upload',
    bucketName: shared.artifactBucketName,
    bucketArn: shared.artifactBucketArn,
    objectKey: source.objectKey,
    output: ARTIFACTS.source,
  };
}

/** Source: Git (or an upload) in the first environment; the promoted artifact everywhere after it. */
export function sourceStage(ctx: StageContext): PipelineStageSpec {
  return { name: STAGES.source, actions: [sourceAction(ctx)] };
}
