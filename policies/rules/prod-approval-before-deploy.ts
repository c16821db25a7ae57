import type { PolicyRule } from '../rule';
import { pipelineActions } from './helpers';

export const prodApprovalBeforeDeploy: PolicyRule = {
  id: 'PLAT-PROD-001',
  level: 'error',
  description: 'In production, every pipeline deploy action comes after a manual approval',
  reason: 'Production changes only after a person of the approving teams said yes (the promotion design)',
  appliesTo: ['aws_codepipeline'],
  check(pipeline, stack) {
    if (!stack.production) return [];
    const actions = pipelineActions(pipeline);
    const approvals = actions.filter((a) => a.category === 'Approval' && a.provider === 'Manual');
    return actions
      .filter((a) => a.category === 'Deploy')
      .filter((deploy) => !approvals.some((ap) => ap.stage < deploy.stage || (ap.stage === deploy.stage && ap.runOrder < deploy.runOrder)))
      .map((deploy) => `deploy action ${deploy.stageName}/${deploy.name} has no manual approval before it`);
  },
};
