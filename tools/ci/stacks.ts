/** The stacks of a synthesized output, read from its manifest: the one list every workflow uses. */
import * as fs from 'fs';
import * as path from 'path';

export interface StackEntry {
  readonly name: string;
  /** `cdk.tf.json` directory, relative to the output. */
  readonly workingDirectory: string;
  /** The backend the stack's state lives in (`local` for bootstrap before its migration). */
  readonly backend: string;
}

/** Every stack of `outdir`, sorted by name. */
export function listStacks(outdir: string): StackEntry[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string; synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => {
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8')) as {
        terraform?: { backend?: Record<string, unknown> };
      };
      return { name, workingDirectory: entry.workingDirectory, backend: Object.keys(tf.terraform?.backend ?? {})[0] ?? 'local' };
    });
}

/**
 * Stacks CI can plan: those with remote state. A stack on local state (bootstrap before it migrates)
 * would plan against an empty state on a runner, so it is planned and applied by hand.
 */
export function plannableStacks(outdir: string): string[] {
  return listStacks(outdir)
    .filter((s) => s.backend !== 'local')
    .map((s) => s.name);
}
