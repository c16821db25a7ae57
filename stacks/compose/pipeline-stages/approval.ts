import { APPROVAL_ACTION_NAME, approvesIn, pipelineName } from '../../../model';
import type { PipelineStageSpec } from '../../../modules/codepipeline';
import { ARTIFACTS, STAGES, type StageContext } from './context';

/**
 * InfrastructurePlan (deploy target `infrastructure`): the plan of the artifact in this environment, before
 * its approval, so a reviewer sees the plan and the Deploy stage applies exactly it
 * (stacks/compose/infrastructure-builds.ts).
 */
export function reviewPlanStage(ctx: StageContext): PipelineStageSpec | undefined {
  const { deploy } = ctx.placement.pipeline;
  if (deploy.type !== 'infrastructure') return undefined;
  return { name: STAGES.plan, actions: [ctx.build(`${deploy.tool}-plan`, 'iac-plan', [ARTIFACTS.artifact], [ARTIFACTS.plan])] };
}

/** Approval: where the environment requires one, and in every pipeline of the gated pattern. */
export function approvalStage(ctx: StageContext): PipelineStageSpec | undefined {
  const { prefix } = ctx.stack.organisation;
  const { service, pipeline, environment, previous } = ctx.placement;
  if (!approvesIn(pipeline, environment)) return undefined;
  const env = environment.name;
  const region = environment.account.region;
  const name = pipelineName(prefix, env, service.name);
  return {
    name: STAGES.approval,
    actions: [
      {
        kind: 'approval',
        name: APPROVAL_ACTION_NAME,
        topicArn: ctx.stack.shared.notificationTopicArn,
        message: `Approve deploying ${service.name} to ${env}${previous === undefined ? '' : ` (the artifact ${previous.name} validated)`}`,
        reviewUrl:
          pipeline.reviewUrl ?? `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${name}/view?region=${region}`,
      },
    ],
  };
}
