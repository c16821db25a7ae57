import * as fs from 'fs';
import * as path from 'path';
import type { Buildspec } from '../../modules/codebuild-project';

/** A buildspec glob (`**`, `*`) as a regular expression over paths relative to the base directory. */
export function globRegex(glob: string): RegExp {
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
export function collectArtifacts(spec: Buildspec, srcDir: string, outDir: string): void {
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

/** The non-empty lines of a file the stubs wrote; none when it does not exist. */
export function readLines(file: string): string[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : [];
}
