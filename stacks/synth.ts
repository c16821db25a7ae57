import * as fs from 'fs';
import * as path from 'path';
import type { PlatformConfig } from '../model';
import { App } from '../modules/core';
import type { PolicyReport } from '../policies';
import { LOCAL_STATE_DIR } from './base-stack';
import { buildPlatform } from './platform-app';

export interface SynthResult {
  /** The directory written: `<outdir>/manifest.json`, `<outdir>/stacks/<name>/cdk.tf.json`. */
  readonly outdir: string;
  readonly stacks: readonly string[];
  readonly report: PolicyReport;
}

/** Synth refused to replace its output directory because that would delete something a user needs. */
export class OutputDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputDirectoryError';
  }
}

/** What Terraform keeps in a stack's working directory and synth carries over: providers, backend settings, lock file. */
const CARRIED_OVER = ['.terraform', '.terraform.lock.hcl'] as const;

/** Terraform state files (`terraform.tfstate`, `*.tfstate.backup`, ...) under `dir`, outside `.terraform/`. */
function stateFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.terraform') walk(full);
      } else if (/\.tfstate(\.|$)/.test(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * Refuse to replace `target` while it holds Terraform state: the state of resources that exist would be lost.
 * Stacks on local state keep it in `state/<stack>/` beside the output directory (stacks/base-stack.ts).
 */
function refuseToDeleteState(target: string): void {
  const files = stateFilesUnder(target);
  if (files.length === 0) return;
  const shown = files.map((f) => path.relative(process.cwd(), f) || f);
  const stateDir = path.join(path.relative(process.cwd(), path.dirname(target)) || '.', LOCAL_STATE_DIR);
  throw new OutputDirectoryError(
    `${shown.join(', ')}: Terraform state inside the synth output directory, which synth replaces whole; nothing was written or deleted. ` +
      `Move it to ${stateDir}/<stack>/terraform.tfstate (where a stack on local state keeps it), or delete it yourself if it was already migrated to the state bucket.`,
  );
}

/**
 * Move what `terraform init` left in each stack's working directory of the previous output (`.terraform/`, the
 * lock file) into the new output, so a re-synth keeps the providers and the backend settings Terraform needs to
 * migrate state (`cdktf deploy bootstrap --migrate-state`).
 */
function carryOverTerraformFiles(previous: string, next: string): void {
  const stacks = path.join(previous, 'stacks');
  if (!fs.existsSync(stacks)) return;
  for (const stack of fs.readdirSync(stacks)) {
    const into = path.join(next, 'stacks', stack);
    if (!fs.existsSync(into)) continue;
    for (const name of CARRIED_OVER) {
      const from = path.join(stacks, stack, name);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(into, name));
    }
  }
}

/**
 * Synthesize every stack of `config` into `outdir`, all or nothing: the app writes into a staging
 * directory beside `outdir`, which replaces `outdir` only when every stack synthesized and passed its
 * validations and policy checks. On any error the staging directory is removed and `outdir` is untouched.
 * It refuses to replace an `outdir` that holds Terraform state, and keeps each stack's `.terraform/`.
 */
export function synthesizePlatform(config: PlatformConfig, outdir: string): SynthResult {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    refuseToDeleteState(target);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = buildPlatform(app, config);
    app.synth();
    fs.writeFileSync(path.join(staging, 'policy-report.json'), `${JSON.stringify(stacks.report.toJSON(), null, 2)}\n`);
    carryOverTerraformFiles(target, staging);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return { outdir: target, stacks: stacks.all.map((s) => s.node.id), report: stacks.report };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
