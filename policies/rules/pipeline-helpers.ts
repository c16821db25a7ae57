import { PIPELINE_TIER_TAG } from '../../vocabulary/tags';
import type { ResourceView, StackView } from '../rule';

/** An action of a synthesized `aws_codepipeline` stage. */
export interface SynthesizedAction {
  readonly name: string;
  readonly category: string;
  readonly provider: string;
}

/** A synthesized `aws_codepipeline` stage. */
export interface SynthesizedStage {
  readonly name: string;
  readonly action: readonly SynthesizedAction[];
}

export function stagesOf(pipeline: ResourceView): SynthesizedStage[] {
  const stages = pipeline.config.stage;
  return Array.isArray(stages) ? (stages as SynthesizedStage[]) : [];
}

/** Whether the pipeline changes production: it is tagged so, or its stack deploys production (stack traits). */
export function isProductionPipeline(pipeline: ResourceView, stack?: StackView): boolean {
  const tags = pipeline.config.tags as Record<string, unknown> | undefined;
  return tags?.[PIPELINE_TIER_TAG.key] === PIPELINE_TIER_TAG.production || (stack?.production ?? false);
}

/**
 * Index of the first stage that changes the environment: one with a Deploy-category action, or named
 * `Deploy...` (infrastructure applied by CodeBuild). -1 when there is none.
 */
export function firstDeployStage(stages: readonly SynthesizedStage[]): number {
  return stages.findIndex((s) => /^Deploy/.test(s.name) || (s.action ?? []).some((a) => a.category === 'Deploy'));
}
