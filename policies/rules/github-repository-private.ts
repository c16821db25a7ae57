import type { PolicyRule } from '../rule';
import { isTrue } from './helpers';

export const githubRepositoryPrivate: PolicyRule = {
  id: 'PLAT-GH-101',
  counterpart: 'CKV_GIT_1',
  level: 'error',
  description: 'GitHub repositories are private or internal',
  reason: 'Service and platform code names accounts, roles and pipelines; publishing it is a decision, not a default',
  appliesTo: ['github_repository'],
  check(repository) {
    const { visibility } = repository.config;
    if (visibility === 'private' || visibility === 'internal') return [];
    if (visibility === undefined && isTrue(repository.config.private)) return [];
    return [`is not private (visibility ${JSON.stringify(visibility ?? 'unset')})`];
  },
};
