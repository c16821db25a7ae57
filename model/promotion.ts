/**
 * The two positions in the promotion order that the rest of the platform treats specially, and each
 * environment's neighbours, defined here once. Validation (model/config.ts), pipeline resolution (model/pipelines.ts) and the resolved model
 * (model/platform-model.ts) all call these; nothing else picks an environment by position.
 */

/** The first environment of the promotion order: it builds, tests and scans; every later one deploys the promoted artifact. */
export function firstOf<T>(promotionOrder: readonly T[]): T {
  return promotionOrder[0];
}

/**
 * The production environment: the last of the promotion order. With a single environment, that environment
 * is production (it needs an approval with reviewers, production log retention and protected state, and every
 * pipeline that reaches it approves and validates).
 */
export function productionOf<T>(promotionOrder: readonly T[]): T {
  return promotionOrder[promotionOrder.length - 1];
}

/** The environment before `name` in `order` (the one it receives the promoted artifact from); undefined for the first. */
export function previousOf<T>(order: readonly T[], name: T): T | undefined {
  const index = order.indexOf(name);
  return index > 0 ? order[index - 1] : undefined;
}

/** The environment after `name` in `order` (the one it passes the artifact on to); undefined for the last. */
export function nextOf<T>(order: readonly T[], name: T): T | undefined {
  const index = order.indexOf(name);
  return index >= 0 && index < order.length - 1 ? order[index + 1] : undefined;
}
