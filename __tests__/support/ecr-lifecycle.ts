/**
 * Amazon ECR's lifecycle policy evaluation, as its user guide documents it, over a policy's JSON: what a policy
 * would expire from a given set of images. The rules, in rulePriority order (lowest first):
 * - a rule selects the images its tag status (and prefix list) matches: `untagged`, `tagged` with every prefix of
 *   `tagPrefixList` matching one of the image's tags, or `any`;
 * - of those, `imageCountMoreThan` marks all but the newest `countNumber` (by push time), `sinceImagePushed` those
 *   pushed more than `countNumber` days ago;
 * - an image is expired by at most one rule, and an image that matches the tag selection of a higher-priority rule is
 *   never expired by a lower-priority one (which still counts it, "as if it had not been expired").
 * It also refuses what ECR refuses: two rules of one priority, `any` not last, two rules selecting untagged images.
 */

export interface LifecycleImage {
  readonly digest: string;
  readonly tags: readonly string[];
  /** Push time, in days on any fixed scale (larger: newer). */
  readonly pushedDay: number;
}

interface Rule {
  readonly rulePriority: number;
  readonly selection: {
    readonly tagStatus: 'tagged' | 'untagged' | 'any';
    readonly tagPrefixList?: readonly string[];
    readonly countType: 'imageCountMoreThan' | 'sinceImagePushed';
    readonly countNumber: number;
  };
  readonly action: { readonly type: string };
}

function checkRules(rules: readonly Rule[]): void {
  const priorities = rules.map((r) => r.rulePriority);
  if (new Set(priorities).size !== priorities.length) throw new Error('lifecycle policy: two rules share a rulePriority');
  const last = Math.max(...priorities);
  for (const rule of rules) {
    const { tagStatus, tagPrefixList, countType } = rule.selection;
    if (tagStatus === 'any' && rule.rulePriority !== last)
      throw new Error('lifecycle policy: a tagStatus "any" rule must have the highest rulePriority');
    if (tagStatus === 'tagged' && (tagPrefixList ?? []).length === 0)
      throw new Error('lifecycle policy: a tagged rule needs a tagPrefixList');
    if (countType !== 'imageCountMoreThan' && countType !== 'sinceImagePushed')
      throw new Error(`lifecycle policy: countType ${String(countType)} not modelled`);
    if (rule.action.type !== 'expire') throw new Error(`lifecycle policy: action ${rule.action.type} not modelled`);
  }
  if (rules.filter((r) => r.selection.tagStatus === 'untagged').length > 1)
    throw new Error('lifecycle policy: only one rule may select untagged images');
}

function selects(rule: Rule, image: LifecycleImage): boolean {
  const { tagStatus, tagPrefixList } = rule.selection;
  if (tagStatus === 'any') return true;
  if (tagStatus === 'untagged') return image.tags.length === 0;
  return image.tags.length > 0 && (tagPrefixList ?? []).every((prefix) => image.tags.some((tag) => tag.startsWith(prefix)));
}

/** The digests `policyJson` expires from `images` on day `today`. */
export function expiredBy(policyJson: string, images: readonly LifecycleImage[], today: number): Set<string> {
  const rules = [...(JSON.parse(policyJson) as { rules: Rule[] }).rules].sort((a, b) => a.rulePriority - b.rulePriority);
  checkRules(rules);
  const expired = new Set<string>();
  const claimed = new Set<string>();
  for (const rule of rules) {
    const selected = images.filter((image) => selects(rule, image));
    const { countType, countNumber } = rule.selection;
    const marked =
      countType === 'imageCountMoreThan'
        ? [...selected].sort((a, b) => b.pushedDay - a.pushedDay).slice(countNumber)
        : selected.filter((image) => today - image.pushedDay > countNumber);
    for (const image of marked) if (!claimed.has(image.digest)) expired.add(image.digest);
    for (const image of selected) claimed.add(image.digest);
  }
  return expired;
}
