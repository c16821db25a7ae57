import { lastRunOrder, type PipelineStageSpec } from '../../../modules/codepipeline';
import { ARTIFACTS, STAGES, type StageContext } from './context';
import { deployActions, infrastructureApply } from './deploy-targets';
import { convergenceCheck, postDeployChecks } from './post-deploy';

/**
 * DeployInfrastructure (pattern infra-app): the saved plan of the Infrastructure stage applied, then planned
 * again to check it converged, in the same stage: a failure stops the pipeline before the application is
 * deployed onto it, and the stage rolls back: the apply plans the last successful execution's configuration again
 * and applies it (docs/deploy-targets.md).
 */
export function deployInfrastructureStage(ctx: StageContext): PipelineStageSpec | undefined {
  const { infrastructure } = ctx.placement.pipeline;
  if (infrastructure === undefined) return undefined;
  const apply = [infrastructureApply(ctx, infrastructure.tool, ARTIFACTS.source, STAGES.deployInfrastructure)];
  return {
    name: STAGES.deployInfrastructure,
    actions: [...apply, convergenceCheck(ctx, infrastructure.tool, ARTIFACTS.source, lastRunOrder(apply) + 1)],
    rollbackOnFailure: true,
  };
}

/**
 * Deploy: the deploy target's action(s) (stacks/compose/pipeline-stages/deploy-targets.ts), then the post-deploy
 * checks after them (an infrastructure target is also planned again). The stage rolls back on failure
 * (CodePipeline V2), so a failed deploy or a failed check restores the last successful execution's deployment;
 * CodeDeploy groups also roll back a failed deployment themselves.
 */
export function deployStage(ctx: StageContext): PipelineStageSpec {
  const { deploy } = ctx.placement.pipeline;
  const actions = deployActions(ctx);
  const after = lastRunOrder(actions) + 1;
  const converged = deploy.type === 'infrastructure' ? [convergenceCheck(ctx, deploy.tool, ARTIFACTS.artifact, after)] : [];
  return { name: STAGES.deploy, actions: [...actions, ...converged, ...postDeployChecks(ctx, after)], rollbackOnFailure: true };
}
