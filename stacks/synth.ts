import * as fs from 'fs';
import * as path from 'path';
import type { PlatformConfig } from '../model';
import { App } from '../modules/core';
import type { PolicyReport } from '../policies';
import { buildPlatform } from './platform-app';

export interface SynthResult {
  /** The directory written: `<outdir>/manifest.json`, `<outdir>/stacks/<name>/cdk.tf.json`. */
  readonly outdir: string;
  readonly stacks: readonly string[];
  readonly report: PolicyReport;
}

/**
 * Synthesize every stack of `config` into `outdir`, all or nothing: the app writes into a staging
 * directory beside `outdir`, which replaces `outdir` only when every stack synthesized and passed its
 * validations and policy checks. On any error the staging directory is removed and `outdir` is untouched.
 */
export function synthesizePlatform(config: PlatformConfig, outdir: string): SynthResult {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = buildPlatform(app, config);
    app.synth();
    fs.writeFileSync(path.join(staging, 'policy-report.json'), `${JSON.stringify(stacks.report.toJSON(), null, 2)}\n`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return { outdir: target, stacks: stacks.all.map((s) => s.node.id), report: stacks.report };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
