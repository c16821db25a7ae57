import * as fs from 'fs';
import * as path from 'path';
import type { PlatformConfig } from '../../model';
import { App } from '../../modules/core';
import { buildPlatform, synthesizePlatform, type PlatformStacks } from '../../stacks';

/** cdktf reads it when a stack is constructed: set, error annotations are written to the manifest, not thrown. */
const CONTINUE_ON_ERRORS = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

/**
 * Synthesize `config` into `outdir` as `npm run synth` does, except that error findings of the policy pack do
 * not abort the synth: they stay in `manifest.json` (each stack's `annotations`) and `policy-report.json`, for
 * the gate test to fail on (`errorAnnotations`) while the tests that read the output still run. `extend` adds
 * to the built stacks before synth (a planted violation). Returns `outdir`.
 */
export function synthesizeKeepingFindings(config: PlatformConfig, outdir: string, extend?: (stacks: PlatformStacks) => void): string {
  const before = process.env[CONTINUE_ON_ERRORS];
  process.env[CONTINUE_ON_ERRORS] = '1';
  try {
    if (extend === undefined) return synthesizePlatform(config, outdir).outdir;
    const app = new App({ outdir, stackTraces: false });
    const stacks = buildPlatform(app, config);
    extend(stacks);
    app.synth();
    fs.writeFileSync(path.join(outdir, 'policy-report.json'), `${JSON.stringify(stacks.report.toJSON(), null, 2)}\n`);
    return outdir;
  } finally {
    if (before === undefined) delete process.env[CONTINUE_ON_ERRORS];
    else process.env[CONTINUE_ON_ERRORS] = before;
  }
}

/** Names of the stacks of a synthesized output, in manifest order. */
export function stackNamesOf(outdir: string): string[] {
  return Object.keys(manifestOf(outdir).stacks);
}

function manifestOf(outdir: string): {
  stacks: Record<string, { annotations?: { level: string; constructPath: string; message: string }[] }>;
} {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
}

/** cdktf's level of an error annotation in the manifest (`AnnotationMetadataEntryType.ERROR`). */
export const ERROR_LEVEL = '@cdktf/error';

/** The error annotations (policy errors and any other) of one stack of a synthesized output: `<path>: <message>`. */
export function errorAnnotations(outdir: string, stack: string): string[] {
  const entry = manifestOf(outdir).stacks[stack];
  if (entry === undefined) throw new Error(`${outdir} has no stack ${stack}`);
  return (entry.annotations ?? []).filter((a) => a.level === ERROR_LEVEL).map((a) => `${a.constructPath}: ${a.message}`);
}
