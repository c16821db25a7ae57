import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../model';
import { synthesizePlatform } from '../../stacks';

/** Where the example's synthesized output lives for this jest run (the workers inherit the variable). */
export const EXAMPLE_OUTPUT_VARIABLE = 'PLATFORM_TEST_EXAMPLE_OUTPUT';

/**
 * Synthesize the example configuration once per jest run, the way `npm run synth` does, for the tests that
 * only read its output (`exampleTerraform` in ./example.ts). Building and resolving the whole example again
 * in each test file was a third of the suite's CPU.
 */
export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-test-example-'));
  synthesizePlatform(loadConfig(), path.join(dir, 'cdktf.out'));
  process.env[EXAMPLE_OUTPUT_VARIABLE] = path.join(dir, 'cdktf.out');
}
