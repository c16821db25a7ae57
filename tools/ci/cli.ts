/**
 * Helpers the workflows call (`node -r sucrase/register tools/ci/cli.ts <command>`):
 *
 *   stacks <outdir> [--diff <report>]          JSON list of the stacks a pull request plans: those with remote
 *                                              state whose synthesized JSON changed (all when the report is missing)
 *   deploy-stacks <outdir> [--diff <report>]   JSON map deploy job -> the changed stacks it plans and applies, in order
 *   region                                     the management account's region (STS endpoint for the OIDC login)
 *   plan-roles <outdir>                        JSON map stack -> { role, roleName, stateRole, environment }: the read-only roles each plan runs as, and its plan environment
 *   state-moves <outdir> <stack>               the script that moves a split-out stack's resources out of its environment's state
 *   review --outdir <dir> --plans <dir> --diff <report> --diff-markdown <file> --confirmation <file> --sha <sha>
 *          [--run-url <url>] --out <file>      the plan-review comment (and job summary); exits 1 when the check fails
 *   drift-issues --results <dir> --run-url <url>   JSON list of the issues the drift workflow opens, updates and closes
 *
 * <report> is `npm run diff -- --json` (tools/diff/danger.ts); a plan dir holds `<stack>/result.json` (tools/ci/plan.sh).
 */
import * as fs from 'fs';
import { parseArgs } from 'util';
import type { DiffReport } from '../diff/danger';
import { renderPrComment } from './comment';
import { driftActions } from './drift';
import { decide, type Confirmation } from './gate';
import { readPlanResults } from './plan';
import { deployStacks, plannableStacks, stacksToPlan } from './stacks';

/** The diff report at `file`, or undefined when the synth diff wrote none (it failed). */
function readReport(file: string | undefined): DiffReport | undefined {
  return file !== undefined && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DiffReport) : undefined;
}

function options<K extends string>(
  command: string,
  args: string[],
  names: readonly K[],
  required: readonly K[],
): Record<K, string | undefined> {
  const { values } = parseArgs({ args, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])) });
  const missing = required.filter((k) => values[k] === undefined);
  if (missing.length > 0) throw new Error(`${command}: missing ${missing.map((m) => `--${m}`).join(', ')}`);
  return values as Record<K, string | undefined>;
}

/** The platform config: loaded only by the commands that need it (it loads the whole model, in seconds). */
async function config() {
  const { loadConfig } = await import('../../model');
  return loadConfig(process.env.PLATFORM_CONFIG_DIR);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  if (command === 'stacks' || command === 'deploy-stacks') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { diff: { type: 'string' } } });
    const outdir = positionals[0] ?? 'cdktf.out';
    const report = values.diff === undefined ? { changed: plannableStacks(outdir) } : readReport(values.diff);
    if (command === 'stacks') print(stacksToPlan(outdir, report));
    else print(deployStacks(outdir, (await config()).organisation.promotionOrder, report));
    return;
  }
  if (command === 'region') {
    process.stdout.write(`${(await config()).organisation.management.region}\n`);
    return;
  }
  if (command === 'plan-roles') {
    const { planLogins } = await import('./plan-roles');
    print(planLogins(rest[0] ?? 'cdktf.out', await config()));
    return;
  }
  if (command === 'state-moves') {
    const [outdir, stack] = rest;
    if (outdir === undefined || stack === undefined) throw new Error('state-moves: usage: state-moves <outdir> <split-out stack>');
    const { stateMoveScript, stateMovesInto } = await import('./state-moves');
    process.stdout.write(stateMoveScript(stateMovesInto(outdir, stack)));
    return;
  }
  if (command === 'review') {
    const names = ['outdir', 'plans', 'policy', 'diff', 'diff-markdown', 'confirmation', 'sha', 'run-url', 'out'] as const;
    const o = options(command, rest, names, ['outdir', 'plans', 'diff', 'diff-markdown', 'confirmation', 'sha', 'out']);
    const outdir = o.outdir as string;
    const report = readReport(o.diff);
    const expected = stacksToPlan(outdir, report);
    const plans = readPlanResults(o.plans as string);
    const confirmation = JSON.parse(fs.readFileSync(o.confirmation as string, 'utf8')) as Confirmation;
    const verdict = decide({ report, expected, plans, confirmation, headSha: o.sha as string });
    const diffMarkdown = fs.existsSync(o['diff-markdown'] as string)
      ? fs.readFileSync(o['diff-markdown'] as string, 'utf8')
      : '### Synth diff\n\nThe synth diff failed: see the log of the `synth` job.';
    const body = renderPrComment({
      sha: o.sha as string,
      plans,
      unchanged: plannableStacks(outdir).filter((s) => !expected.includes(s)),
      verdict,
      policy: JSON.parse(fs.readFileSync(o.policy ?? `${outdir}/policy-report.json`, 'utf8')),
      diffMarkdown,
      runUrl: o['run-url'],
    });
    fs.writeFileSync(o.out as string, body);
    for (const line of verdict.failures) process.stderr.write(`plan-review: ${line}\n`);
    if (!verdict.pass) process.exitCode = 1;
    return;
  }
  if (command === 'drift-issues') {
    const o = options(command, rest, ['results', 'run-url'] as const, ['results', 'run-url']);
    print(driftActions(readPlanResults(o.results as string), o['run-url'] as string));
    return;
  }
  throw new Error(
    `unknown command "${command ?? ''}": use "stacks", "deploy-stacks", "region", "plan-roles", "state-moves", "review" or "drift-issues"`,
  );
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
