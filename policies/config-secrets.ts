import { findSecretsInValue } from './rules/secrets';
import type { ErrorFinding } from './gate';

/** One configuration file's data, as loaded, and how to name it in a message. */
export interface ConfigSource {
  /** The file, e.g. `environments/dev.ts`. */
  readonly file: string;
  /** What in the file, e.g. ` (environment "dev")` or ` (service "orders-api")`; '' for the whole file. */
  readonly label: string;
  readonly data: unknown;
}

function fieldPath(at: readonly (string | number)[]): string {
  return at.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), '');
}

function walk(value: unknown, at: (string | number)[], visit: (value: string, at: readonly (string | number)[]) => void): void {
  if (typeof value === 'string') visit(value, at);
  else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i], visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // a map key can hold a secret too (a tag named after a token)
      visit(key, [...at, key]);
      walk(item, [...at, key], visit);
    }
  }
}

/**
 * PLAT-SEC-001 at its source: every string of the configuration (values and map keys) that looks like a
 * credential, named by file and field. Configuration holds names of secrets, never their values: whatever
 * it holds reaches the synthesized JSON (a tag reaches the provider's default_tags), the plans and the state.
 */
export function configSecretFindings(sources: readonly ConfigSource[]): ErrorFinding[] {
  const findings: ErrorFinding[] = [];
  for (const source of sources) {
    walk(source.data, [], (value, at) => {
      const key = typeof at[at.length - 1] === 'string' ? (at[at.length - 1] as string) : '';
      for (const match of findSecretsInValue(value, key)) {
        findings.push({
          path: `${source.file}${source.label}: ${fieldPath(at) || '(the whole file)'}`,
          message: `[PLAT-SEC-001] holds a secret-like value (${match.kind}: ${match.excerpt}): configuration names secrets, never holds them; store the value in Secrets Manager (a service's \`secrets\`) and remove it from the file`,
        });
      }
    });
  }
  return findings;
}
