import type { PlatformConfig } from '../../model';
import { Testing, type TerraformStack } from '../../modules/core';
import { buildPlatform, type PlatformStacks } from '../../stacks';
import { exampleConfig } from './config';

/** Every stack of `config` (the example by default), built in a test app. */
export function buildExample(config: PlatformConfig = exampleConfig()): PlatformStacks {
  return buildPlatform(Testing.app({ stackTraces: false }), config);
}

/** The synthesized Terraform JSON of a stack, as a string (for the cdktf matchers). */
export function synthJson(stack: TerraformStack): string {
  return Testing.synth(stack, true);
}

/** The synthesized Terraform JSON of a stack, parsed. */
export function synthObject(stack: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack, true));
}

/** All instances of one resource type in a parsed stack. */
export function resourcesOf(tf: Record<string, any>, type: string): Record<string, any>[] {
  return Object.values(tf.resource?.[type] ?? {});
}

/** All instances of one data source type in a parsed stack. */
export function dataOf(tf: Record<string, any>, type: string): Record<string, any>[] {
  return Object.values(tf.data?.[type] ?? {});
}
