/**
 * Checkov over the synthesized stacks: install it (pinned, into `.venv/`), prepare each stack for its
 * terraform_json parser, run it once over every stack, apply the committed skips, and summarize per stack.
 * `npm run scan` and `.ci/run` use it through tools/scan.js.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { buildStackView, type PolicyFinding, type ResourceView, type StackView } from '../policies';
import { isBoundaryDocument, isKeyPolicyDocument } from '../policies/rules/helpers';
import { textTable } from '../vocabulary/text-table';
import { ensurePipTool, VENV } from './venv';

/** The Checkov release CI installs from PyPI. Raise it deliberately: new releases add checks. */
export const CHECKOV_VERSION = '3.3.30';

const ROOT = path.resolve(__dirname, '..');
export const SKIPS_FILE = path.join(ROOT, 'policies', 'checkov-skips.yaml');
const CHECKOV = path.join(VENV, 'bin', 'checkov');

/** A synthesized stack (cdk.tf.json). */
export type StackJson = Record<string, unknown>;

/** What a selector sees of one failed Checkov result. */
export interface FailedResource {
  /** Checkov's resource id: `aws_s3_bucket.name`, or `data.name` for data sources. */
  readonly resource: string;
  readonly stack: string;
  /** The stack as the policy pack sees it. */
  readonly view: StackView;
  /** The policy pack's findings of this synth (cdktf.out/policy-report.json). */
  readonly findings: readonly PolicyFinding[];
}

/**
 * The resource or data source of `view` a Checkov resource id names: `aws_s3_bucket.<name>`,
 * `data.<name>` or `resource.<name>` (Checkov's terraform_json runner drops the type of some). Logical
 * names are unique within a stack.
 */
function resolve(view: StackView, resource: string): ResourceView | undefined {
  const data = /^data\.(?:aws_iam_policy_document\.)?(.+)$/.exec(resource);
  if (data) return view.resources.find((r) => r.kind === 'data' && r.name === data[1]);
  const name = resource.slice(resource.indexOf('.') + 1);
  return view.resources.find((r) => r.kind === 'resource' && r.name === name);
}

/** Selectors a skip can be narrowed to, by name: which failed resources they cover. */
export const SELECTORS: Readonly<Record<string, (failed: FailedResource) => boolean>> = {
  /** An aws_iam_policy_document used as the policy of an aws_kms_key of the same stack. */
  'kms-key-policy': ({ view, resource }) => {
    const document = resolve(view, resource);
    return document !== undefined && isKeyPolicyDocument(view, document);
  },
  /** An aws_iam_policy_document that is the permissions boundary of the roles of the same stack. */
  'permissions-boundary': ({ view, resource }) => {
    const document = resolve(view, resource);
    return document !== undefined && isBoundaryDocument(view, document);
  },
};

/** `suppressed:<RULE-ID>`: the resource carries a suppression (with its written reason) of that rule of the pack. */
const SUPPRESSED = /^suppressed:(PLAT-[A-Z0-9]+-\d{3})$/;

/** Whether the selector `only` picks `failed`. */
export function selects(only: string, failed: FailedResource): boolean {
  const suppressed = SUPPRESSED.exec(only);
  if (suppressed) {
    const target = resolve(failed.view, failed.resource);
    return failed.findings.some(
      (f) => f.stack === failed.stack && f.ruleId === suppressed[1] && f.address === target?.address && f.suppressedBecause !== undefined,
    );
  }
  return SELECTORS[only]?.(failed) ?? false;
}

/** One entry of policies/checkov-skips.yaml. */
export interface CheckovSkip {
  readonly id: string;
  readonly reason: string;
  /** Skip only for resources this selector picks. @default everywhere */
  readonly only?: string;
}

/** Read and validate the skips file; throws one message naming the entry and field at fault. */
export function loadSkips(file: string = SKIPS_FILE): CheckovSkip[] {
  const where = path.relative(ROOT, file);
  const data: unknown = parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${where}: must be a list of { id, reason, only? } entries`);
  const seen = new Set<string>();
  return data.map((entry: Record<string, unknown>, index) => {
    const label = `${where}: entry ${index + 1}${typeof entry?.id === 'string' ? ` (${entry.id})` : ''}`;
    if (entry === null || typeof entry !== 'object') throw new Error(`${label}: must be an object`);
    const unknown = Object.keys(entry).filter((k) => !['id', 'reason', 'only'].includes(k));
    if (unknown.length > 0) throw new Error(`${label}: unknown field(s) ${unknown.join(', ')}; allowed: id, reason, only`);
    if (typeof entry.id !== 'string' || !/^CKV2?_[A-Z0-9]+_\d+$/.test(entry.id)) {
      throw new Error(`${label}: id must be a Checkov check id such as CKV_AWS_18`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 40) {
      throw new Error(`${label}: reason must say why the check does not apply, in at least 40 characters`);
    }
    if (entry.only !== undefined && (typeof entry.only !== 'string' || !(entry.only in SELECTORS || SUPPRESSED.test(entry.only)))) {
      throw new Error(`${label}: only must be one of ${Object.keys(SELECTORS).join(', ')} or suppressed:<RULE-ID>`);
    }
    const key = `${entry.id}/${String(entry.only ?? '')}`;
    if (seen.has(key)) throw new Error(`${label}: ${entry.id} is listed twice`);
    seen.add(key);
    return { id: entry.id, reason: entry.reason.trim(), only: entry.only as string | undefined };
  });
}

/**
 * The stack as Checkov 3.3's terraform_json parser can read it: without the top-level `terraform` block
 * (backend, required_version and provider versions), whose string values it fails on. No resource check
 * of Checkov reads that block.
 */
export function forCheckov(stack: Record<string, unknown>): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { terraform, ...rest } = stack;
  return rest;
}

export interface CheckovFailure {
  readonly stack: string;
  readonly checkId: string;
  readonly name: string;
  readonly resource: string;
}

export interface StackScan {
  readonly stack: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface ScanResult {
  readonly stacks: readonly StackScan[];
  readonly failures: readonly CheckovFailure[];
  readonly parsingErrors: readonly string[];
  /** Skips that matched nothing in this scan. */
  readonly unusedSkips: readonly string[];
}

interface CheckovRecord {
  readonly check_id: string;
  readonly check_name?: string;
  readonly file_path: string;
  readonly resource: string;
}

/** `.venv/bin/checkov` in the pinned version, installed on first use. */
export function ensureCheckov(log: (line: string) => void = console.log): string {
  return ensurePipTool('checkov', CHECKOV_VERSION, (binary) => spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim(), log);
}

/** Run Checkov over every stack of `outdir/stacks`, apply `skips`, and count per stack. */
export function scan(outdir: string, skips: readonly CheckovSkip[], checkov: string = CHECKOV): ScanResult {
  const stacksDir = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacksDir)) throw new Error(`${stacksDir} does not exist: run \`npm run synth\` first`);
  const names = fs
    .readdirSync(stacksDir)
    .filter((n) => fs.existsSync(path.join(stacksDir, n, 'cdk.tf.json')))
    .sort();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'checkov-'));
  try {
    const views = new Map<string, StackView>();
    const reportFile = path.join(outdir, 'policy-report.json');
    const findings: PolicyFinding[] = fs.existsSync(reportFile)
      ? ((JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { findings?: PolicyFinding[] }).findings ?? [])
      : [];
    for (const name of names) {
      const stack = JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as StackJson;
      views.set(name, buildStackView(name, stack));
      fs.mkdirSync(path.join(work, name));
      fs.writeFileSync(path.join(work, name, 'cdk.tf.json'), JSON.stringify(forCheckov(stack), null, 2));
    }
    // Skips are applied here, not with --skip-check: so they count as skipped per stack, and unused ones show.
    const args = ['-d', work, '--framework', 'terraform_json', '--output', 'json', '--skip-download', '--soft-fail'];
    const run = spawnSync(checkov, args, {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      // no network: no Prisma Cloud mapping, guidelines or version check
      env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_CHECK_VERSION: 'false', LOG_LEVEL: 'WARNING' },
    });
    if (run.status !== 0) throw new Error(`checkov exited with ${run.status}: ${run.stderr.slice(-2000)}`);
    const output = JSON.parse(run.stdout) as unknown;
    const reports = (Array.isArray(output) ? output : [output]) as {
      results?: {
        passed_checks?: CheckovRecord[];
        failed_checks?: CheckovRecord[];
        skipped_checks?: CheckovRecord[];
        parsing_errors?: string[];
      };
      summary?: { parsing_errors?: number };
    }[];
    const stackOf = (record: CheckovRecord) => record.file_path.replace(/^\/+/, '').split('/')[0];
    const counts = new Map(names.map((n) => [n, { passed: 0, failed: 0, skipped: 0 }]));
    const failures: CheckovFailure[] = [];
    const used = new Set<string>();
    const parsingErrors: string[] = [];
    for (const report of reports) {
      for (const r of report.results?.passed_checks ?? []) counts.get(stackOf(r))!.passed += 1;
      for (const r of report.results?.skipped_checks ?? []) counts.get(stackOf(r))!.skipped += 1;
      for (const r of report.results?.failed_checks ?? []) {
        const stack = stackOf(r);
        const failed: FailedResource = { resource: r.resource, stack, view: views.get(stack)!, findings };
        const skip = skips.find((s) => s.id === r.check_id && (s.only === undefined || selects(s.only, failed)));
        if (skip !== undefined) {
          counts.get(stack)!.skipped += 1;
          used.add(`${skip.id}/${skip.only ?? ''}`);
          continue;
        }
        counts.get(stack)!.failed += 1;
        failures.push({ stack, checkId: r.check_id, name: r.check_name ?? '', resource: r.resource });
      }
      parsingErrors.push(...(report.results?.parsing_errors ?? []).map((p) => path.relative(work, p)));
    }
    const unusedSkips = skips
      .filter((s) => !used.has(`${s.id}/${s.only ?? ''}`))
      .map((s) => (s.only === undefined ? s.id : `${s.id} (only ${s.only})`));
    return { stacks: names.map((stack) => ({ stack, ...counts.get(stack)! })), failures, parsingErrors, unusedSkips };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The per-stack table and every failure, for the terminal and CI logs. */
export function formatScan(result: ScanResult): string {
  const lines = [
    `Checkov ${CHECKOV_VERSION} (terraform_json)`,
    ...textTable(
      ['stack', 'passed', 'failed', 'skipped'],
      result.stacks.map((s) => [s.stack, s.passed, s.failed, s.skipped]),
      ['left', 'right', 'right', 'right'],
    ),
  ];
  for (const f of result.failures) lines.push(`  FAILED ${f.checkId} ${f.stack}: ${f.resource}: ${f.name}`);
  for (const p of result.parsingErrors) lines.push(`  PARSING ERROR ${p}`);
  if (result.unusedSkips.length > 0)
    lines.push(`  skips that matched nothing (remove them if they stay unused): ${result.unusedSkips.join(', ')}`);
  return lines.join('\n');
}
