import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_OUTPUT_VARIABLE } from './global-setup';

/** Remove what global-setup.ts wrote. */
export default function globalTeardown(): void {
  const outdir = process.env[EXAMPLE_OUTPUT_VARIABLE];
  if (outdir !== undefined) fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
}
