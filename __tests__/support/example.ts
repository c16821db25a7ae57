import * as fs from 'fs';
import * as path from 'path';
import type { PolicyReport } from '../../policies';
import { EXAMPLE_OUTPUT_VARIABLE, LIVE_OUTPUT_VARIABLE } from './global-setup';

/**
 * The outputs global-setup.ts synthesizes once per jest run, the way `npm run synth` writes them
 * (`stacks/<name>/cdk.tf.json`, `manifest.json`, `policy-report.json`):
 * - the example fixture (`__tests__/fixtures/example/`, frozen): `example*`, for the behaviour tests;
 * - the live `environments/`: `live*`, for invariants that hold for any valid catalogue (`__tests__/live/`).
 * For tests that only read the output; a test that builds a changed configuration or reads constructs uses
 * `buildExample` (./synth.ts). Tests must not write into them.
 */
function outdirOf(variable: string): string {
  const dir = process.env[variable];
  if (dir === undefined) throw new Error(`${variable} is not set: run the tests through jest (jest.config.js globalSetup)`);
  return dir;
}

/** The example fixture's synthesized output directory. */
export function exampleOutdir(): string {
  return outdirOf(EXAMPLE_OUTPUT_VARIABLE);
}

/** The live configuration's (`environments/`) synthesized output directory. */
export function liveOutdir(): string {
  return outdirOf(LIVE_OUTPUT_VARIABLE);
}

/** Drop cdktf's `//` metadata at every level, as `Testing.synth` does: what remains is what Terraform reads. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (key !== '//') copy[key] = withoutMetadata(item);
  return copy;
}

const cache = new Map<string, Record<string, any>>();

/** The synthesized Terraform JSON of one stack of a synthesized output directory, parsed (a copy per caller). */
export function terraformOf(outdir: string, stack: string): Record<string, any> {
  const file = path.join(outdir, 'stacks', stack, 'cdk.tf.json');
  let tf = cache.get(file);
  if (tf === undefined) {
    tf = withoutMetadata(JSON.parse(fs.readFileSync(file, 'utf8'))) as Record<string, any>;
    cache.set(file, tf);
  }
  // a copy per caller: tests may change what they get
  return structuredClone(tf);
}

/** Names of the stacks of a synthesized output directory, in manifest order. */
export function stackNames(outdir: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  return Object.keys(manifest.stacks);
}

/** The synthesized Terraform JSON of one stack of the example fixture (`dev`, `platform`, `prod-access`, ...), parsed. */
export function exampleTerraform(stack: string): Record<string, any> {
  return terraformOf(exampleOutdir(), stack);
}

/** Names of the example fixture's stacks, in the order synth wrote them (manifest order). */
export function exampleStackNames(): string[] {
  return stackNames(exampleOutdir());
}

/** The example fixture's policy report (`cdktf.out/policy-report.json`). */
export function examplePolicyReport(): ReturnType<PolicyReport['toJSON']> {
  return JSON.parse(fs.readFileSync(path.join(exampleOutdir(), 'policy-report.json'), 'utf8'));
}

/** The synthesized Terraform JSON of one stack of the live configuration, parsed. */
export function liveTerraform(stack: string): Record<string, any> {
  return terraformOf(liveOutdir(), stack);
}

/** Names of the live configuration's stacks, in manifest order. */
export function liveStackNames(): string[] {
  return stackNames(liveOutdir());
}
