/**
 * The workflow linters, each pinned and installed into the project (never taken from the machine):
 * - actionlint, built from its Go module (`go install`, verified against the Go checksum database) into
 *   `.tools/bin/`. It must report nothing.
 * - zizmor, from PyPI into `.venv/`, run offline with the auditor persona. It must report no finding of
 *   medium or high severity.
 * `npm run lint:workflows` and `.ci/run` use it through tools/lint-workflows.js; __tests__/workflows runs both.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensurePipTool } from './venv';

/** The actionlint release CI builds. Raise it deliberately: new releases add checks. */
export const ACTIONLINT_VERSION = '1.7.12';
/** The zizmor release CI installs from PyPI. */
export const ZIZMOR_VERSION = '1.32.0';

const ROOT = path.resolve(__dirname, '..');
export const ACTIONLINT = path.join(ROOT, '.tools', 'bin', 'actionlint');
export const WORKFLOWS_DIR = path.join(ROOT, '.github', 'workflows');

/** The version an actionlint binary reports (`v1.7.12` -> `1.7.12`), '' if it does not run. */
export function actionlintVersion(binary: string = ACTIONLINT): string {
  if (!fs.existsSync(binary)) return '';
  const run = spawnSync(binary, ['-version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n')[0].trim().replace(/^v/, '') : '';
}

/** Build the pinned actionlint into `.tools/bin/` unless it is there already (needs `go` and the Go module proxy). */
export function ensureActionlint(log: (line: string) => void = console.log): string {
  const installed = actionlintVersion();
  if (installed === ACTIONLINT_VERSION) return ACTIONLINT;
  log(`Building actionlint ${ACTIONLINT_VERSION} into .tools/bin/ (${installed ? `found ${installed}` : 'not installed'})`);
  const probe = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error('actionlint is built from its Go module: install Go 1.24 or later and put `go` on PATH');
  }
  execFileSync('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@v${ACTIONLINT_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: path.dirname(ACTIONLINT), GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  return ACTIONLINT;
}

/** `.venv/bin/zizmor` in the pinned version, installed on first use. */
export function ensureZizmor(log: (line: string) => void = console.log): string {
  return ensurePipTool(
    'zizmor',
    ZIZMOR_VERSION,
    (binary) =>
      spawnSync(binary, ['--version'], { encoding: 'utf8' })
        .stdout.trim()
        .replace(/^zizmor /, ''),
    log,
  );
}

export interface LintFinding {
  /** Relative to the repository root. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** actionlint's kind, zizmor's audit id. */
  readonly rule: string;
  /** zizmor: informational, low, medium, high; actionlint: error. */
  readonly severity: string;
}

export const formatFinding = (f: LintFinding) => `${f.file}:${f.line}: ${f.message} [${f.rule}, ${f.severity}]`;

/** actionlint over `files` (default: every workflow); every finding is an error. */
export function runActionlint(files?: readonly string[], binary: string = ACTIONLINT): LintFinding[] {
  const targets =
    files ??
    fs
      .readdirSync(WORKFLOWS_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => path.join(WORKFLOWS_DIR, f));
  const run = spawnSync(binary, ['-no-color', '-format', '{{json .}}', ...targets], { cwd: ROOT, encoding: 'utf8' });
  // 0: no finding, 1: findings, anything else: actionlint itself failed
  if (run.status !== 0 && run.status !== 1) throw new Error(`actionlint exited with ${run.status}: ${run.stderr}`);
  const findings = JSON.parse(run.stdout.trim() || '[]') as { filepath: string; line: number; message: string; kind: string }[];
  return findings.map((f) => ({
    file: path.relative(ROOT, path.resolve(ROOT, f.filepath)),
    line: f.line,
    message: f.message,
    rule: f.kind,
    severity: 'error',
  }));
}

interface ZizmorRecord {
  readonly ident: string;
  readonly desc: string;
  readonly determinations: { readonly severity: string };
  readonly locations: readonly {
    readonly symbolic: {
      readonly key: { readonly Local?: { readonly given_path?: string; readonly verbatim_path?: string } };
      readonly kind: string;
    };
    readonly concrete: { readonly location: { readonly start_point: { readonly row: number } } };
  }[];
}

/** zizmor (offline, auditor persona) over `dir` (or one workflow file): every finding, with its severity. */
export function runZizmor(dir: string = WORKFLOWS_DIR, binary?: string): LintFinding[] {
  const run = spawnSync(
    binary ?? ensureZizmor(),
    ['--offline', '--persona', 'auditor', '--format', 'json', '--no-progress', '--no-exit-codes', dir],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  // --no-exit-codes: 0 whatever it finds; anything else is zizmor's own failure
  if (run.status !== 0) {
    throw new Error(`zizmor exited with ${run.status}: ${run.stderr}`);
  }
  return (JSON.parse(run.stdout || '[]') as ZizmorRecord[]).map((r) => {
    const primary = r.locations.find((l) => l.symbolic.kind === 'Primary') ?? r.locations[0];
    const local = primary?.symbolic.key.Local;
    return {
      file: path.relative(ROOT, path.resolve(ROOT, local?.given_path ?? local?.verbatim_path ?? dir)),
      line: (primary?.concrete.location.start_point.row ?? 0) + 1,
      message: r.desc,
      rule: r.ident,
      severity: r.determinations.severity.toLowerCase(),
    };
  });
}

/** zizmor findings that fail the lint: medium and high. */
export const blocking = (findings: readonly LintFinding[]) => findings.filter((f) => f.severity === 'medium' || f.severity === 'high');
