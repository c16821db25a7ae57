/**
 * Resources that move between stacks: when an environment is split (`stackGroups`) or merged back, the same
 * resources leave one stack and appear in another stack of the same account at the same addresses. That is a
 * state move (`terraform state mv`), not a destroy plus a create, as long as the configuration is the same
 * apart from how each stack refers to the shared resources (a reference in one, a name or a lookup in the other).
 */
import type { StackDiff, StackMove } from './model';
import { canonical, isObject, terraformBlocks } from './values';

/** One stack's Terraform JSON on each side; `undefined` when the stack does not exist there. */
export interface StackSides {
  readonly base: Record<string, unknown> | undefined;
  readonly head: Record<string, unknown> | undefined;
}

/** What pins a provider configuration to one account: a resource keeps its target only if these are equal. */
const PINS: Readonly<Record<string, readonly string[]>> = {
  aws: ['allowed_account_ids', 'region'],
  github: ['owner'],
};

/**
 * The account (and region) a resource of `type` is managed in, from the stack's provider configuration it uses
 * (its `provider` alias, else the default one); `undefined` when the provider is not pinned to one account.
 */
export function providerTarget(tf: Record<string, unknown> | undefined, type: string, body: Record<string, unknown>): string | undefined {
  const [name, alias] = (typeof body.provider === 'string' ? body.provider : type.split('_')[0]).split('.');
  const pins = PINS[name];
  const providers = isObject(tf?.provider) ? tf.provider[name] : undefined;
  const configs = (Array.isArray(providers) ? providers : [providers]).filter(isObject);
  const config = configs.find((c) => c.alias === alias);
  if (pins === undefined || config === undefined || config[pins[0]] === undefined) return undefined;
  return `${name}:${canonical(pins.map((pin) => config[pin] ?? null))}`;
}

function blocksOf(tf: Record<string, unknown> | undefined): Map<string, Record<string, unknown>> {
  return new Map(terraformBlocks(tf).map((block) => [block.address, block.body]));
}

const WILDCARD = '\u0000';
const INTERPOLATION = /\$\{([^{}]*)\}/g;
const REFERENCE = /^((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)(?:[.[][^{}]*)?$/;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with each reference to a shared resource (`${aws_kms_key.key_1.arn}`) replaced by a wildcard. */
function maskShared(text: string, isShared: (address: string) => boolean): string {
  return text.replace(INTERPOLATION, (whole: string, expression: string) => {
    const address = REFERENCE.exec(expression.trim())?.[1];
    return address !== undefined && isShared(address) ? WILDCARD : whole;
  });
}

/** Whether the wildcards of `pattern` can stand for parts of `text` so that both are equal. */
function matches(pattern: string, text: string): boolean {
  const parts = pattern.split(WILDCARD);
  if (parts.length === 1 || parts.length > 9) return false; // no wildcard (and so unequal), or too many to match cheaply
  return new RegExp(`^${parts.map(escape).join('[\\s\\S]+?')}$`).test(text);
}

/**
 * Whether `before` and `after` are the same configuration apart from references to shared resources: a
 * string may differ where one side refers to a shared resource (`${aws_s3_bucket.store_1.arn}/x/*`) and the
 * other names it (`arn:aws:s3:::acme-prod-artifacts/x/*`) or looks it up (`${data.aws_kms_key.key_2.arn}`).
 * Keys, list lengths and every other value must be equal. `//` (cdktf metadata) is left out.
 */
export function sameApartFromShared(before: unknown, after: unknown, isShared: (address: string) => boolean): boolean {
  if (typeof before === 'string' && typeof after === 'string') {
    if (before === after) return true;
    const b = maskShared(before, isShared);
    const a = maskShared(after, isShared);
    return b === a || matches(b, a) || matches(a, b);
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return before.length === after.length && before.every((value, i) => sameApartFromShared(value, after[i], isShared));
  }
  if (isObject(before) && isObject(after)) {
    const keys = (o: Record<string, unknown>) =>
      Object.keys(o)
        .filter((k) => k !== '//' && o[k] !== undefined)
        .sort();
    const bk = keys(before);
    return canonical(bk) === canonical(keys(after)) && bk.every((k) => sameApartFromShared(before[k], after[k], isShared));
  }
  return canonical(before) === canonical(after);
}

/** Per stack, what moves out to and in from other stacks. */
export interface StackMoves {
  readonly movedOut: StackMove[];
  readonly movedIn: StackMove[];
}

/**
 * Match the resources removed from one stack with those added to another at the same address: a match is a
 * move when both stacks manage them in the same account and the configurations are the same apart from
 * references to shared resources. Each resource moves at most once; an ambiguous address (several candidates)
 * stays removed and added. Data sources are read again, never moved.
 */
export function findStackMoves(diffs: readonly StackDiff[], sides: (stack: string) => StackSides): Map<string, StackMoves> {
  const blocks = new Map(
    diffs.map((d) => {
      const { base, head } = sides(d.stack);
      return [d.stack, { base, head, before: blocksOf(base), after: blocksOf(head) }] as const;
    }),
  );
  const added = new Map<string, { stack: string; index: number }[]>();
  diffs.forEach((d) =>
    d.added.forEach((r, index) => {
      if (r.kind === 'resource') added.set(r.address, [...(added.get(r.address) ?? []), { stack: d.stack, index }]);
    }),
  );

  const pairs: { from: string; to: string; fromIndex: number; toIndex: number }[] = [];
  for (const d of diffs) {
    const s = blocks.get(d.stack)!;
    d.removed.forEach((r, fromIndex) => {
      if (r.kind !== 'resource') return;
      const body = s.before.get(r.address)!;
      const target = providerTarget(s.base, r.type, body);
      if (target === undefined) return;
      for (const candidate of added.get(r.address) ?? []) {
        if (candidate.stack === d.stack) continue;
        const t = blocks.get(candidate.stack)!;
        const after = t.after.get(r.address)!;
        if (providerTarget(t.head, r.type, after) !== target) continue;
        // shared: what stays in either stack, and the lookups one stack makes of what the other owns
        const isShared = (address: string) =>
          (s.before.has(address) && s.after.has(address)) ||
          (t.before.has(address) && t.after.has(address)) ||
          (address.startsWith('data.') && t.after.has(address) !== s.before.has(address));
        if (sameApartFromShared(body, after, isShared))
          pairs.push({ from: d.stack, to: candidate.stack, fromIndex, toIndex: candidate.index });
      }
    });
  }

  const out = new Map<string, StackMoves>(diffs.map((d) => [d.stack, { movedOut: [], movedIn: [] }]));
  const counts = new Map<string, number>();
  const keys = (p: (typeof pairs)[number]) => [`-${p.from}#${p.fromIndex}`, `+${p.to}#${p.toIndex}`];
  for (const key of pairs.flatMap(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const byName = new Map(diffs.map((d) => [d.stack, d]));
  for (const p of pairs) {
    if (keys(p).some((key) => counts.get(key) !== 1)) continue;
    const removed = byName.get(p.from)!.removed[p.fromIndex];
    const addedRef = byName.get(p.to)!.added[p.toIndex];
    out.get(p.from)!.movedOut.push({ ...removed, stack: p.to });
    out.get(p.to)!.movedIn.push({ ...addedRef, stack: p.from });
  }
  return out;
}
