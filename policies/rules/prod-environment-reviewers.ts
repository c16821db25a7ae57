import type { PolicyRule } from '../rule';
import { blocksOf } from './helpers';

export const prodEnvironmentReviewers: PolicyRule = {
  id: 'PLAT-PROD-003',
  level: 'error',
  description:
    'Every GitHub deployment environment of production (in a production stack, or named like the production environment) requires reviewers',
  reason: 'A workflow job that deploys production waits for a person of the approving teams, like the pipeline does',
  appliesTo: ['github_repository_environment'],
  check(environment, stack) {
    if (!stack.production && environment.config.environment !== stack.productionEnvironment) return [];
    const reviewers = blocksOf(environment.config.reviewers).flatMap((r) => [r.teams, r.users].flat().filter((x) => x !== undefined));
    return reviewers.length > 0 ? [] : [`environment ${String(environment.config.environment ?? '')} has no required reviewers`];
  },
};
