import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PlatformConfig } from '../../model';
import type { PolicyReport } from '../../policies';
import type { PlatformStacks } from '../../stacks';
import { stackNames, terraformOf } from './example';
import { synthesizeKeepingFindings } from './keep-findings';

/** A scenario fixture synthesized the way `npm run synth` does (./keep-findings.ts), with the stacks it built. */
export interface SynthesizedScenario {
  /** The stacks built for the synth (constructs: for the methods a test calls on them). */
  readonly stacks: PlatformStacks;
  /** The synthesized Terraform JSON of one stack, parsed (a copy per call). */
  terraform(stack: string): Record<string, any>;
  /** Names of the stacks, in manifest order. */
  stackNames(): string[];
  /** The policy report (`policy-report.json`). */
  report(): ReturnType<PolicyReport['toJSON']>;
}

/**
 * Synthesize a scenario configuration (`scenarioConfig(...)`) once, into a folder of the run's temporary
 * directory (removed with it at the end of the run): for a test that reads whole stacks, the policy report or
 * the manifest of its own fixture, as the example's tests read `exampleTerraform`.
 */
export function synthesizeScenario(config: PlatformConfig): SynthesizedScenario {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-'));
  let built: PlatformStacks | undefined;
  synthesizeKeepingFindings(config, outdir, (stacks) => (built = stacks));
  const stacks = built!;
  return {
    stacks,
    terraform: (stack) => terraformOf(outdir, stack),
    stackNames: () => stackNames(outdir),
    report: () => JSON.parse(fs.readFileSync(path.join(outdir, 'policy-report.json'), 'utf8')),
  };
}
