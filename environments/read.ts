import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, FILE, missingEnvironmentProblem, type RawPlatformConfig } from './load';

/**
 * The files of environments/ that are code, not data: the loader and the schema's messages (the schema itself
 * is the `schema/` folder; folders are never data). Every other `.ts` file here is data: `organisation.ts`,
 * `services.ts`, or the file of an environment `promotionOrder` names.
 */
export const CODE_FILES: readonly string[] = ['index.ts', 'load.ts', 'read.ts', 'schema-issues.ts'];

/** What an environment's name may be (environments/schema/organisation.ts checks it with its message). */
const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{1,11}$/;

/** What each fixed data file holds, for the message when it is missing. */
const HOLDS = {
  organisation: 'the organisation settings and promotionOrder, which names the environment files',
  services: 'the service catalogue (a default export of the list of services)',
};

/** A data file's default export, or the problem that stops it being read (naming the file and the fix). */
type Read = { readonly data: unknown } | { readonly problem: string };

/** Require `<dir>/<name>.ts` and return its default export; each failure is a problem naming the file and the fix. */
function readData(dir: string, name: string): Read {
  const full = path.join(dir, `${name}.ts`);
  const file = FILE.environment(name);
  try {
    // the data files are TypeScript modules: the app's require hook (tools/register.js) or jest's transform loads them
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(full) as { default?: unknown };
    if (mod.default === undefined) {
      return { problem: `${file}: has no default export; export its data with \`export default { ... }\`` };
    }
    return { data: mod.default };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return {
      problem: `${file}: could not be loaded: ${reason}; fix the file where the error points (it must load on its own, data with type-only imports), or restore it from git`,
    };
  }
}

/** Read `organisation.ts` or `services.ts`; a missing file is a problem saying what it holds. */
function readFixed(dir: string, name: keyof typeof HOLDS): Read {
  if (!fs.existsSync(path.join(dir, `${name}.ts`))) {
    return { problem: `${FILE[name]}: does not exist (in ${dir}); it holds ${HOLDS[name]}: restore it from git` };
  }
  return readData(dir, name);
}

/**
 * The environment names `organisation`'s promotionOrder gives, as far as they can name a file, or undefined when
 * it is not a list of names (the schema reports that, and no file can then be told to be a stray).
 */
function namesOf(organisation: unknown): string[] | undefined {
  const order = (organisation as { promotionOrder?: unknown } | null | undefined)?.promotionOrder;
  if (!Array.isArray(order) || !order.every((name) => typeof name === 'string')) return undefined;
  return [...new Set((order as string[]).filter((name) => ENVIRONMENT_NAME.test(name)))];
}

/** The `.ts` files of `dir` that are data files (not code, not folders), without extension, sorted. */
function dataFilesOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !CODE_FILES.includes(entry.name))
    .map((entry) => path.basename(entry.name, '.ts'))
    .sort();
}

/** A problem for each data file of `dir` that is neither organisation, services nor an environment of `order`. */
function strayProblems(files: readonly string[], order: readonly string[]): string[] {
  return files
    .filter((name) => name !== 'organisation' && name !== 'services' && !order.includes(name))
    .map((name) =>
      ENVIRONMENT_NAME.test(name)
        ? `${FILE.organisation}: promotionOrder: does not name "${name}", but ${FILE.environment(name)} exists and nothing would deploy it; add "${name}" to promotionOrder, or delete the file`
        : `${FILE.environment(name)}: is not a configuration file; environments/ holds organisation.ts, services.ts and one file per environment of promotionOrder: move it out of environments/`,
    );
}

/**
 * Read the configuration files of `dir` (by default this folder), unvalidated, from an explicit list:
 * `organisation.ts`, `services.ts`, and `<name>.ts` for each name in `organisation.ts`'s `promotionOrder`.
 * A missing file, a file that fails to load, and a data file the list does not name are each a problem;
 * all of them are reported at once, in one ConfigError; the data is validated by parseConfig (model/config.ts).
 */
export function readConfigFiles(dir: string = __dirname): RawPlatformConfig {
  const organisation = readFixed(dir, 'organisation');
  const services = readFixed(dir, 'services');
  const problems: string[] = [];
  if ('problem' in organisation) problems.push(organisation.problem);
  if ('problem' in services) problems.push(services.problem);
  const order = 'data' in organisation ? namesOf(organisation.data) : undefined;
  const files = dataFilesOf(dir);
  const environments: Record<string, unknown> = {};
  // the environment files found: those promotionOrder names, and the strays reported below
  const found = files.filter((name) => name !== 'organisation' && name !== 'services');
  problems.push(...(order ?? []).filter((name) => !files.includes(name)).map((name) => missingEnvironmentProblem(name, found)));
  for (const name of (order ?? []).filter((n) => files.includes(n))) {
    const env = readData(dir, name);
    if ('problem' in env) problems.push(env.problem);
    else environments[name] = env.data;
  }
  // without a promotionOrder, no file can be known to be an environment: strays are only reported against a real order
  if (order !== undefined) problems.push(...strayProblems(files, order));
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return { organisation: (organisation as { data: unknown }).data, environments, services: (services as { data: unknown }).data };
}
