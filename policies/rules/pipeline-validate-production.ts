import type { PolicyRule } from '../rule';
import { firstDeployStage, isProductionPipeline, stagesOf } from './pipeline-helpers';

export const pipelineValidateProduction: PolicyRule = {
  id: 'PLAT-PIPE-002',
  level: 'error',
  description: 'A pipeline that changes production has a validate stage (test actions only) after it deploys',
  reason: 'A production deploy is checked by smoke or integration tests, so a bad release is caught and rolled back',
  appliesTo: ['aws_codepipeline'],
  check(pipeline, stack) {
    if (!isProductionPipeline(pipeline, stack)) return [];
    const stages = stagesOf(pipeline);
    const deploy = firstDeployStage(stages);
    if (deploy < 0) return [];
    const validates = stages
      .slice(deploy + 1)
      .some((s) => (s.action ?? []).length > 0 && (s.action ?? []).every((a) => a.category === 'Test'));
    return validates ? [] : [`production pipeline deploys in stage "${stages[deploy].name}" with no validate stage after it`];
  },
};
