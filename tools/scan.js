#!/usr/bin/env node
// `npm run scan`: Checkov (pinned, installed into .venv/ on first use; needs python3) over every stack in
// cdktf.out, with the skips of policies/checkov-skips.yaml. Fails on any failed check or parsing error.
//   node tools/scan.js            scan (run `npm run synth` first)
//   node tools/scan.js --install  only install Checkov into .venv/
require('sucrase/register');
const { ensureCheckov, formatScan, loadSkips, scan } = require('./checkov.ts');

try {
  const skips = loadSkips();
  const checkov = ensureCheckov();
  if (!process.argv.includes('--install')) {
    const result = scan(process.env.CDKTF_OUTDIR || 'cdktf.out', skips, checkov);
    console.log(formatScan(result));
    if (result.failures.length > 0 || result.parsingErrors.length > 0) {
      console.error(`Checkov: ${result.failures.length} failed check(s), ${result.parsingErrors.length} parsing error(s)`);
      process.exitCode = 1;
    } else {
      const total = (key) => result.stacks.reduce((sum, s) => sum + s[key], 0);
      console.log(`Checkov: ${result.stacks.length} stacks pass (${total('passed')} passed, ${total('skipped')} skipped with a reason)`);
    }
  }
} catch (error) {
  console.error(`Scan failed: ${error.message}`);
  process.exitCode = 1;
}
