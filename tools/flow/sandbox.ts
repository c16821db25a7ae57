import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Where the builds run: a private mount namespace per build, `/tmp` and `/usr/local/bin` empty tmpfs (a build
 * installs tools there as root), the session mounted at `/mnt` (sources, state, HOME), the stubs beside it.
 */

/** Where the sandbox sees the session directory. */
export const MOUNT = '/mnt';
const STUBS = path.join(__dirname, 'stubs');

export interface Session {
  /** The session directory on the host (mounted at /mnt inside every build). */
  readonly root: string;
  /** Number of builds run so far. */
  builds: number;
}

/** The host path `p` (under the session) as a build sees it. */
export function inside(session: Session, p: string): string {
  return path.join(MOUNT, path.relative(session.root, p));
}

/** Where `tool` is on the host's PATH; throws, naming it, when it is not installed. */
export function which(tool: string): string {
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

/** The variables every build sees before CodeBuild's and the project's: PATH with the stubs first, HOME, Maven's options. */
export function sandboxEnvironment(): Record<string, string> {
  return {
    PATH: [`${MOUNT}/stubs`, '/usr/local/bin', `${MOUNT}/venv/bin`, process.env.PATH ?? '/usr/bin:/bin'].join(':'),
    HOME: `${MOUNT}/home`,
    LANG: 'C.UTF-8',
    CI: 'true',
    CODEBUILD_CI: 'true',
    // pip asks PyPI for a newer pip once per HOME, so once per session: a network call in a build, and seconds
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    // Maven starts faster without the optimizing compiler: a build of seconds never reaches it
    // user.home: Java reads it from the passwd file, not HOME; Maven finds settings.xml under it
    MAVEN_OPTS: `-XX:TieredStopAtLevel=1 -Xshare:auto -Duser.home=${MOUNT}/home`,
    FLOW_STUBS: `${MOUNT}/stubs`,
    FLOW_SHARED: `${MOUNT}/shared`,
    FLOW_PINNED: `${MOUNT}/pinned.json`,
    FLOW_REAL_SHA256SUM: which('sha256sum'),
    FLOW_REAL_NPM: which('npm'),
  };
}

/** Run the bash script `scriptFile` (a host path under the session) in a fresh sandbox with `env`. */
export function runInSandbox(session: Session, scriptFile: string, env: Record<string, string>): SpawnSyncReturns<string> {
  const setup = [
    `mount --bind "${session.root}" ${MOUNT}`,
    `mkdir -p ${MOUNT}/stubs && mount --bind "${STUBS}" ${MOUNT}/stubs`,
    'mount -t tmpfs tmpfs /tmp',
    'mount -t tmpfs tmpfs /usr/local/bin',
    `exec bash "${inside(session, scriptFile)}"`,
  ].join(' && ');
  return spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', setup], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
}

/**
 * A Python for the builds: a venv at /mnt/venv over the host's site-packages (pip installs land in it, not the
 * host). Without a pip of its own: `python -m pip` runs the host's pip, which installs into the running
 * interpreter's venv; bootstrapping a pip into every session's venv (ensurepip) cost 4 s of CPU and 26 MB a run.
 */
export function createVenv(session: Session): void {
  const python = which('python3');
  const setup = [`mount --bind "${session.root}" ${MOUNT}`, `"${python}" -m venv --system-site-packages --without-pip ${MOUNT}/venv`].join(
    ' && ',
  );
  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', setup], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`flow runner: could not create the builds' Python venv: ${result.stderr}`);
}
