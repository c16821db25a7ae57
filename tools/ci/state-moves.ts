/**
 * The state move that splitting an environment (`stackGroups`) needs: every managed resource of a split-out
 * stack, moved from the state of the environment stack it was split from, at the same address.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface StateMovePlan {
  /** The environment stack whose state holds the resources today. */
  readonly from: string;
  /** The split-out stack that owns them now. */
  readonly to: string;
  /** Addresses (`type.name`) of the managed resources to move, sorted; data sources are read again, not moved. */
  readonly addresses: readonly string[];
}

interface Manifest {
  stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }>;
}

/** What moves into the split-out stack `stack` of the synthesized output `outdir`, and from where. */
export function stateMovesInto(outdir: string, stack: string): StateMovePlan {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  const entry = manifest.stacks[stack];
  if (entry === undefined) {
    throw new Error(`no stack "${stack}" in ${outdir} (stacks: ${Object.keys(manifest.stacks).sort().join(', ')})`);
  }
  // a split-out stack depends on exactly its environment stack (stacks/platform-app.ts); no other stack depends on one
  if (entry.dependencies.length !== 1) {
    const split = Object.keys(manifest.stacks).filter((name) => manifest.stacks[name].dependencies.length === 1);
    throw new Error(
      `stack "${stack}" is not split out of an environment (split-out stacks in ${outdir}: ${split.sort().join(', ') || 'none'})`,
    );
  }
  const tf = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8')) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  const addresses = Object.entries(tf.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
  return { from: entry.dependencies[0], to: stack, addresses };
}

/**
 * A shell script that makes the move on pulled copies of both states (in `workdir`, no backend: the local
 * files) and pushes them back; run it from the synthesized output's directory with the environment's
 * credentials, then plan both stacks: neither may show a change.
 */
export function stateMoveScript(plan: StateMovePlan, workdir = '"$(mktemp -d)"'): string {
  const { from, to, addresses } = plan;
  const quote = (s: string) => `'${s}'`;
  return [
    '#!/bin/sh',
    `# Move ${addresses.length} resources from the state of "${from}" to that of "${to}", at the same addresses.`,
    'set -eu',
    `work=${workdir}`,
    'mkdir -p "$work"',
    `(cd stacks/${from} && terraform init -input=false >/dev/null && terraform state pull > "$work/${from}.tfstate")`,
    `(cd stacks/${to} && terraform init -input=false >/dev/null)`,
    'cd "$work"',
    ...addresses.map((a) => `terraform state mv -lock=false -state=${from}.tfstate -state-out=${to}.tfstate ${quote(a)} ${quote(a)}`),
    'cd - >/dev/null',
    `(cd stacks/${from} && terraform state push "$work/${from}.tfstate")`,
    `(cd stacks/${to} && terraform state push "$work/${to}.tfstate")`,
    '',
  ].join('\n');
}
