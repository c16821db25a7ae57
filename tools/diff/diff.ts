/**
 * `diffSynth(baseDir, headDir)`: compare two synthesized outputs (`cdktf.out/`) stack by stack, without
 * Terraform, state or credentials. Resources are matched by address; an address that appears only on one
 * side is added or removed (a changed construct id is a remove plus an add, i.e. a replacement in
 * Terraform, unless a `moved` block says otherwise). A resource removed from one stack and added to another
 * stack of the same account at the same address, with the same configuration, moves (`stack-moves.ts`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { administratorApplyMessage, administratorStack } from './administrator';
import { policiesOf, widening } from './iam';
import type { AttributeChange, Callout, ResourceChange, ResourceMove, ResourceRef, StackDiff, SynthDiff } from './model';
import { approvalActions, forceNewOf, PROTECTIONS, STATEFUL, weakening } from './rules';
import { findStackMoves } from './stack-moves';
import { brief, canonical, diffValues, isObject, terraformBlocks } from './values';

/** One stack's Terraform JSON, keyed by stack name. */
export type SynthOutput = ReadonlyMap<string, Record<string, unknown>>;

/** Read every stack listed in `<dir>/manifest.json`. */
export function readSynthOutput(dir: string): SynthOutput {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} does not exist: is ${dir} a synthesized output (npm run synth)?`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  const out = new Map<string, Record<string, unknown>>();
  for (const [name, stack] of Object.entries(manifest.stacks).sort(([a], [b]) => a.localeCompare(b))) {
    out.set(name, JSON.parse(fs.readFileSync(path.join(dir, stack.synthesizedStackPath), 'utf8')) as Record<string, unknown>);
  }
  return out;
}

interface Block extends ResourceRef {
  readonly body: Record<string, unknown>;
}

function blocksOf(stack: string, tf: Record<string, unknown> | undefined): Map<string, Block> {
  const out = new Map<string, Block>();
  for (const { address, kind, type, name, body } of terraformBlocks(tf)) {
    const meta = body['//'];
    const constructPath =
      isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.path === 'string' ? meta.metadata.path : `${stack}/${name}`;
    out.set(address, { address, kind, type, path: constructPath, body });
  }
  return out;
}

function movesOf(tf: Record<string, unknown> | undefined): ResourceMove[] {
  const moved = Array.isArray(tf?.moved) ? tf.moved : [];
  return moved.filter(isObject).map((m) => ({ from: String(m.from), to: String(m.to) }));
}

const ref = (b: Block): ResourceRef => ({ address: b.address, kind: b.kind, type: b.type, path: b.path });
const byAddress = (a: { address: string }, b: { address: string }) => a.address.localeCompare(b.address);

/** Compare one stack; `undefined` on a side means the stack does not exist there. */
export function diffStack(stack: string, base: Record<string, unknown> | undefined, head: Record<string, unknown> | undefined): StackDiff {
  const before = blocksOf(stack, base);
  const after = blocksOf(stack, head);
  const moved = movesOf(head).filter((m) => before.has(m.from) && after.has(m.to) && !before.has(m.to));
  const movedFrom = new Map(moved.map((m) => [m.from, m.to]));
  const movedTo = new Set(moved.map((m) => m.to));

  const added = [...after.values()].filter((b) => !before.has(b.address) && !movedTo.has(b.address)).map(ref);
  const removed = [...before.values()].filter((b) => !after.has(b.address) && !movedFrom.has(b.address)).map(ref);
  const changed: ResourceChange[] = [];
  for (const b of before.values()) {
    const headAddress = movedFrom.get(b.address) ?? b.address;
    const a = after.get(headAddress);
    if (a === undefined) continue;
    const changes = diffValues(b.body, a.body, '', ['//']);
    if (changes.length > 0) changed.push({ ...ref(a), changes, forceNew: forceNewOf(a.type, changes) });
  }
  const settings = diffValues(strip(base), strip(head), '', ['//']);
  const status =
    base === undefined
      ? 'added'
      : head === undefined
        ? 'removed'
        : added.length + removed.length + changed.length + moved.length + settings.length > 0
          ? 'changed'
          : 'unchanged';
  return {
    stack,
    status,
    added: added.sort(byAddress),
    removed: removed.sort(byAddress),
    changed: changed.sort(byAddress),
    moved,
    movedOut: [],
    movedIn: [],
    settings,
  };
}

/** A stack's Terraform JSON without its resources, data sources and metadata. */
function strip(tf: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (tf === undefined) return undefined;
  return Object.fromEntries(Object.entries(tf).filter(([key]) => !['resource', 'data', 'moved'].includes(key)));
}

/**
 * What Terraform does to a removed stateful resource: a GitHub repository with `archive_on_destroy` is archived
 * (read-only, its code, issues and history kept; unarchive it to bring it back), everything else is destroyed.
 */
function archives(type: string, body: Record<string, unknown>): boolean {
  return type === 'github_repository' && body.archive_on_destroy === true;
}

function removalOf(type: string, body: Record<string, unknown>): string {
  if (archives(type, body)) {
    return 'archives it on GitHub (archive_on_destroy), it does not delete it: the repository turns read-only and keeps its code, issues and history';
  }
  return 'destroys it and its data';
}

/** What the callout finders read: one stack's diff, its blocks before and after, and where callouts go. */
interface CalloutContext {
  readonly diff: StackDiff;
  readonly base: Record<string, unknown> | undefined;
  readonly head: Record<string, unknown> | undefined;
  readonly before: ReadonlyMap<string, Block>;
  readonly after: ReadonlyMap<string, Block>;
  readonly push: (callout: Omit<Callout, 'stack'>) => void;
}

/** A removed stateful resource (replaced or destroyed) or protection. */
function removedCallouts({ diff, before, after, push }: CalloutContext): void {
  for (const r of diff.removed) {
    const stateful = STATEFUL[r.type];
    if (stateful !== undefined && r.kind === 'resource') {
      const removedBody = before.get(r.address)?.body ?? {};
      const successor = diff.added.find(
        (a) =>
          a.type === r.type &&
          (a.path === r.path ||
            stateful.forceNew.some(
              (f) => removedBody[f] !== undefined && canonical(removedBody[f]) === canonical(after.get(a.address)?.body[f]),
            )),
      );
      push({
        severity: 'danger',
        category: 'stateful',
        address: r.address,
        path: r.path,
        message:
          successor !== undefined
            ? `${stateful.what} ${r.path} is REPLACED: its logical id changed to ${successor.address}, so Terraform ${archives(r.type, removedBody) ? 'archives it (archive_on_destroy)' : 'destroys it'} and creates a new one (use a moved block / moveTo to keep it)`
            : `${stateful.what} ${r.path} is REMOVED: Terraform ${removalOf(r.type, removedBody)}`,
      });
    }
    const protection = PROTECTIONS[r.type];
    if (protection !== undefined && r.kind === 'resource') {
      push({ severity: 'danger', category: 'protection', address: r.address, path: r.path, message: `${protection} ${r.path} is removed` });
    }
  }
}

/** A changed resource: replaced by a ForceNew change, a protection weakened, a manual approval removed. */
function changedCallouts({ diff, before, after, push }: CalloutContext): void {
  for (const c of diff.changed) {
    if (c.kind === 'resource' && c.forceNew.length > 0) {
      const what = STATEFUL[c.type]?.what ?? c.type;
      const details = c.changes
        .filter((ch) => c.forceNew.includes(ch.path.split(/[.[]/)[0]))
        .map((ch) => `${ch.path} ${brief(ch.before, 60)} -> ${brief(ch.after, 60)}`);
      push({
        severity: 'danger',
        category: 'stateful',
        address: c.address,
        path: c.path,
        message: `${what} ${c.path} is REPLACED (destroyed and re-created): ${details.join('; ')}`,
      });
    }
    for (const change of c.changes) {
      const why = weakening(change, (value) => describeReference(value, before));
      if (why !== undefined)
        push({ severity: 'danger', category: 'protection', address: c.address, path: c.path, message: `${c.path}: ${why}` });
    }
    if (c.type === 'aws_codepipeline') {
      const was = approvalActions(before.get(c.address)?.body);
      const now = approvalActions(after.get(c.address)?.body);
      const lost = was.filter((a) => !now.includes(a));
      if (now.length < was.length) {
        push({
          severity: 'danger',
          category: 'protection',
          address: c.address,
          path: c.path,
          message: `${c.path}: manual approval removed (${lost.join(', ')}); ${now.length} approval action(s) left`,
        });
      }
    }
  }
}

/** Resources replaced because a ForceNew attribute follows a replaced resource. */
function cascadeCallouts({ diff, before, after, push }: CalloutContext): void {
  // A ForceNew attribute that references a replaced resource changes with it: the referencing resource
  // is replaced too (a CodeArtifact repository whose `domain` reads the renamed domain's name).
  const replaced = new Set(diff.changed.filter((c) => c.kind === 'resource' && c.forceNew.length > 0).map((c) => c.address));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [address, a] of after) {
      const stateful = STATEFUL[a.type];
      if (a.kind !== 'resource' || stateful === undefined || replaced.has(address) || !before.has(address)) continue;
      for (const attribute of stateful.forceNew) {
        const value = canonical(a.body[attribute]);
        const cause = [...replaced].find((r) => value.includes(`\${${r}.`));
        if (cause === undefined) continue;
        replaced.add(address);
        grew = true;
        push({
          severity: 'danger',
          category: 'stateful',
          address,
          path: a.path,
          message: `${stateful.what} ${a.path} is REPLACED (destroyed and re-created): ${attribute} follows the replaced ${cause}`,
        });
        break;
      }
    }
  }
}

/** IAM: policies widened, and new policies on a role that already existed. */
function iamCallouts({ diff, before, after, push }: CalloutContext): void {
  // IAM: compare every policy held by a block that exists on both sides
  for (const [address, a] of after) {
    const b = before.get(address);
    if (b === undefined) continue;
    const basePolicies = policiesOf(b.kind, b.type, b.body);
    for (const [attribute, statements] of policiesOf(a.kind, a.type, a.body)) {
      const lines = widening(basePolicies.get(attribute) ?? [], statements);
      for (const line of lines) {
        push({
          severity: 'warning',
          category: 'iam',
          address,
          path: a.path,
          message: `${a.path}${attribute ? ` (${attribute})` : ''}: ${line}`,
        });
      }
    }
  }
  // IAM: new inline policies or managed policy attachments on a role that already existed
  for (const r of diff.added) {
    if (!/^aws_iam_(role_policy|role_policy_attachment|policy_attachment|role_policies_exclusive)$/.test(r.type)) continue;
    const body = after.get(r.address)?.body ?? {};
    const role = typeof body.role === 'string' ? /\$\{aws_iam_role\.([^.}]+)\./.exec(body.role)?.[1] : undefined;
    if (role !== undefined && before.has(`aws_iam_role.${role}`)) {
      const what = typeof body.policy_arn === 'string' ? `managed policy ${body.policy_arn}` : 'a new inline policy';
      push({
        severity: 'warning',
        category: 'iam',
        address: r.address,
        path: r.path,
        message: `${r.path}: attaches ${what} to the existing role aws_iam_role.${role}`,
      });
    }
  }
}

/** Resources that move into this stack from another, whose state must move first. */
function moveCallouts({ diff, push }: CalloutContext): void {
  const sources = [...new Set(diff.movedIn.map((m) => m.stack))].sort();
  for (const from of sources) {
    const moving = diff.movedIn.filter((m) => m.stack === from);
    const stateful = [...new Set(moving.map((m) => STATEFUL[m.type]?.what).filter((what) => what !== undefined))];
    // the state-moves script moves every resource of a split-out stack: right only for a stack that is new
    const how =
      diff.status === 'added'
        ? `node -r sucrase/register tools/ci/cli.ts state-moves <outdir> ${diff.stack} prints the script`
        : `terraform state mv each address from the state of ${from} into that of ${diff.stack}`;
    push({
      severity: 'warning',
      category: 'move',
      address: `${from} -> ${diff.stack}`,
      message:
        `${moving.length} resource(s) move from ${from} to ${diff.stack} at the same addresses` +
        `${stateful.length > 0 ? ` (stateful among them: ${stateful.join(', ')})` : ''}: move their state before applying ` +
        `(${how}); applying without moving state destroys them in ${from} and creates them again in ${diff.stack}`,
    });
  }
}

/** A change of the state backend. */
function stateCallouts({ diff, base, push }: CalloutContext): void {
  // a new stack (one split out of an environment) has no state to move
  const state = diff.settings.filter(isStateSetting);
  if (state.length > 0 && base !== undefined) {
    push({
      severity: 'danger',
      category: 'state',
      address: 'terraform.backend',
      message: `the state backend changes (${state.map((s) => `${s.path}: ${brief(s.before)} -> ${brief(s.after)}`).join('; ')}): the stack's state moves (terraform init -migrate-state) or starts empty`,
    });
  }
}

/** A change of a stack no workflow applies (bootstrap, the access stacks): an administrator must apply it. */
function administratorCallouts({ diff, base, head, push }: CalloutContext): void {
  if (diff.status === 'unchanged') return;
  const admin = administratorStack(diff.stack, diff.status === 'removed' ? base : head);
  if (admin === undefined) return;
  push({ severity: 'warning', category: 'administrator', address: diff.stack, message: administratorApplyMessage(admin, diff.status) });
}

/** What a reviewer must not miss in one stack's diff. */
export function calloutsOf(
  diff: StackDiff,
  base: Record<string, unknown> | undefined,
  head: Record<string, unknown> | undefined,
): Callout[] {
  const { stack } = diff;
  const out: Callout[] = [];
  const context: CalloutContext = {
    diff,
    base,
    head,
    before: blocksOf(stack, base),
    after: blocksOf(stack, head),
    push: (c) => out.push({ stack, ...c }),
  };
  const finders = [removedCallouts, changedCallouts, cascadeCallouts, iamCallouts, moveCallouts, stateCallouts, administratorCallouts];
  for (const find of finders) find(context);
  return out;
}

/** A GitHub team or user id reference, by the slug or login of the data source it reads; else the value. */
function describeReference(value: unknown, blocks: ReadonlyMap<string, Block>): string {
  const match = typeof value === 'string' ? /^\$\{(data\.github_(?:team|user)\.[^.}]+)\.id\}$/.exec(value) : null;
  const body = match ? blocks.get(match[1])?.body : undefined;
  if (typeof body?.slug === 'string') return `team ${body.slug}`;
  if (typeof body?.username === 'string') return `user ${body.username}`;
  return brief(value, 60);
}

const isStateSetting = (s: AttributeChange) =>
  /^terraform\.backend\.[a-z0-9]+\.(bucket|key|region|dynamodb_table|workspace_key_prefix|path)$/.test(s.path) ||
  /^terraform\.backend\.[a-z0-9]+$/.test(s.path);

const SEVERITY_ORDER = { danger: 0, warning: 1 } as const;

/** Compare two in-memory synthesized outputs. Pure. */
export function diffOutputs(base: SynthOutput, head: SynthOutput): SynthDiff {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const diffs = names.map((name) => diffStack(name, base.get(name), head.get(name)));
  const moves = findStackMoves(diffs, (name) => ({ base: base.get(name), head: head.get(name) }));
  const stacks = diffs.map((d): StackDiff => {
    const { movedOut, movedIn } = moves.get(d.stack)!;
    if (movedOut.length + movedIn.length === 0) return d;
    const out = new Set(movedOut.map((m) => m.address));
    const into = new Set(movedIn.map((m) => m.address));
    return {
      ...d,
      removed: d.removed.filter((r) => !out.has(r.address)),
      added: d.added.filter((r) => !into.has(r.address)),
      movedOut: movedOut.sort(byAddress),
      movedIn: movedIn.sort(byAddress),
    };
  });
  const callouts = stacks
    .flatMap((s) => calloutsOf(s, base.get(s.stack), head.get(s.stack)))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.stack.localeCompare(b.stack) ||
        a.category.localeCompare(b.category) ||
        a.address.localeCompare(b.address),
    );
  return { stacks, callouts };
}

/** Compare the synthesized outputs in two directories (each with a `manifest.json`). */
export function diffSynth(baseDir: string, headDir: string): SynthDiff {
  return diffOutputs(readSynthOutput(baseDir), readSynthOutput(headDir));
}
