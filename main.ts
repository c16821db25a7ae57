/**
 * The CDKTF app: load and validate `environments/`, build every stack, run the policy pack, synthesize.
 * `npm run synth` runs it directly; `cdktf synth|diff|deploy` run it through cdktf.json. It prints a short summary;
 * `npm run synth -- --verbose` (or PLATFORM_SYNTH_VERBOSE=1) adds the whole policy report.
 */
import { ConfigError, loadConfig } from './model';
import { PolicyError } from './policies';
import { formatSynthSummary, OutputDirectoryError, synthesizePlatform, verboseRequested } from './stacks';

/** Errors a user fixes in their config or code, printed without a stack trace. */
function isUserError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof OutputDirectoryError || error instanceof PolicyError;
}

function main(): void {
  const config = loadConfig(process.env.PLATFORM_CONFIG_DIR);
  const result = synthesizePlatform(config, process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const verbose = verboseRequested(process.argv, process.env);
  process.stdout.write(formatSynthSummary({ ...result, services: config.services.length }, { verbose }));
}

try {
  main();
} catch (error) {
  if (isUserError(error)) {
    process.stderr.write(`Synth failed: ${error.message}\n`);
  } else {
    process.stderr.write(`Synth failed with an unexpected error (a bug, please report it):\n${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
}
