import { Testing, TerraformStack } from '../../modules/core';
import { TagProtection, type TagProtectionProps } from '../../modules/github-tag-protection';

function synth(props: TagProtectionProps): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 'test');
  new TagProtection(stack, 'tags', props);
  return JSON.parse(Testing.synth(stack));
}

function rulesetOf(props: TagProtectionProps): Record<string, any> {
  return Object.values<Record<string, any>>(synth(props).resource.github_repository_ruleset)[0];
}

describe('TagProtection', () => {
  test('an active tag ruleset: creation, update, deletion and force-updates restricted; teams and admins bypass', () => {
    expect(rulesetOf({ repository: 'svc-api', tagPatterns: ['v*', 'release-*'], bypassTeamIds: ['42'] })).toEqual({
      repository: 'svc-api',
      name: 'release-tags',
      target: 'tag',
      enforcement: 'active',
      conditions: { ref_name: { include: ['refs/tags/v*', 'refs/tags/release-*'], exclude: [] } },
      rules: { creation: true, update: true, deletion: true, non_fast_forward: true },
      bypass_actors: [
        { actor_id: 42, actor_type: 'Team', bypass_mode: 'always' },
        { actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' },
      ],
    });
  });

  test('defaults: no team; admins can be left out, so that nobody bypasses', () => {
    expect(rulesetOf({ repository: 'r', tagPatterns: ['v*'] }).bypass_actors).toEqual([
      { actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' },
    ]);
    expect(rulesetOf({ repository: 'r', tagPatterns: ['v*'], bypassRepositoryAdmins: false, name: 'tags' })).toMatchObject({
      name: 'tags',
      bypass_actors: [],
    });
  });

  test.each<[string, readonly string[], RegExp]>([
    ['no pattern', [], /TagProtection test\/tags \(svc-api\): tagPatterns needs at least one pattern/],
    ['an empty pattern', [' '], /tag pattern " " must be a non-empty tag name pattern/],
    ['a full ref', ['refs/tags/v*'], /tag pattern "refs\/tags\/v\*" must be .* without the refs\/tags\/ prefix/],
    ['a pattern twice', ['v*', 'v*'], /tagPatterns lists a pattern twice/],
  ])('refuses %s', (_name, tagPatterns, message) => {
    expect(() => synth({ repository: 'svc-api', tagPatterns })).toThrow(message);
  });

  test('refuses a team slug where a team id belongs', () => {
    expect(() => synth({ repository: 'r', tagPatterns: ['v*'], bypassTeamIds: ['commerce'] })).toThrow(
      /bypass team id "commerce" must be a team's numeric id/,
    );
  });
});
