/** The stacks of a synthesized output, read from its manifest: the one list every workflow uses. */
import * as fs from 'fs';
import * as path from 'path';
import { PLATFORM_STACK } from '../../model/names';

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

/** `npm run diff -- --json`'s report: which stacks changed (tools/diff/danger.ts). */
export interface ChangedStacks {
  readonly changed: readonly string[];
}

/**
 * What a pull request plans: the plannable stacks whose synthesized JSON changed. Without a report (the base
 * did not synthesize, so nothing is known to be unchanged) every plannable stack.
 */
export function stacksToPlan(outdir: string, report?: ChangedStacks): string[] {
  const plannable = plannableStacks(outdir);
  return report === undefined ? plannable : plannable.filter((s) => report.changed.includes(s));
}

/**
 * What each deploy job plans and applies, in order: `platform`, then each environment of `promotionOrder`
 * with the stacks split out of it (the manifest lists them as depending on exactly that environment), each
 * list reduced to the stacks that changed (all when `report` is undefined). The access stacks and
 * bootstrap are applied by an administrator, never by the deploy workflow.
 */
export function deployStacks(outdir: string, promotionOrder: readonly string[], report?: ChangedStacks): Record<string, string[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { dependencies?: string[] }>;
  };
  const toPlan = new Set(stacksToPlan(outdir, report));
  const out: Record<string, string[]> = {};
  for (const job of [PLATFORM_STACK, ...promotionOrder]) {
    if (manifest.stacks[job] === undefined)
      throw new Error(`deploy-stacks: ${outdir}/manifest.json has no stack "${job}" (promotionOrder names it)`);
    const split = Object.entries(manifest.stacks)
      .filter(([, s]) => s.dependencies?.length === 1 && s.dependencies[0] === job)
      .map(([name]) => name)
      .sort();
    out[job] = [job, ...split].filter((s) => toPlan.has(s));
  }
  return out;
}
