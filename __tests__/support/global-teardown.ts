import * as fs from 'fs';
import { RUN_DIR_VARIABLE } from './global-setup';

/** Remove the run's folder (global-setup.ts): both synthesized outputs and every test's temporary files. */
export default function globalTeardown(): void {
  const dir = process.env[RUN_DIR_VARIABLE];
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}
