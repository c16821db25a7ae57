import type { PolicyRule } from '../rule';
import { pipelineActions } from './helpers';

const VALIDATE_STAGE = /validat|verif|smoke/i;

export const prodValidateStage: PolicyRule = {
  id: 'PLAT-PROD-002',
  level: 'error',
  description: 'In production, a pipeline that deploys also has a validate stage (a Test action or a stage named validate/verify/smoke)',
  reason: 'A production deploy is never left unverified: the promoted artifact is validated where it runs',
  appliesTo: ['aws_codepipeline'],
  check(pipeline, stack) {
    if (!stack.production) return [];
    const actions = pipelineActions(pipeline);
    if (!actions.some((a) => a.category === 'Deploy')) return [];
    const validates = actions.some((a) => a.category === 'Test' || VALIDATE_STAGE.test(a.stageName));
    return validates ? [] : ['deploys to production but has no validate stage (a Test action, or a stage named validate/verify/smoke)'];
  },
};
