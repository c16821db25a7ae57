import { PIPELINE_TIER_TAG } from '../../vocabulary/tags';
import type { ResourceView, StackView } from '../rule';

/** An action of a synthesized `aws_codepipeline` stage. */
export interface SynthesizedAction {
  readonly name: string;
  readonly category: string;
  readonly provider: string;
  /** @default 1 */
  readonly run_order?: number;
  readonly configuration?: Readonly<Record<string, string>>;
}

/** A synthesized `aws_codepipeline` stage. */
export interface SynthesizedStage {
  readonly name: string;
  readonly action: readonly SynthesizedAction[];
  /** `{ result: 'ROLLBACK' }` when the stage rolls back on failure (a block: an object, or a list of one). */
  readonly on_failure?: unknown;
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
  return stages.findIndex(deploys);
}

/** An S3 deploy that writes one object without extracting it: an artifact handed over (promotion), not a deployment. */
function handsOver(action: SynthesizedAction): boolean {
  return action.provider === 'S3' && action.configuration?.Extract === 'false';
}

/**
 * Whether a stage changes the environment: a Deploy-category action (an artifact handed over aside), or a name
 * `Deploy...` (infrastructure applied by CodeBuild).
 */
function deploys(stage: SynthesizedStage): boolean {
  return /^Deploy/.test(stage.name) || (stage.action ?? []).some((a) => a.category === 'Deploy' && !handsOver(a));
}

/**
 * Whether a Test action of stage `index` runs after all its other actions (a higher run order): a check whose
 * failure fails the deploy's own stage.
 */
export function checkedInStage(stages: readonly SynthesizedStage[], index: number): boolean {
  const actions = stages[index].action ?? [];
  const order = (a: SynthesizedAction) => a.run_order ?? 1;
  const last = Math.max(0, ...actions.filter((a) => a.category !== 'Test').map(order));
  return actions.some((a) => a.category === 'Test' && order(a) > last);
}

/** Indexes of the stages that change the environment, in order. */
export function deployStages(stages: readonly SynthesizedStage[]): number[] {
  return stages.flatMap((stage, index) => (deploys(stage) ? [index] : []));
}

/**
 * Whether the deploy of stage `index` is checked: a Test action of the stage runs after all its other actions
 * (a higher run order: a failure fails the deploy's own stage), or a later stage holds test actions only.
 */
export function checkedAfterDeploy(stages: readonly SynthesizedStage[], index: number): boolean {
  if (checkedInStage(stages, index)) return true;
  return stages.slice(index + 1).some((s) => (s.action ?? []).length > 0 && (s.action ?? []).every((a) => a.category === 'Test'));
}
