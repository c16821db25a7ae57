import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Buildspec } from '../../modules/codebuild-project';

/**
 * Runs a buildspec the way CodeBuild does, phase by phase with bash, in a private mount namespace: `/tmp`
 * and `/usr/local/bin` are empty tmpfs (a build installs tools there as root), the session is mounted at
 * `/mnt` (sources, state, HOME). Stubs come first on PATH for what needs the network or AWS only.
 */

export const PHASES = ['install', 'pre_build', 'build', 'post_build'] as const;

/** Where the sandbox sees the session directory. */
const MOUNT = '/mnt';
const STUBS = path.join(__dirname, 'stubs');

export interface Session {
  /** The session directory on the host (mounted at /mnt inside every build). */
  readonly root: string;
  /** Number of builds run so far. */
  builds: number;
}

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

function which(tool: string): string {
  const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
  if (found === '') throw new Error(`flow runner: ${tool} not found on PATH; it runs for real in the builds`);
  return found;
}

/** A new session: state shared across builds (the stub registry), HOME with Maven reading Debian's repository. */
export function openSession(root: string, pinned: Readonly<Record<string, string>>): Session {
  fs.mkdirSync(path.join(root, 'shared'), { recursive: true });
  fs.mkdirSync(path.join(root, 'home', '.m2'), { recursive: true });
  fs.writeFileSync(path.join(root, 'pinned.json'), JSON.stringify(pinned));
  // Maven resolves plugins and dependencies from Debian's packaged repository: no network in a build
  fs.writeFileSync(
    path.join(root, 'home', '.m2', 'settings.xml'),
    [
      '<settings>',
      `  <localRepository>${MOUNT}/home/.m2/repository</localRepository>`,
      '  <mirrors><mirror><id>debian</id><mirrorOf>*</mirrorOf><url>file:///usr/share/maven-repo</url></mirror></mirrors>',
      '</settings>',
      '',
    ].join('\n'),
  );
  return { root, builds: 0 };
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
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

function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function filesUnder(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    return e.isDirectory() ? filesUnder(path.join(dir, e.name), rel) : [rel];
  });
}

/** The output artifact as CodeBuild packs it: `files` under `base-directory`, less `exclude-paths`. */
function collectArtifacts(spec: Buildspec, srcDir: string, outDir: string): void {
  const artifacts = spec.artifacts;
  if (artifacts === undefined) return;
  const base = path.join(srcDir, artifacts['base-directory'] ?? '.');
  const include = artifacts.files.map(globRegex);
  const exclude = (artifacts['exclude-paths'] ?? []).map(globRegex);
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of filesUnder(base)) {
    if (!include.some((r) => r.test(file)) || exclude.some((r) => r.test(file))) continue;
    const target = path.join(outDir, artifacts['discard-paths'] === 'yes' ? path.basename(file) : file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(base, file), target);
  }
}

function readLines(file: string): string[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : [];
}

/** Run one build of `request` in `session`. */
export function runBuild(session: Session, request: BuildRequest): BuildRun {
  const id = ++session.builds;
  const started = Date.now();
  const dir = path.join(session.root, 'builds', String(id));
  const inside = (p: string) => path.join(MOUNT, path.relative(session.root, p));
  const src = path.join(dir, 'src');
  copyTree(request.primary, src);
  const secondary: Record<string, string> = {};
  for (const [name, from] of Object.entries(request.secondary ?? {})) {
    const to = path.join(dir, `src_${name}`);
    copyTree(from, to);
    secondary[`CODEBUILD_SRC_DIR_${name}`] = inside(to);
  }
  const state = path.join(dir, 'state');
  fs.mkdirSync(state, { recursive: true });
  const scriptFile = path.join(dir, 'build.sh');
  fs.writeFileSync(scriptFile, script(request.buildspec, inside(state)));

  const secrets = Object.fromEntries(
    Object.keys(request.buildspec.env?.['secrets-manager'] ?? {}).map((k) => [k, `stub-secret-${k.toLowerCase()}`]),
  );
  const env: Record<string, string> = {
    PATH: [`${MOUNT}/stubs`, '/usr/local/bin', `${MOUNT}/venv/bin`, process.env.PATH ?? '/usr/bin:/bin'].join(':'),
    HOME: `${MOUNT}/home`,
    LANG: 'C.UTF-8',
    CI: 'true',
    CODEBUILD_CI: 'true',
    CODEBUILD_SRC_DIR: inside(src),
    CODEBUILD_BUILD_ID: `${request.label}:${createHash('sha256').update(`${request.label}${id}`).digest('hex').slice(0, 36)}`,
    CODEBUILD_BUILD_NUMBER: String(id),
    // Maven starts faster without the optimizing compiler: a build of seconds never reaches it
    // user.home: Java reads it from the passwd file, not HOME; Maven finds settings.xml under it
    MAVEN_OPTS: `-XX:TieredStopAtLevel=1 -Xshare:auto -Duser.home=${MOUNT}/home`,
    FLOW_STUBS: `${MOUNT}/stubs`,
    FLOW_STATE: inside(state),
    FLOW_SHARED: `${MOUNT}/shared`,
    FLOW_PINNED: `${MOUNT}/pinned.json`,
    FLOW_REAL_SHA256SUM: which('sha256sum'),
    FLOW_REAL_NPM: which('npm'),
    ...request.variables,
    ...request.buildspec.env?.variables,
    ...secrets,
    ...secondary,
  };
  // the session at /mnt, fresh tmpfs over /tmp and /usr/local/bin, the stubs beside the session
  const setup = [
    `mount --bind "${session.root}" ${MOUNT}`,
    `mkdir -p ${MOUNT}/stubs && mount --bind "${STUBS}" ${MOUNT}/stubs`,
    'mount -t tmpfs tmpfs /tmp',
    'mount -t tmpfs tmpfs /usr/local/bin',
    `exec bash "${inside(scriptFile)}"`,
  ].join(' && ');
  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', setup], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const phase = readLines(path.join(state, 'phase'))[0] ?? 'install';
  const ok = result.status === 0 && phase === 'done';
  const clean = (text: string | null) =>
    (text ?? '')
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => l.trim().length > 0 && !l.startsWith('[flow]'));
  // the build's own error lines; a tool that reports on stdout (Maven) when it wrote none
  const stderr =
    clean(result.stderr).length > 0
      ? clean(result.stderr)
      : clean(result.stdout)
          .filter((l) => /\[ERROR\] \S/.test(l))
          .slice(0, 2);
  const log = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  fs.writeFileSync(path.join(dir, 'build.log'), log);
  if (process.env.FLOW_DEBUG !== undefined)
    fs.appendFileSync(
      process.env.FLOW_DEBUG,
      `### ${request.label} #${id} ${ok ? 'ok' : 'FAILED'} ${(Date.now() - started) / 1000}s\n${log}\n`,
    );
  let artifactDir: string | undefined;
  if (ok && request.buildspec.artifacts !== undefined) {
    artifactDir = path.join(dir, 'artifact');
    collectArtifacts(request.buildspec, src, artifactDir);
  }
  return {
    ok,
    failedPhase: ok ? undefined : phase,
    error: stderr.slice(-3).join(' | ') || (result.error?.message ?? `exit ${String(result.status)}`),
    calls: readLines(path.join(state, 'calls.log')),
    downloads: readLines(path.join(state, 'downloads.log')),
    verified: readLines(path.join(state, 'verified.log')),
    artifactDir,
    log,
  };
}

/** A Python for the builds: a venv at /mnt/venv over the host's site-packages (pip installs land in it, not the host). */
export function createVenv(session: Session): void {
  const python = which('python3');
  const setup = [`mount --bind "${session.root}" ${MOUNT}`, `"${python}" -m venv --system-site-packages ${MOUNT}/venv`].join(' && ');
  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', setup], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`flow runner: could not create the builds' Python venv: ${result.stderr}`);
}
