#!/usr/bin/env node
// `npm run lint:workflows`: actionlint (pinned, built into .tools/bin/) and zizmor (pinned, into .venv/) over
// .github/workflows/. Fails on any actionlint finding and on any zizmor finding of medium or high severity.
//   node tools/lint-workflows.js            install what is missing, then lint
//   node tools/lint-workflows.js --install  only install both tools
require('sucrase/register');
const lint = require('./workflow-lint.ts');

try {
  const actionlint = lint.ensureActionlint();
  const zizmor = lint.ensureZizmor();
  if (!process.argv.includes('--install')) {
    const actionlintFindings = lint.runActionlint(undefined, actionlint);
    const zizmorFindings = lint.runZizmor(undefined, zizmor);
    const failing = lint.blocking(zizmorFindings);
    for (const f of actionlintFindings) console.log(`actionlint: ${lint.formatFinding(f)}`);
    for (const f of zizmorFindings) console.log(`zizmor: ${lint.formatFinding(f)}`);
    const bySeverity = {};
    for (const f of zizmorFindings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    const counts =
      Object.entries(bySeverity)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ') || 'none';
    console.log(
      `actionlint ${lint.ACTIONLINT_VERSION}: ${actionlintFindings.length} finding(s); zizmor ${lint.ZIZMOR_VERSION} (auditor): ${counts}`,
    );
    if (actionlintFindings.length > 0 || failing.length > 0) {
      console.error(
        `Workflow lint failed: ${actionlintFindings.length} actionlint finding(s), ${failing.length} zizmor finding(s) of medium or high severity`,
      );
      process.exitCode = 1;
    }
  }
} catch (error) {
  console.error(`Workflow lint failed: ${error.message}`);
  process.exitCode = 1;
}
