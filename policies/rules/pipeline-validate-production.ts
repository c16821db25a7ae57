import type { PolicyRule } from '../rule';
import { checkedAfterDeploy, deployStages, isProductionPipeline, stagesOf } from './pipeline-helpers';

export const pipelineValidateProduction: PolicyRule = {
  id: 'PLAT-PIPE-002',
  level: 'error',
  description:
    'A pipeline that changes production checks each deploy: test actions after the deploy actions of its stage, or a stage of test actions after it',
  reason: 'A production deploy is checked by smoke or integration tests, so a bad release is caught and rolled back',
  appliesTo: ['aws_codepipeline'],
  check(pipeline, stack) {
    if (!isProductionPipeline(pipeline, stack)) return [];
    const stages = stagesOf(pipeline);
    return deployStages(stages)
      .filter((index) => !checkedAfterDeploy(stages, index))
      .map((index) => `production pipeline deploys in stage "${stages[index].name}" with no validate stage after it`);
  },
};
