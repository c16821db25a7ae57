import { environmentKeyAliasArn, promotionObjectKey } from '../../../model';
import type { PipelineStageSpec } from '../../../modules/codepipeline';
import { ARTIFACTS, STAGES, type StageContext } from './context';

/** Promote: the artifact, checked here, handed to the next environment's store under that environment's key. */
export function promoteStage(ctx: StageContext): PipelineStageSpec | undefined {
  const { prefix, partition } = ctx.stack.organisation;
  const { service, next } = ctx.placement;
  if (next === undefined) return undefined;
  return {
    name: STAGES.promote,
    actions: [
      {
        kind: 's3-deploy',
        name: `promote-to-${next.name}`,
        bucketName: ctx.stack.model.environment(next.name).shared.artifactBucketName,
        extract: false,
        objectKey: promotionObjectKey(service.name, next.name),
        kmsKeyAliasArn: environmentKeyAliasArn(partition, prefix, next.name, next.account),
        input: ARTIFACTS.artifact,
      },
    ],
  };
}
