/**
 * The project's Python tools (Checkov, zizmor) live in one virtual environment, `.venv/`, each pinned to an
 * exact version and installed from PyPI with pip on first use.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const VENV = path.resolve(__dirname, '..', '.venv');

/**
 * `.venv/bin/<binary>` of `pkg==version`, installed unless `installedVersion(binary)` already says `version`.
 * `installedVersion` reads the installed version from the binary's own output ('' when it cannot tell).
 */
export function ensurePipTool(
  pkg: string,
  version: string,
  installedVersion: (binary: string) => string,
  log: (line: string) => void = console.log,
): string {
  const binary = path.join(VENV, 'bin', pkg);
  const installed = fs.existsSync(binary) ? installedVersion(binary) : '';
  if (installed === version) return binary;
  const python = process.env.PYTHON ?? 'python3';
  log(`Installing ${pkg}==${version} into .venv/ (${installed ? `found ${installed}` : 'not installed'})`);
  if (!fs.existsSync(path.join(VENV, 'bin', 'pip'))) {
    const probe = spawnSync(python, ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      throw new Error(`${pkg} needs Python 3.9 or later: "${python}" was not found (set PYTHON to its path)`);
    }
    execFileSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
  }
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `${pkg}==${version}`], {
    stdio: 'inherit',
  });
  return binary;
}
