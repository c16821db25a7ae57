import { environmentKeyAliasArn, promotionObjectKey } from '../../../model';
import type { PipelineStageSpec } from '../../../modules/codepipeline';
import { IMAGE_RELEASE_PURPOSE } from '../image-repository';
import { ARTIFACTS, STAGES, type StageContext } from './context';

/**
 * Promote: the artifact, checked here, handed to the next environment's store under that environment's key. Where
 * the artifact names an image built here, the release tagger first tags that image `release-...`, so the
 * repository's lifecycle rules keep it while later environments run it (stacks/compose/image-repository.ts).
 */
export function promoteStage(ctx: StageContext): PipelineStageSpec | undefined {
  const { prefix, partition } = ctx.stack.organisation;
  const { service, next } = ctx.placement;
  if (next === undefined) return undefined;
  const release = ctx.parts.builds.imageReleases.has(service.name)
    ? [{ ...ctx.build(IMAGE_RELEASE_PURPOSE, IMAGE_RELEASE_PURPOSE, [ARTIFACTS.artifact]), runOrder: 1 }]
    : [];
  return {
    name: STAGES.promote,
    actions: [
      ...release,
      {
        kind: 's3-deploy',
        name: `promote-to-${next.name}`,
        bucketName: ctx.stack.model.environment(next.name).shared.artifactBucketName,
        extract: false,
        objectKey: promotionObjectKey(service.name, next.name),
        kmsKeyAliasArn: environmentKeyAliasArn(partition, prefix, next.name, next.account),
        input: ARTIFACTS.artifact,
        runOrder: release.length + 1,
      },
    ],
  };
}
