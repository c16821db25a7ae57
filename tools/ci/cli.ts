/**
 * Helpers the workflows call (`node -r sucrase/register tools/ci/cli.ts <command>`):
 *
 *   stacks <outdir>                 JSON list of the stacks CI plans (remote state), for a job matrix
 *   region                          the management account's region (STS endpoint for the OIDC login)
 *   plan-roles <outdir>             JSON map stack -> { role, roleName, stateRole }: the read-only roles each plan runs as
 *   state-moves <outdir> <stack>    the script that moves a split-out stack's resources out of its environment's state
 *   comment --plans <dir> --policy <file> --diff <file> --sha <sha> [--run-url <url>] --out <file>
 *                                   the pull-request comment, from the plan results (`<dir>/*.json`)
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { loadConfig } from '../../model';
import { renderPrComment } from './comment';
import type { PlanResult } from './plan';
import { planLogins } from './plan-roles';
import { plannableStacks } from './stacks';
import { stateMoveScript, stateMovesInto } from './state-moves';

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === 'stacks') {
    process.stdout.write(`${JSON.stringify(plannableStacks(rest[0] ?? 'cdktf.out'))}\n`);
    return;
  }
  if (command === 'region') {
    process.stdout.write(`${loadConfig(process.env.PLATFORM_CONFIG_DIR).organisation.management.region}\n`);
    return;
  }
  if (command === 'plan-roles') {
    const logins = planLogins(rest[0] ?? 'cdktf.out', loadConfig(process.env.PLATFORM_CONFIG_DIR));
    process.stdout.write(`${JSON.stringify(logins)}\n`);
    return;
  }
  if (command === 'state-moves') {
    const [outdir, stack] = rest;
    if (outdir === undefined || stack === undefined) throw new Error('state-moves: usage: state-moves <outdir> <split-out stack>');
    process.stdout.write(stateMoveScript(stateMovesInto(outdir, stack)));
    return;
  }
  if (command === 'comment') {
    const { values } = parseArgs({
      args: rest,
      options: {
        plans: { type: 'string' },
        policy: { type: 'string' },
        diff: { type: 'string' },
        sha: { type: 'string' },
        'run-url': { type: 'string' },
        out: { type: 'string' },
      },
    });
    const missing = ['plans', 'policy', 'diff', 'sha', 'out'].filter((k) => values[k as keyof typeof values] === undefined);
    if (missing.length > 0) throw new Error(`comment: missing ${missing.map((m) => `--${m}`).join(', ')}`);
    const dir = values.plans as string;
    const plans = fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as PlanResult)
      : [];
    const diffMarkdown = fs.existsSync(values.diff as string)
      ? fs.readFileSync(values.diff as string, 'utf8')
      : '### Synth diff\n\nThe synth diff failed: see the log of the `synth` job.';
    const body = renderPrComment({
      sha: values.sha as string,
      plans,
      policy: JSON.parse(fs.readFileSync(values.policy as string, 'utf8')),
      diffMarkdown,
      runUrl: values['run-url'],
    });
    fs.writeFileSync(values.out as string, body);
    return;
  }
  throw new Error(`unknown command "${command ?? ''}": use "stacks", "region", "plan-roles", "state-moves" or "comment"`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
