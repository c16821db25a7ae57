import type { PipelineActionSpec, PipelineStageSpec } from '../../../modules/codepipeline';
import { ARTIFACTS, STAGES, type StageContext } from './context';

/** Infrastructure (pattern infra-app): the plan of the service's infrastructure, before the application builds. */
export function infrastructurePlanStage(ctx: StageContext): PipelineStageSpec | undefined {
  const { infrastructure } = ctx.placement.pipeline;
  if (infrastructure === undefined) return undefined;
  return {
    name: STAGES.infrastructure,
    actions: [ctx.build(`${infrastructure.tool}-plan`, 'iac-plan', [ARTIFACTS.source], [ARTIFACTS.plan])],
  };
}

/** Build: the one build of the artifact every environment of the path deploys. */
export function buildStage(ctx: StageContext): PipelineStageSpec {
  return { name: STAGES.build, actions: [ctx.build('build', 'build', [ARTIFACTS.source], [ARTIFACTS.artifact])] };
}

/** Test: the pipeline's tests over the source and the artifact, in parallel where none depends on another. */
export function testStage(ctx: StageContext): PipelineStageSpec | undefined {
  const { service, pipeline } = ctx.placement;
  if (pipeline.tests.length === 0) return undefined;
  const order = new Map<string, number>();
  const sharded = (service.build.batch?.purposes as readonly string[] | undefined) ?? [];
  const actions = pipeline.tests.map((test): PipelineActionSpec => {
    const runOrder = 1 + Math.max(0, ...test.dependsOn.map((d) => order.get(d) ?? 0));
    order.set(test.name, runOrder);
    return {
      ...ctx.build(test.name, test.name, [ARTIFACTS.source, ARTIFACTS.artifact]),
      category: 'Test',
      runOrder,
      // a sharded project's buildspec lists its shards as a batch: only a batch build runs them
      batch: sharded.includes(test.name),
    };
  });
  return { name: STAGES.test, actions };
}
