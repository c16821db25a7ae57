import type { PolicyRule } from '../rule';

export const githubRepositoryPrivate: PolicyRule = {
  id: 'PLAT-GIT-001',
  counterpart: 'CKV_GIT_1',
  level: 'error',
  description: 'GitHub repositories are private or internal, never public',
  reason: 'Service code, build definitions and CODEOWNERS reveal how production is built and deployed',
  appliesTo: ['github_repository'],
  check(repository) {
    const { visibility, private: isPrivate } = repository.config;
    if (visibility === undefined) {
      return isPrivate === true || isPrivate === 'true'
        ? []
        : ['visibility is not set (GitHub defaults to public); set "private" or "internal"'];
    }
    return visibility === 'private' || visibility === 'internal'
      ? []
      : [`visibility is "${String(visibility)}"; use "private" or "internal"`];
  },
};
