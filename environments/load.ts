import { z } from 'zod';
import {
  EnvironmentSchema,
  OrganisationSchema,
  ServiceSchema,
  type EnvironmentConfig,
  type Organisation,
  type ServiceConfig,
} from './schema';
import { describeValue, formatIssue } from './schema-issues';

/**
 * A configuration mistake a user can fix. Its message names the file, the environment or service, the
 * field and what is allowed; the CLI prints it without a stack trace.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The raw data of every configuration file, before validation. */
export interface RawPlatformConfig {
  readonly organisation: unknown;
  /** Environment data keyed by file name (without extension). */
  readonly environments: Readonly<Record<string, unknown>>;
  readonly services: unknown;
}

export const FILE = {
  organisation: 'environments/organisation.ts',
  services: 'environments/services.ts',
  environment: (name: string) => `environments/${name}.ts`,
};

/** Validate `data` against `schema`; on failure, throw one ConfigError that lists each problem once. */
function parseFile<S extends z.ZodType>(
  schema: S,
  data: unknown,
  where: string,
  describe: (at: readonly PropertyKey[]) => string,
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // one line per field: zod may report several issues for one value (e.g. "not an integer" and "too big")
  const seen = new Set<string>();
  const issues = result.error.issues.filter((issue) => {
    const key = JSON.stringify(issue.path.map(String));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const lines = issues.map((issue) => `${where}${describe(issue.path)}: ${formatIssue(issue, data)}`);
  throw new ConfigError(lines.join('\n'));
}

/** Throw one ConfigError listing `problems` (one per line), if there are any. */
export function throwProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
}

export function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** Validate `organisation.ts` against its schema; `promotionOrder` names each environment once. */
export function parseOrganisation(raw: RawPlatformConfig): Organisation {
  const organisation: Organisation = parseFile(OrganisationSchema, raw.organisation, FILE.organisation, () => '');
  const repeated = duplicates(organisation.promotionOrder);
  if (repeated.length > 0) {
    throw new ConfigError(
      `${FILE.organisation}: promotionOrder: names ${repeated.map((r) => `"${r}"`).join(', ')} more than once; each environment appears once`,
    );
  }
  return organisation;
}

/** The problem of an environment `promotionOrder` names without its file, with the environment files `found`. */
export function missingEnvironmentProblem(name: string, found: readonly string[]): string {
  return (
    `${FILE.organisation}: promotionOrder: names "${name}", but ${FILE.environment(name)} does not exist (found: ${[...found].sort().join(', ') || 'none'}); ` +
    `create it (a copy of another environment's file, with its own name and account) or remove "${name}" from promotionOrder`
  );
}

/**
 * Validate each environment file `promotionOrder` names against its schema, in promotion order; a file
 * it does not name, or a name without a file, is an error.
 */
export function parseEnvironments(raw: RawPlatformConfig, organisation: Organisation): EnvironmentConfig[] {
  const environments: EnvironmentConfig[] = organisation.promotionOrder.map((name) => {
    if (!(name in raw.environments)) throw new ConfigError(missingEnvironmentProblem(name, Object.keys(raw.environments)));
    const env = parseFile(EnvironmentSchema, raw.environments[name], FILE.environment(name), () => ` (environment "${name}")`);
    if (env.name !== name) {
      throw new ConfigError(
        `${FILE.environment(name)} (environment "${name}"): name: must equal the file name "${name}" (got "${env.name}")`,
      );
    }
    return env;
  });
  const unlisted = Object.keys(raw.environments).filter((name) => !organisation.promotionOrder.includes(name));
  if (unlisted.length > 0) {
    throw new ConfigError(
      `${FILE.organisation}: promotionOrder: does not name ${unlisted.map((u) => `"${u}"`).join(', ')}; add each environment file's name to promotionOrder or delete the file`,
    );
  }
  return environments;
}

/** Validate each service of the catalogue against its schema; service names are unique. */
export function parseServices(raw: RawPlatformConfig): ServiceConfig[] {
  if (!Array.isArray(raw.services)) {
    throw new ConfigError(`${FILE.services}: must export a list of services (got ${describeValue(raw.services)})`);
  }
  const services: ServiceConfig[] = raw.services.map((service, index) => {
    const name = (service as { name?: unknown } | null)?.name;
    const label = typeof name === 'string' ? ` (service "${name}")` : ` (service #${index + 1})`;
    return parseFile(ServiceSchema, service, FILE.services, () => label);
  });
  const repeatedServices = duplicates(services.map((s) => s.name));
  if (repeatedServices.length > 0) {
    throw new ConfigError(`${FILE.services}: service names must be unique; "${repeatedServices[0]}" appears more than once`);
  }
  return services;
}
