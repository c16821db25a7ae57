/**
 * The shape of a policy rule id, e.g. `PLAT-S3-001`: a family, a topic and a three-digit number. Rules
 * (policies/) declare ids of this shape and suppressions (added by modules and stacks) name them.
 */
export const RULE_ID_PATTERN = /^[A-Z][A-Z0-9]*-[A-Z0-9]+-\d{3}$/;

/** True when `id` has the shape of a rule id. */
export function isRuleId(id: string): boolean {
  return RULE_ID_PATTERN.test(id);
}
