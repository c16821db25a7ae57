/**
 * What `npm run synth` prints: one row per stack (resources, data sources, findings by level) in columns that
 * align whatever a stack is called, one line for the suppressed findings, and the whole report only when asked.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PolicyReport, type PolicyFinding } from '../../policies';
import { formatSynthSummary, verboseRequested } from '../../stacks';

const LONG = 'management-access';

/** A synthesized output of hand-written stacks: `resources` and `data` blocks per stack. */
function writeOutdir(root: string, stacks: Record<string, { resources: number; data: number }>): string {
  const outdir = path.join(root, 'out');
  for (const [stack, counts] of Object.entries(stacks)) {
    const byName = (n: number) => Object.fromEntries(Array.from({ length: n }, (_v, i) => [`r${i}`, {}]));
    const tf = { resource: { aws_s3_bucket: byName(counts.resources) }, data: { aws_iam_policy_document: byName(counts.data) } };
    fs.mkdirSync(path.join(outdir, 'stacks', stack), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(tf));
  }
  return outdir;
}

function finding(stack: string, level: 'error' | 'warning', suppressedBecause?: string): PolicyFinding {
  return {
    stack,
    ruleId: 'PLAT-SNS-001',
    level,
    address: 'aws_sns_topic.alerts',
    path: `${stack}/alerts`,
    message: 'has no KMS key',
    suppressedBecause,
  };
}

let root: string;
let outdir: string;
let report: PolicyReport;
const STACKS = ['dev', LONG, 'staging-payments'];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-summary-'));
  outdir = writeOutdir(root, {
    dev: { resources: 12, data: 3 },
    [LONG]: { resources: 7, data: 6 },
    'staging-payments': { resources: 1, data: 0 },
  });
  report = new PolicyReport();
  report.record('dev', 53, 100, [finding('dev', 'warning'), finding('dev', 'error', 'an accepted risk, for the test')]);
  report.record(LONG, 53, 10, [finding(LONG, 'error', 'an accepted risk, for the test'), finding(LONG, 'error', 'another accepted risk')]);
  report.record('staging-payments', 53, 1, []);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const summary = (options: { verbose?: boolean; services?: number } = {}) =>
  formatSynthSummary({ outdir, stacks: STACKS, report, services: options.services ?? 1 }, { verbose: options.verbose, cwd: root });

test('the headline counts stacks, resources and data sources, and names the output relative to the working directory', () => {
  expect(summary().split('\n')[0]).toBe('Synthesized 3 stacks into out: 20 resources, 9 data sources');
});

test('one row per stack with its resources, data sources and open and suppressed findings', () => {
  const rows = summary()
    .split('\n')
    .slice(2, 5)
    .map((line) => line.trim().split(/ +/));
  expect(rows).toEqual([
    ['dev', '12', '3', '0', '1', '1'],
    [LONG, '7', '6', '0', '0', '2'],
    ['staging-payments', '1', '0', '0', '0', '0'],
  ]);
});

test.each([
  ['the summary', () => summary().split('\n').slice(1, 5)],
  ['the whole policy report', () => report.format().split('\n').slice(1, 5)],
])('the columns of %s align for stack names longer than the header', (_name, table) => {
  const lines = table();
  // every column is right-aligned after the first: each line ends at the same column, and numbers end under headers
  expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  const header = lines[0];
  for (const line of lines.slice(1)) {
    for (const match of header.matchAll(/\S+/g)) {
      const end = (match.index ?? 0) + match[0].length;
      if (match.index !== 2) expect(line[end - 1]).toMatch(/\d/);
    }
  }
});

test('open findings are listed, suppressed ones are one line that says how to list them', () => {
  const text = summary();
  expect(text).toContain('Policy: 53 rules checked, 0 errors, 1 warning.');
  expect(text).toContain('[PLAT-SNS-001] dev: aws_sns_topic.alerts: has no KMS key (WARNING)');
  expect(text).not.toContain('accepted risk');
  expect(
    text
      .split('\n')
      .slice(5)
      .filter((l) => /suppressed/.test(l)),
  ).toEqual(['3 findings suppressed, each with a written reason: `npm run synth -- --verbose` (or PLATFORM_SYNTH_VERBOSE=1) lists them.']);
});

test('verbose adds the whole report: each suppressed finding with its reason', () => {
  const text = summary({ verbose: true });
  expect(text).toContain('(suppressed: an accepted risk, for the test)');
  expect(text).toContain('(suppressed: another accepted risk)');
  expect(text).not.toContain('lists them');
});

test('an empty service catalogue is a warning that says so and where to start', () => {
  expect(summary({ services: 0 })).toContain(
    'Warning: environments/services.ts lists no service, so no stack has a repository, build, deployment or pipeline; add one (README, "Add a service").',
  );
  expect(summary()).not.toContain('lists no service');
});

test.each([
  [['node', 'tools/synth.js', '--verbose'], {}, true],
  [['node', 'main.ts'], { PLATFORM_SYNTH_VERBOSE: '1' }, true],
  [['node', 'main.ts'], { PLATFORM_SYNTH_VERBOSE: 'true' }, true],
  [['node', 'main.ts'], { PLATFORM_SYNTH_VERBOSE: '0' }, false],
  [['node', 'tools/synth.js'], {}, false],
])('verbose from %j and %j: %s', (argv, env, expected) => {
  expect(verboseRequested(argv, env)).toBe(expected);
});
