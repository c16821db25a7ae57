import type { PolicyRule, ResourceView } from '../rule';
import { firstBlock, isTrue } from './helpers';

/** The tag patterns an active tag ruleset restricts creating, moving and deleting, for one ruleset. */
function restrictedTagRefs(ruleset: ResourceView): string[] {
  const { config } = ruleset;
  if (config.target !== 'tag' || config.enforcement !== 'active') return [];
  const rules = firstBlock(config.rules);
  if (rules === undefined || !['creation', 'update', 'deletion'].every((rule) => isTrue(rules[rule]))) return [];
  const include = firstBlock(firstBlock(config.conditions)?.ref_name)?.include;
  return Array.isArray(include) ? include.filter((ref): ref is string => typeof ref === 'string') : [];
}

export const githubReleaseTagsProtected: PolicyRule = {
  id: 'PLAT-GIT-007',
  level: 'error',
  description:
    'A deployment environment open to tags has an active tag ruleset on the same repository restricting the creation, update and deletion of those tags',
  reason:
    'A tag policy only says which tags may deploy: without a ruleset anyone with write access can create or move such a tag and deploy (publish a release)',
  appliesTo: ['github_repository_environment_deployment_policy'],
  check(policy, stack) {
    const pattern = policy.config.tag_pattern;
    if (typeof pattern !== 'string') return [];
    const ref = `refs/tags/${pattern}`;
    const covered = stack
      .ofType('github_repository_ruleset')
      .some((ruleset) => ruleset.config.repository === policy.config.repository && restrictedTagRefs(ruleset).includes(ref));
    return covered
      ? []
      : [
          `tag pattern "${pattern}" may deploy, but no active tag ruleset on the same repository restricts creating, updating and deleting ${ref}`,
        ];
  },
};
