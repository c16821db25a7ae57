/**
 * `npm run flow`: synthesize the example, then run every pipeline's builds over the fixture services and
 * check each deploy action's inputs (tools/flow/run.ts). One line per pipeline; exit 1 if any fails.
 * `npm run flow -- --out cdktf.out` reads an existing synth instead.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../model';
import { synthesizePlatform } from '../../stacks';
import { runFlow } from './run';

function main(): number {
  const started = Date.now();
  const outFlag = process.argv.indexOf('--out');
  let outDir = outFlag >= 0 ? path.resolve(process.argv[outFlag + 1] ?? '') : undefined;
  let tmp: string | undefined;
  if (outDir === undefined) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-synth-'));
    outDir = path.join(tmp, 'cdktf.out');
    synthesizePlatform(loadConfig(), outDir);
  }
  try {
    const report = runFlow({ outDir, onLine: (line) => console.log(line) });
    const failed = report.verdicts.filter((v) => !v.ok).length + report.checks.filter((c) => !c.ok).length;
    console.log(
      `flow: ${report.verdicts.length} pipelines, ${report.checks.length} checks, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return report.ok ? 0 : 1;
  } finally {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
