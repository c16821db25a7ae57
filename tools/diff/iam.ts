/**
 * IAM widening: which grants a policy gives in the head that it did not give in the base. Policies are
 * read from `aws_iam_policy_document` data sources and from literal JSON policies in resource attributes
 * (`policy`, `assume_role_policy`, `policy_document`); a reference (`${data...json}`) is judged where the
 * referenced document is.
 */
import { canonical, isObject } from './values';

/** One statement, reduced to what decides access. */
export interface Statement {
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: readonly string[];
  readonly conditions: readonly string[];
}

const list = (value: unknown): string[] =>
  value === undefined || value === null
    ? []
    : (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : canonical(v)));

/** Statements of an `aws_iam_policy_document` data source body. */
function fromDocument(body: Record<string, unknown>): Statement[] {
  const statements = Array.isArray(body.statement) ? body.statement : isObject(body.statement) ? [body.statement] : [];
  return statements.filter(isObject).map((s, index) => {
    const principals = (key: string, prefix: string) =>
      (Array.isArray(s[key]) ? s[key] : [])
        .filter(isObject)
        .flatMap((p) => list(p.identifiers).map((id) => `${prefix}${String(p.type)}:${id}`));
    return {
      label: typeof s.sid === 'string' ? s.sid : `statement ${index + 1}`,
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: [...list(s.actions), ...list(s.not_actions).map((a) => `NOT ${a}`)],
      resources: [...list(s.resources), ...list(s.not_resources).map((r) => `NOT ${r}`)],
      principals: [...principals('principals', ''), ...principals('not_principals', 'NOT ')],
      conditions: (Array.isArray(s.condition) ? s.condition : [])
        .filter(isObject)
        .map((c) => `${String(c.test)} ${String(c.variable)} ${canonical(c.values)}`)
        .sort(),
    };
  });
}

/** Statements of a JSON policy (the IAM policy language). */
function fromJsonPolicy(policy: Record<string, unknown>): Statement[] {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : isObject(policy.Statement) ? [policy.Statement] : [];
  return statements.filter(isObject).map((s, index) => {
    const principals = (value: unknown, prefix: string): string[] =>
      value === '*'
        ? [`${prefix}*:*`]
        : isObject(value)
          ? Object.entries(value).flatMap(([type, ids]) => list(ids).map((id) => `${prefix}${type}:${id}`))
          : [];
    const conditions = isObject(s.Condition)
      ? Object.entries(s.Condition).flatMap(([test, byVariable]) =>
          isObject(byVariable)
            ? Object.entries(byVariable).map(([variable, values]) => `${test} ${variable} ${canonical(list(values))}`)
            : [],
        )
      : [];
    return {
      label: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `statement ${index + 1}`,
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: [...list(s.Action), ...list(s.NotAction).map((a) => `NOT ${a}`)],
      resources: [...list(s.Resource), ...list(s.NotResource).map((r) => `NOT ${r}`)],
      principals: [...principals(s.Principal, ''), ...principals(s.NotPrincipal, 'NOT ')],
      conditions: conditions.sort(),
    };
  });
}

/** Attributes of a resource that may hold a policy. */
const POLICY_ATTRIBUTES = ['policy', 'assume_role_policy', 'policy_document'];

/** Policies held by one resource or data source body, by attribute (`''` for a policy document itself). */
export function policiesOf(kind: 'resource' | 'data', type: string, body: Record<string, unknown> | undefined): Map<string, Statement[]> {
  const found = new Map<string, Statement[]>();
  if (body === undefined) return found;
  if (kind === 'data' && type === 'aws_iam_policy_document') {
    found.set('', fromDocument(body));
    return found;
  }
  for (const attribute of POLICY_ATTRIBUTES) {
    const value = body[attribute];
    if (typeof value !== 'string' || !value.trimStart().startsWith('{')) continue;
    try {
      const parsed = JSON.parse(value) as unknown;
      if (isObject(parsed)) found.set(attribute, fromJsonPolicy(parsed));
    } catch {
      // not JSON (an interpolation inside a string): nothing to judge here
    }
  }
  return found;
}

interface Grant {
  readonly action: string;
  readonly resource: string;
  readonly principal: string;
  readonly conditions: readonly string[];
}

function grants(statement: Statement): Grant[] {
  const out: Grant[] = [];
  const principals = statement.principals.length > 0 ? statement.principals : [''];
  const resources = statement.resources.length > 0 ? statement.resources : [''];
  for (const action of statement.actions) {
    for (const resource of resources) {
      for (const principal of principals) out.push({ action, resource, principal, conditions: statement.conditions });
    }
  }
  return out;
}

const key = (g: Grant) => `${g.action}\u0000${g.resource}\u0000${g.principal}`;

/** Whether `base` already allowed `grant` at least as widely (same action, resource, principal, with no more conditions). */
function covered(grant: Grant, base: Map<string, Grant[]>): boolean {
  return (base.get(key(grant)) ?? []).some((b) => b.conditions.every((c) => grant.conditions.includes(c)));
}

function index(statements: readonly Statement[], effect: 'Allow' | 'Deny'): Map<string, Grant[]> {
  const map = new Map<string, Grant[]>();
  for (const s of statements.filter((st) => st.effect === effect)) {
    for (const g of grants(s)) map.set(key(g), [...(map.get(key(g)) ?? []), g]);
  }
  return map;
}

const unique = (values: readonly string[]) => [...new Set(values)].sort();

function describe(label: string, verb: string, gs: readonly Grant[]): string {
  const actions = unique(gs.map((g) => g.action));
  const resources = unique(gs.map((g) => g.resource).filter((r) => r !== ''));
  const principals = unique(gs.map((g) => g.principal).filter((p) => p !== ''));
  const parts = [`${label}: ${verb} ${actions.join(', ')}`];
  if (resources.length > 0) parts.push(`on ${resources.join(', ')}`);
  if (principals.length > 0) parts.push(`to ${principals.join(', ')}`);
  return parts.join(' ');
}

function describeTargets(gs: readonly Grant[]): string {
  const resources = unique(gs.map((g) => g.resource).filter((r) => r !== ''));
  const principals = unique(gs.map((g) => g.principal).filter((p) => p !== ''));
  return [resources.length > 0 ? `on ${resources.join(', ')}` : '', principals.length > 0 ? `to ${principals.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
}

/** A condition's `test variable` and its values (the statements hold `test variable <canonical JSON of the values>`). */
function splitCondition(condition: string): [string, string[]] {
  const [test, variable, ...rest] = condition.split(' ');
  const text = rest.join(' ');
  try {
    const values = JSON.parse(text) as unknown;
    return [`${test} ${variable}`, (Array.isArray(values) ? values : [values]).map(String)];
  } catch {
    return [`${test} ${variable}`, [text]];
  }
}

/** How the conditions of one statement changed, one phrase per condition key (values admitted, conditions dropped). */
function conditionChanges(before: readonly string[], after: readonly string[]): string[] {
  const base = new Map(before.map(splitCondition));
  const head = new Map(after.map(splitCondition));
  const phrases: string[] = [];
  for (const [key, values] of head) {
    const was = base.get(key);
    if (was === undefined) {
      phrases.push(`${key} is new (${values.join(', ')})`);
      continue;
    }
    const added = values.filter((v) => !was.includes(v));
    const removed = was.filter((v) => !values.includes(v));
    if (added.length > 0) phrases.push(`${key} also admits ${added.join(', ')}`);
    if (removed.length > 0) phrases.push(`${key} no longer admits ${removed.join(', ')}`);
  }
  for (const key of base.keys()) if (!head.has(key)) phrases.push(`the condition ${key} is gone`);
  return phrases.length > 0 ? phrases : ['its conditions changed'];
}

/**
 * Ways `after` allows more than `before`: grants no Allow statement of `before` gave as widely (new
 * actions, resources, principals, or fewer conditions), and Deny grants that no longer apply. One line per
 * head statement (or removed Deny statement), in statement order. A statement that only moved to other
 * resources or principals (as many grants lost as gained, same actions) says so: "now allows ... (before: ...)".
 */
export function widening(before: readonly Statement[], after: readonly Statement[]): string[] {
  const lines: string[] = [];
  const baseAllow = index(before, 'Allow');
  const headAllow = index(after, 'Allow');
  for (const statement of after.filter((s) => s.effect === 'Allow')) {
    const fresh = grants(statement).filter((g) => !covered(g, baseAllow));
    if (fresh.length === 0) continue;
    // the same statement that lost as many grants of the same actions moved to other resources or principals
    const previous = before.find((b) => b.effect === 'Allow' && b.label === statement.label);
    const dropped = previous === undefined ? [] : grants(previous).filter((g) => !covered(g, headAllow));
    const sameActions = unique(dropped.map((g) => g.action)).join() === unique(fresh.map((g) => g.action)).join();
    if (dropped.length === fresh.length && sameActions && describeTargets(dropped) === describeTargets(fresh)) {
      // the same grants under other conditions: say which condition admits more
      const changes = conditionChanges(previous?.conditions ?? [], statement.conditions);
      lines.push(`${describe(statement.label, 'now allows', fresh)} where ${changes.join('; ')}`);
    } else if (dropped.length === fresh.length && sameActions) {
      lines.push(`${describe(statement.label, 'now allows', fresh)} (before: ${describeTargets(dropped)})`);
    } else {
      lines.push(describe(statement.label, 'newly allows', fresh));
    }
  }
  const headDeny = index(after, 'Deny');
  for (const statement of before.filter((s) => s.effect === 'Deny')) {
    // a Deny is kept when the head denies the same grant with no more conditions
    const dropped = grants(statement).filter(
      (g) => !(headDeny.get(key(g)) ?? []).some((h) => h.conditions.every((c) => g.conditions.includes(c))),
    );
    if (dropped.length > 0) lines.push(describe(statement.label, 'no longer denies', dropped));
  }
  return lines;
}
