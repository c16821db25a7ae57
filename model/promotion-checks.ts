import { FILE, type EnvironmentConfig } from '../environments';

/** A rule that may only tighten along the promotion order: each later environment is at least as strict. */
interface MonotoneRule {
  /** The field, as written in an environment file. */
  readonly field: string;
  /** How strict an environment is under this rule: higher is stricter. */
  readonly strictness: (env: EnvironmentConfig) => number;
  /** The environment's setting, in words. */
  readonly describe: (env: EnvironmentConfig) => string;
}

const RULES: readonly MonotoneRule[] = [
  {
    field: 'approval.required',
    strictness: (env) => (env.approval.required ? 1 : 0),
    describe: (env) => (env.approval.required ? 'requires approval' : 'requires none'),
  },
  {
    field: 'logRetentionDays',
    strictness: (env) => env.logRetentionDays,
    describe: (env) => `keeps logs ${env.logRetentionDays} days`,
  },
];

/** `environments` ordered from least to most strict (stable: ties keep their order), as a suggestion. */
function suggestedOrder(environments: readonly EnvironmentConfig[]): string[] {
  return environments
    .map((env, index) => ({ env, index }))
    .sort((a, b) => {
      for (const rule of RULES) {
        const diff = rule.strictness(a.env) - rule.strictness(b.env);
        if (diff !== 0) return diff;
      }
      return a.index - b.index;
    })
    .map(({ env }) => env.name);
}

/**
 * `promotionOrder` runs towards production, the last environment: approval and log retention may only
 * tighten along it. An environment that is laxer than one before it means the order is wrong (production
 * placed before staging) or the environment's setting is. One message, naming promotionOrder and the field.
 */
export function promotionOrderProblems(environments: readonly EnvironmentConfig[]): string[] {
  for (const rule of RULES) {
    for (let i = 1; i < environments.length; i += 1) {
      const later = environments[i];
      const stricter = environments.slice(0, i).find((env) => rule.strictness(env) > rule.strictness(later));
      if (stricter === undefined) continue;
      const order = suggestedOrder(environments);
      const reorder =
        order.join(',') === environments.map((e) => e.name).join(',') ? '' : ` (e.g. [${order.map((n) => `'${n}'`).join(', ')}])`;
      return [
        `${FILE.organisation}: promotionOrder: "${later.name}" comes after "${stricter.name}" but ${rule.describe(later)} where "${stricter.name}" ${rule.describe(stricter)} (${rule.field}); ` +
          `environments only tighten towards production, which is last: reorder promotionOrder${reorder} or change ${rule.field} in ${FILE.environment(later.name)}`,
      ];
    }
  }
  return [];
}
