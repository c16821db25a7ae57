/**
 * What `npm run synth` prints: a short summary a person reads in a glance (stacks, resources per stack,
 * findings by level, one line for the suppressed findings) and, with `verbose`, the whole policy report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { textTable } from '../vocabulary/text-table';
import { findingLine, unusedSuppressionLine, type PolicyReport } from '../policies';

/** How to ask for the whole report: the flag of `npm run synth`, the variable for `cdktf synth`. */
export const VERBOSE_FLAG = '--verbose';
export const VERBOSE_ENV = 'PLATFORM_SYNTH_VERBOSE';

export interface SynthSummaryInput {
  /** The directory synth wrote (`<outdir>/stacks/<stack>/cdk.tf.json`). */
  readonly outdir: string;
  /** The stacks written, in the order they were built. */
  readonly stacks: readonly string[];
  readonly report: PolicyReport;
  /** Services of the catalogue: none gets a warning. */
  readonly services: number;
}

export interface SynthSummaryOptions {
  /** Also print the per-rule table and every finding, suppressed ones included. @default false */
  readonly verbose?: boolean;
  /** Directory the output path is shown relative to. @default process.cwd() */
  readonly cwd?: string;
}

/** Whether the command line or the environment asks for the whole report. */
export function verboseRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes(VERBOSE_FLAG) || ['1', 'true'].includes(env[VERBOSE_ENV] ?? '');
}

/** Resources and data sources of one synthesized stack. */
function countsOf(outdir: string, stack: string): { resources: number; data: number } {
  const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
    resource?: Record<string, Record<string, unknown>>;
    data?: Record<string, Record<string, unknown>>;
  };
  const count = (blocks: Record<string, Record<string, unknown>> = {}) =>
    Object.values(blocks).reduce((n, byName) => n + Object.keys(byName).length, 0);
  return { resources: count(tf.resource), data: count(tf.data) };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The summary `npm run synth` prints after writing every stack. */
export function formatSynthSummary(input: SynthSummaryInput, options: SynthSummaryOptions = {}): string {
  const { report } = input;
  const policy = new Map(report.summaries.map((s) => [s.stack, s]));
  const rows = [...input.stacks].sort().map((stack) => {
    const counts = countsOf(input.outdir, stack);
    const p = policy.get(stack);
    return { stack, ...counts, errors: p?.errors ?? 0, warnings: p?.warnings ?? 0, suppressed: p?.suppressed ?? 0 };
  });
  const total = (key: 'resources' | 'data' | 'errors' | 'warnings' | 'suppressed') => rows.reduce((n, r) => n + r[key], 0);
  const relative = path.relative(options.cwd ?? process.cwd(), input.outdir);
  const where = relative === '' || relative.startsWith('..') ? input.outdir : relative;
  const rules = Math.max(0, ...report.summaries.map((s) => s.rules));

  const lines = [
    `Synthesized ${plural(rows.length, 'stack')} into ${where}: ${plural(total('resources'), 'resource')}, ${plural(total('data'), 'data source')}`,
    ...textTable(
      ['stack', 'resources', 'data', 'errors', 'warnings', 'suppressed'],
      rows.map((r) => [r.stack, r.resources, r.data, r.errors, r.warnings, r.suppressed]),
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ),
    `Policy: ${plural(rules, 'rule')} checked, ${plural(total('errors'), 'error')}, ${plural(total('warnings'), 'warning')}.`,
  ];
  const open = report.findings.filter((f) => f.suppressedBecause === undefined);
  for (const f of open) lines.push(`  ${findingLine(f)}`);
  for (const u of report.unusedSuppressions) lines.push(`  ${unusedSuppressionLine(u)}`);
  const suppressed = total('suppressed');
  if (suppressed > 0 && options.verbose !== true) {
    lines.push(
      `${plural(suppressed, 'finding')} suppressed, each with a written reason: \`npm run synth -- ${VERBOSE_FLAG}\` (or ${VERBOSE_ENV}=1) lists them.`,
    );
  }
  if (input.services === 0) {
    lines.push(
      'Warning: environments/services.ts lists no service, so no stack has a repository, build, deployment or pipeline; add one (README, "Add a service").',
    );
  }
  if (options.verbose === true) lines.push('', report.format());
  return `${lines.join('\n')}\n`;
}
