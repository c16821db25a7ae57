import type { PipelineStageSpec } from '../../../modules/codepipeline';
import { ARTIFACTS, STAGES, type StageContext } from './context';

/**
 * SecurityScan: the service's security-scan project over the source (primary) and the built artifact, before
 * the first deploy of every pipeline, whatever its pattern. Only the first environment of the path builds, so
 * only it scans: every later one deploys the artifact scanned here.
 */
export function scanStage(ctx: StageContext): PipelineStageSpec {
  return {
    name: STAGES.securityScan,
    actions: [ctx.build('security-scan', 'security-scan', [ARTIFACTS.source, ARTIFACTS.artifact])],
  };
}
