import type { CodeBuildAction } from '../../../modules/codepipeline';
import { ARTIFACTS, type StageContext } from './context';

/**
 * The post-deploy check of the application's deploy stage, at `runOrder` (after every deploy action of the
 * stage): the service's validate project (its smoke tests, against what was just deployed); in a later
 * environment also its integration tests, in parallel, against the environment the artifact now runs in. In
 * the deploy's own stage, so a failing check fails the stage and its rollback restores the last successful
 * deployment.
 */
export function postDeployChecks(ctx: StageContext, runOrder: number): CodeBuildAction[] {
  const { pipeline, previous } = ctx.placement;
  const check = (name: string): CodeBuildAction => ({ ...ctx.build(name, name, [ARTIFACTS.artifact]), category: 'Test', runOrder });
  const checks = [check('validate')];
  if (previous !== undefined && pipeline.tests.some((t) => t.name === 'integration-test')) checks.push(check('integration-test'));
  return checks;
}

/**
 * The post-deploy check of an infrastructure apply, at `runOrder`: the service's plan project planned again over
 * the configuration just applied (`input`), with `-detailed-exitcode` (Terraform's `TF_CLI_ARGS_plan`), so
 * changes left after the apply (an apply that did not converge, or a resource that drifts at once) fail it.
 */
export function convergenceCheck(ctx: StageContext, tool: string, input: string, runOrder: number): CodeBuildAction {
  return {
    ...ctx.build(`${tool}-converged`, 'iac-plan', [input]),
    category: 'Test',
    runOrder,
    environmentVariables: { TF_CLI_ARGS_plan: '-detailed-exitcode' },
  };
}
