/**
 * `npm run diff [-- --base <git ref>] [--markdown <file>]`: synthesize the base ref (by default origin/main,
 * else main) and the working tree, offline and without credentials, and print what changes per stack.
 * `npm run diff -- --help` lists the options (USAGE).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { removeScratch, scratchDir } from '../scratch';
import { DANGER_EXIT_CODE, DANGER_LABEL, diffReport } from './danger';
import { diffSynth } from './diff';
import { renderMarkdown, renderText } from './render';

/** The refs compared against when no --base is given, in order: the first that exists. */
export const DEFAULT_BASES = ['origin/main', 'main'] as const;

export const USAGE = `Usage: npm run diff [-- options]

Synthesizes the base and the working tree (offline, no credentials) and prints, stack by stack, what is
added, removed, changed or moved, and first what a reviewer must not miss (destroys, replacements, IAM that
widens, protections weakened).

Options:
  --base <ref>        git ref to compare against (default: ${DEFAULT_BASES.join(', else ')}); exported with
                      git archive, never checked out
  --base-out <dir>    an already synthesized output to use as the base instead of a ref
  --head-out <dir>    an already synthesized output to use as the head instead of the working tree
  --markdown <file>   also write the report as Markdown (the pull-request comment)
  -h, --help          this text

Examples:
  npm run diff                                   # the working tree against origin/main (or main)
  npm run diff -- --base HEAD~1                  # against the previous commit
  npm run diff -- --base origin/main --markdown diff.md
`;

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

/** Whether `ref` names a commit of this repository. */
function refExists(ref: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The base ref: the one given, else the first of DEFAULT_BASES that exists. */
export function baseRef(given: string | undefined, exists: (ref: string) => boolean = refExists): string {
  if (given !== undefined) return given;
  const found = DEFAULT_BASES.find(exists);
  if (found === undefined) throw new Error(`neither ${DEFAULT_BASES.join(' nor ')} exists here; name the base: --base <git ref> (--help)`);
  return found;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      'base-out': { type: 'string' },
      'head-out': { type: 'string' },
      markdown: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      json: { type: 'string' },
    },
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const tmp = scratchDir('synth-diff-');
  try {
    let baseOut = values['base-out'];
    if (baseOut === undefined) {
      const ref = baseRef(values.base);
      const tree = path.join(tmp, 'base');
      const sha = exportRef(ref, tree);
      baseOut = path.join(tmp, 'base.out');
      process.stderr.write(`Comparing the working tree with ${ref} (${sha.slice(0, 12)})\n`);
      synthesize(tree, baseOut, `${ref} (${sha.slice(0, 12)})`);
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
    removeScratch(tmp);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`diff failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
