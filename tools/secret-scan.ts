/** Walk a directory (a synth output) and report every secret-like value in its files. */
import * as fs from 'fs';
import * as path from 'path';
import { findSecretsInText, findSecretsInValue, type SecretMatch } from '../policies/rules/secrets';

export interface FileSecret extends SecretMatch {
  /** Path relative to the scanned directory. */
  readonly file: string;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

/**
 * Every secret-like value in every file under `dir`: known token formats in any text, and, in JSON files,
 * literal high-entropy values under keys named like credentials.
 */
export function scanDirectoryForSecrets(dir: string): { files: number; secrets: FileSecret[] } {
  const files = filesUnder(dir).sort();
  const secrets = files.flatMap((full) => {
    const file = path.relative(dir, full);
    const text = fs.readFileSync(full, 'utf8');
    let found: SecretMatch[];
    if (full.endsWith('.json')) {
      try {
        found = findSecretsInValue(JSON.parse(text));
      } catch {
        found = findSecretsInText(text);
      }
    } else {
      found = findSecretsInText(text);
    }
    return found.map((s) => ({ file, ...s }));
  });
  return { files: files.length, secrets };
}
