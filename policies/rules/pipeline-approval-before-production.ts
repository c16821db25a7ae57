import type { PolicyRule } from '../rule';
import { firstDeployStage, isProductionPipeline, stagesOf } from './pipeline-helpers';

export const pipelineApprovalBeforeProduction: PolicyRule = {
  id: 'PLAT-PIPE-001',
  level: 'error',
  description: 'A pipeline that changes production has a manual approval stage before its first deploy stage',
  reason: 'Production is never changed without a person approving the change',
  appliesTo: ['aws_codepipeline'],
  check(pipeline, stack) {
    if (!isProductionPipeline(pipeline, stack)) return [];
    const stages = stagesOf(pipeline);
    const deploy = firstDeployStage(stages);
    if (deploy < 0) return [];
    const approval = stages.findIndex((s) => (s.action ?? []).some((a) => a.category === 'Approval' && a.provider === 'Manual'));
    if (approval < 0) return [`production pipeline has no manual approval stage before stage "${stages[deploy].name}"`];
    if (approval > deploy) {
      return [`production pipeline approves in stage "${stages[approval].name}", after it deploys in stage "${stages[deploy].name}"`];
    }
    return [];
  },
};
