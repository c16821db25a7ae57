import type { PolicyRule } from '../rule';
import { checkedInStage, deployStages, stagesOf } from './pipeline-helpers';

export const pipelineDeployRecovery: PolicyRule = {
  id: 'PLAT-PIPE-004',
  level: 'error',
  description:
    'Every deploy stage of every pipeline ends with a check (a test action after its deploy actions) and rolls back on failure (on_failure ROLLBACK)',
  reason:
    'A deploy is checked where it lands, and a failed deploy or check restores the last successful deployment instead of leaving a broken one',
  appliesTo: ['aws_codepipeline'],
  check(pipeline) {
    const stages = stagesOf(pipeline);
    return deployStages(stages).flatMap((index) => {
      const stage = stages[index];
      const problems: string[] = [];
      if (!checkedInStage(stages, index)) problems.push(`stage "${stage.name}" has no test action after its deploy actions`);
      const onFailure = Array.isArray(stage.on_failure) ? stage.on_failure[0] : stage.on_failure;
      if ((onFailure as { result?: string } | undefined)?.result !== 'ROLLBACK') {
        problems.push(`stage "${stage.name}" does not roll back on failure (on_failure { result = "ROLLBACK" })`);
      }
      return problems;
    });
  },
};
