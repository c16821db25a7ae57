import type { SpawnSyncReturns } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Buildspec } from '../../modules/codebuild-project';
import { collectArtifacts, readLines } from './artifacts';
import { inside, runInSandbox, sandboxEnvironment, type Session } from './sandbox';

/**
 * Runs a buildspec the way CodeBuild does, phase by phase with bash, in a sandbox (tools/flow/sandbox.ts): a
 * private mount namespace with empty `/tmp` and `/usr/local/bin`, the session at `/mnt`, stubs first on PATH for
 * what needs the network or AWS only.
 */

export { createVenv, openSession, type Session } from './sandbox';

export const PHASES = ['install', 'pre_build', 'build', 'post_build'] as const;

export interface BuildRun {
  readonly ok: boolean;
  /** The phase that failed. */
  readonly failedPhase?: string;
  /** The build's last error lines (stderr), for the failure message. */
  readonly error: string;
  /** Every command the stubs recorded (tool and arguments). */
  readonly calls: readonly string[];
  /** Downloads the curl stub served and the archives sha256sum verified against their pin. */
  readonly downloads: readonly string[];
  readonly verified: readonly string[];
  /** The output artifact's directory (host path), when the buildspec has artifacts and the build passed. */
  readonly artifactDir?: string;
  readonly log: string;
}

export interface BuildRequest {
  readonly label: string;
  readonly buildspec: Buildspec;
  /** Primary input (copied: a build never changes its input). */
  readonly primary: string;
  /** Secondary inputs by artifact name (CODEBUILD_SRC_DIR_<name>). */
  readonly secondary?: Readonly<Record<string, string>>;
  /** Variables CodeBuild and the project set (the buildspec's own env.variables are added here). */
  readonly variables: Readonly<Record<string, string>>;
}

/** The bash script of a buildspec: each phase's commands, each checked; the failing phase named in a file. */
function script(spec: Buildspec, stateDir: string): string {
  const lines = ['cd "$CODEBUILD_SRC_DIR"'];
  for (const phase of PHASES) {
    const commands = spec.phases[phase]?.commands ?? [];
    if (commands.length === 0) continue;
    lines.push(`echo ${phase} > "${stateDir}/phase"`, `echo "[flow] phase ${phase}"`);
    for (const command of commands) {
      lines.push(command, `__rc=$?; if [ $__rc -ne 0 ]; then echo "[flow] command failed (exit $__rc) in ${phase}" >&2; exit $__rc; fi`);
    }
  }
  lines.push(`echo done > "${stateDir}/phase"`);
  return lines.join('\n') + '\n';
}

/** A build's folder: its copies of the inputs, its state (phase, stub records) and its script. */
interface PreparedBuild {
  readonly id: number;
  readonly dir: string;
  readonly src: string;
  readonly state: string;
  readonly scriptFile: string;
  /** CODEBUILD_SRC_DIR_<name> of each secondary input, as the build sees it. */
  readonly secondaryDirs: Readonly<Record<string, string>>;
}

function prepareBuild(session: Session, request: BuildRequest): PreparedBuild {
  const id = ++session.builds;
  const dir = path.join(session.root, 'builds', String(id));
  const copy = (from: string, to: string) => fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  const src = path.join(dir, 'src');
  copy(request.primary, src);
  const secondaryDirs: Record<string, string> = {};
  for (const [name, from] of Object.entries(request.secondary ?? {})) {
    const to = path.join(dir, `src_${name}`);
    copy(from, to);
    secondaryDirs[`CODEBUILD_SRC_DIR_${name}`] = inside(session, to);
  }
  const state = path.join(dir, 'state');
  fs.mkdirSync(state, { recursive: true });
  const scriptFile = path.join(dir, 'build.sh');
  fs.writeFileSync(scriptFile, script(request.buildspec, inside(session, state)));
  return { id, dir, src, state, scriptFile, secondaryDirs };
}

/** What the build sees: the sandbox's variables, CodeBuild's, the project's and buildspec's, stub secrets, inputs. */
function buildEnvironment(session: Session, request: BuildRequest, build: PreparedBuild): Record<string, string> {
  const secrets = Object.fromEntries(
    Object.keys(request.buildspec.env?.['secrets-manager'] ?? {}).map((k) => [k, `stub-secret-${k.toLowerCase()}`]),
  );
  return {
    ...sandboxEnvironment(),
    CODEBUILD_SRC_DIR: inside(session, build.src),
    CODEBUILD_BUILD_ID: `${request.label}:${createHash('sha256').update(`${request.label}${build.id}`).digest('hex').slice(0, 36)}`,
    CODEBUILD_BUILD_NUMBER: String(build.id),
    FLOW_STATE: inside(session, build.state),
    ...request.variables,
    ...request.buildspec.env?.variables,
    ...secrets,
    ...build.secondaryDirs,
  };
}

/** The build's own error lines (stderr); a tool that reports on stdout (Maven) when it wrote none. */
function errorLines(result: SpawnSyncReturns<string>): string[] {
  const clean = (text: string | null) =>
    (text ?? '')
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => l.trim().length > 0 && !l.startsWith('[flow]'));
  return clean(result.stderr).length > 0
    ? clean(result.stderr)
    : clean(result.stdout)
        .filter((l) => /\[ERROR\] \S/.test(l))
        .slice(0, 2);
}

/** Run one build of `request` in `session`. */
export function runBuild(session: Session, request: BuildRequest): BuildRun {
  const started = Date.now();
  const build = prepareBuild(session, request);
  const result = runInSandbox(session, build.scriptFile, buildEnvironment(session, request, build));
  const phase = readLines(path.join(build.state, 'phase'))[0] ?? 'install';
  const ok = result.status === 0 && phase === 'done';
  const log = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  fs.writeFileSync(path.join(build.dir, 'build.log'), log);
  if (process.env.FLOW_DEBUG !== undefined) {
    const seconds = (Date.now() - started) / 1000;
    fs.appendFileSync(process.env.FLOW_DEBUG, `### ${request.label} #${build.id} ${ok ? 'ok' : 'FAILED'} ${seconds}s\n${log}\n`);
  }
  let artifactDir: string | undefined;
  if (ok && request.buildspec.artifacts !== undefined) {
    artifactDir = path.join(build.dir, 'artifact');
    collectArtifacts(request.buildspec, build.src, artifactDir);
  }
  return {
    ok,
    failedPhase: ok ? undefined : phase,
    error: errorLines(result).slice(-3).join(' | ') || (result.error?.message ?? `exit ${String(result.status)}`),
    calls: readLines(path.join(build.state, 'calls.log')),
    downloads: readLines(path.join(build.state, 'downloads.log')),
    verified: readLines(path.join(build.state, 'verified.log')),
    artifactDir,
    log,
  };
}
