/**
 * `npm run diff -- --base <git ref> [--markdown <file>]`: synthesize the base ref and the working tree,
 * offline and without credentials, and print what changes per stack.
 *
 *   --base <ref>        git ref to compare against (the base is exported with `git archive`, never checked out)
 *   --base-out <dir>    use an existing synthesized output as the base instead of synthesizing a ref
 *   --head-out <dir>    use an existing synthesized output as the head instead of synthesizing the working tree
 *   --markdown <file>   also write the report as Markdown (for the pull-request comment)
 *   --json <file>       also write which stacks changed and the danger found (tools/ci reads it)
 *
 * Exit codes: 0 no danger, 3 (DANGER_EXIT_CODE) the diff holds danger that needs a reviewer's confirmation
 * (tools/diff/danger.ts), 1 the diff itself failed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { DANGER_EXIT_CODE, DANGER_LABEL, diffReport } from './danger';
import { diffSynth } from './diff';
import { renderMarkdown, renderText } from './render';

const ROOT = path.resolve(__dirname, '..', '..');

/** Run the app of the tree at `dir` into `outdir`, with the config of that tree (never PLATFORM_CONFIG_DIR). */
function synthesize(dir: string, outdir: string, label: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  delete env.PLATFORM_CONFIG_DIR;
  const entry = fs.existsSync(path.join(dir, 'tools', 'synth.js')) ? ['tools/synth.js'] : ['-r', 'sucrase/register', 'main.ts'];
  try {
    execFileSync(process.execPath, entry, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`synth of ${label} failed:\n${String(stderr ?? '')}${String(stdout ?? '')}`);
  }
}

/** Export `ref` into `dir` (git archive: no checkout, no change to the repository) and link node_modules. */
function exportRef(ref: string, dir: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const tar = execFileSync('git', ['archive', '--format=tar', sha], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  return sha;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      'base-out': { type: 'string' },
      'head-out': { type: 'string' },
      markdown: { type: 'string' },
      json: { type: 'string' },
    },
  });
  if (values.base === undefined && values['base-out'] === undefined) {
    throw new Error('usage: npm run diff -- --base <git ref> [--markdown <file>] [--head-out <dir>] (or --base-out <dir>)');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-diff-'));
  try {
    let baseOut = values['base-out'];
    if (baseOut === undefined) {
      const tree = path.join(tmp, 'base');
      const sha = exportRef(values.base as string, tree);
      baseOut = path.join(tmp, 'base.out');
      synthesize(tree, baseOut, `${values.base} (${sha.slice(0, 12)})`);
    }
    let headOut = values['head-out'];
    if (headOut === undefined) {
      headOut = path.join(tmp, 'head.out');
      synthesize(ROOT, headOut, 'the working tree');
    }
    const diff = diffSynth(baseOut, headOut);
    process.stdout.write(renderText(diff));
    if (values.markdown !== undefined) fs.writeFileSync(values.markdown, renderMarkdown(diff));
    const report = diffReport(diff);
    if (values.json !== undefined) fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    if (report.danger.length > 0) {
      process.stderr.write(
        `\n${report.danger.length} finding(s) need a second look (exit ${DANGER_EXIT_CODE}): on a pull request, a reviewer other than the author confirms them with the label "${DANGER_LABEL}" (docs/workflows.md)\n`,
      );
      process.exitCode = DANGER_EXIT_CODE;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`diff failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
