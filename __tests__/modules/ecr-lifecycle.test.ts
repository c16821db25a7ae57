/**
 * What the ECR repository's lifecycle rules expire, evaluated over the synthesized policy JSON the way ECR documents
 * its evaluation (__tests__/support/ecr-lifecycle.ts): an image promoted out of the environment that built it (tagged
 * `release-...` on promotion) outlives any number of later builds, so a later environment that still runs it, or
 * rolls back to it, finds it.
 */
import { EcrRepository, RELEASE_TAG_PREFIX, type EcrRepositoryProps } from '../../modules/ecr-repository';
import { Testing, TerraformStack } from '../../modules/core';
import { expiredBy, type LifecycleImage } from '../support/ecr-lifecycle';
import { resourcesOf } from '../support/synth';

function policyOf(overrides: Partial<EcrRepositoryProps> = {}): string {
  const stack = new TerraformStack(Testing.app(), 'test');
  new EcrRepository(stack, 'image-repository', {
    repositoryName: 'acme-svc',
    accountId: '111111111111',
    region: 'eu-west-1',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
    pushRoleArn: 'arn:aws:iam::111111111111:role/build',
    releaseRoleArn: 'arn:aws:iam::111111111111:role/release',
    ...overrides,
  });
  return resourcesOf(JSON.parse(Testing.synth(stack)), 'aws_ecr_lifecycle_policy')[0].policy as string;
}

/** `count` builds, one a day from day 1, each tagged with its commit; `released` of them promoted (release- tag). */
function builds(count: number, released: readonly number[] = []): LifecycleImage[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const tags = [`commit${n}`, ...(released.includes(n) ? [`${RELEASE_TAG_PREFIX}${n}`] : [])];
    return { digest: `sha256:${n}`, tags, pushedDay: n };
  });
}

const policy = policyOf();

test('a released image outlives 300 later builds; the unreleased builds beyond the newest 200 expire', () => {
  const images = builds(301, [1]);
  const expired = expiredBy(policy, images, 302);
  expect(expired.has('sha256:1')).toBe(false);
  // the newest 200 images are kept (the released one counts among them only as ECR counts it: it is older)
  expect([...expired].sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)))).toEqual(
    Array.from({ length: 100 }, (_, i) => `sha256:${i + 2}`),
  );
});

test('without the rule for released images (the policy before), the same released image expires', () => {
  const before = JSON.stringify({
    rules: (JSON.parse(policy) as { rules: { rulePriority: number; selection: { tagStatus: string } }[] }).rules.filter(
      (r) => r.selection.tagStatus !== 'tagged',
    ),
  });
  expect(expiredBy(before, builds(301, [1]), 302).has('sha256:1')).toBe(true);
});

test('released images are kept up to their own count, the newest first', () => {
  const released = Array.from({ length: 12 }, (_, i) => i + 1);
  const expired = expiredBy(policyOf({ keepReleasedImages: 10, keepLastImages: 5 }), builds(30, released), 31);
  expect(released.filter((n) => expired.has(`sha256:${n}`))).toEqual([1, 2]);
  // the unreleased are out of reach of the released count: the any-rule keeps the newest 5 of all images
  expect(expired.has('sha256:13')).toBe(true);
  expect(expired.has('sha256:30')).toBe(false);
});

test('an untagged image (a failed push) expires after 7 days, whatever the counts', () => {
  const images: LifecycleImage[] = [
    { digest: 'sha256:old', tags: [], pushedDay: 1 },
    { digest: 'sha256:new', tags: [], pushedDay: 9 },
    ...builds(3),
  ];
  expect([...expiredBy(policy, images, 10)]).toEqual(['sha256:old']);
});

test('the evaluator refuses what ECR refuses: an any-rule before another rule', () => {
  const rules = (JSON.parse(policy) as { rules: { rulePriority: number }[] }).rules;
  const misordered = JSON.stringify({ rules: rules.map((r) => ({ ...r, rulePriority: 4 - r.rulePriority })) });
  expect(() => expiredBy(misordered, builds(1), 2)).toThrow(/tagStatus "any" rule must have the highest rulePriority/);
});
