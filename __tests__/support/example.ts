import * as fs from 'fs';
import * as path from 'path';
import type { PolicyReport } from '../../policies';
import { EXAMPLE_OUTPUT_VARIABLE } from './global-setup';

/**
 * The example configuration as `npm run synth` writes it, synthesized once per jest run (global-setup.ts):
 * the directory (`stacks/<name>/cdk.tf.json`, `manifest.json`, `policy-report.json`). For tests that only read
 * the example's output; a test that builds a changed configuration or reads constructs uses `buildExample`
 * (./synth.ts). Tests must not write into it.
 */
export function exampleOutdir(): string {
  const dir = process.env[EXAMPLE_OUTPUT_VARIABLE];
  if (dir === undefined) throw new Error(`${EXAMPLE_OUTPUT_VARIABLE} is not set: run the tests through jest (jest.config.js globalSetup)`);
  return dir;
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

/** The synthesized Terraform JSON of one stack of the example (`dev`, `platform`, `prod-access`, ...), parsed. */
export function exampleTerraform(stack: string): Record<string, any> {
  let tf = cache.get(stack);
  if (tf === undefined) {
    const file = path.join(exampleOutdir(), 'stacks', stack, 'cdk.tf.json');
    tf = withoutMetadata(JSON.parse(fs.readFileSync(file, 'utf8'))) as Record<string, any>;
    cache.set(stack, tf);
  }
  // a copy per caller: tests may change what they get
  return structuredClone(tf);
}

/** Names of the example's stacks, in the order synth wrote them (manifest order). */
export function exampleStackNames(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(exampleOutdir(), 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  return Object.keys(manifest.stacks);
}

/** The example's policy report (`cdktf.out/policy-report.json`). */
export function examplePolicyReport(): ReturnType<PolicyReport['toJSON']> {
  return JSON.parse(fs.readFileSync(path.join(exampleOutdir(), 'policy-report.json'), 'utf8'));
}
