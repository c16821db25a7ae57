import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../model';
import { exampleConfig } from './config';
import { synthesizeKeepingFindings } from './keep-findings';

/** Where the example fixture's synthesized output lives for this jest run (the workers inherit the variable). */
export const EXAMPLE_OUTPUT_VARIABLE = 'PLATFORM_TEST_EXAMPLE_OUTPUT';
/** Where the live configuration's (`environments/`) synthesized output lives for this jest run. */
export const LIVE_OUTPUT_VARIABLE = 'PLATFORM_TEST_LIVE_OUTPUT';
/** The folder of this jest run: both outputs and every test's temporary files (TMPDIR); removed at teardown. */
export const RUN_DIR_VARIABLE = 'PLATFORM_TEST_RUN_DIR';

/** The file in a run's folder that names the jest process owning it. */
const OWNER_FILE = 'owner.pid';
const RUN_DIR_PREFIX = 'platform-test-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, run by someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The folders of earlier runs whose jest process is gone (killed with SIGKILL, which skips every exit hook):
 * removed here, so an interrupted run leaves nothing in /tmp past the next one. A folder without an owner file,
 * or whose owner still runs, is left alone.
 */
export function removeOrphanedRunDirs(tmp: string = os.tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(tmp).filter((n) => n.startsWith(RUN_DIR_PREFIX))) {
    const dir = path.join(tmp, name);
    let owner: number;
    try {
      owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

function removeRunDir(): void {
  const dir = process.env[RUN_DIR_VARIABLE];
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Synthesize, once per jest run and the way `npm run synth` does, the example fixture (read by the behaviour
 * tests: `exampleTerraform` in ./example.ts) and the live `environments/` (read by the invariants, the policy
 * gate and the inventories: `liveTerraform`). Policy errors do not stop this synth (./keep-findings.ts): they
 * are in each output's manifest, and the gate tests (`__tests__/live/policy-gate.test.ts`) fail on them while
 * every other test still runs. A config error still stops the run: nothing could be tested.
 *
 * Every temporary file of the run goes under one folder (TMPDIR for the workers, so cdktf's `Testing` outdirs
 * too), removed by global-teardown.ts, on exit, or here when setup fails; the folder of a run killed outright is
 * removed by the next run (removeOrphanedRunDirs): nothing is left in /tmp.
 */
export default function globalSetup(): void {
  removeOrphanedRunDirs();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), RUN_DIR_PREFIX));
  fs.writeFileSync(path.join(root, OWNER_FILE), String(process.pid));
  process.env[RUN_DIR_VARIABLE] = root;
  // an interrupted run (Ctrl-C) skips globalTeardown but not the exit of this process
  process.once('exit', removeRunDir);
  try {
    // the live config first, in a fresh process as `npm run synth` and `npm run update` do: the order of some
    // policy statements' resources depends on what the process synthesized before (a determinism bug outside
    // the tests), and the committed inventories are compared with this output
    process.env[LIVE_OUTPUT_VARIABLE] = synthesizeKeepingFindings(loadConfig(), path.join(root, 'live'));
    process.env[EXAMPLE_OUTPUT_VARIABLE] = synthesizeKeepingFindings(exampleConfig(), path.join(root, 'example'));
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(tmp);
    process.env.TMPDIR = tmp;
  } catch (error) {
    removeRunDir();
    throw error;
  }
}
