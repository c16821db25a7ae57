import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../model';
import type { RawConfig } from './config';

const ENVIRONMENTS_DIR = path.resolve(__dirname, '..', '..', 'environments');

/**
 * A config folder for the CLI (`PLATFORM_CONFIG_DIR`) at `dir`: `environments/` (schema, loader) with `raw`'s
 * data files (`organisation.ts`, `services.ts`, one per environment) in place of the live ones. Returns `dir`.
 */
export function writeConfigDir(dir: string, raw: RawConfig): string {
  fs.cpSync(ENVIRONMENTS_DIR, dir, { recursive: true });
  const live = loadConfig(ENVIRONMENTS_DIR);
  for (const name of ['organisation', 'services', ...live.organisation.promotionOrder])
    fs.rmSync(path.join(dir, `${name}.ts`), { force: true });
  const files: [string, unknown][] = [['organisation', raw.organisation], ['services', raw.services], ...Object.entries(raw.environments)];
  for (const [name, data] of files) fs.writeFileSync(path.join(dir, `${name}.ts`), `export default ${JSON.stringify(data, null, 2)};\n`);
  return dir;
}

/** A deep copy of the live configuration's raw data (the data files of `environments/`), safe to mutate. */
export function rawLive(): RawConfig {
  // the data files are TypeScript modules: jest's transform loads them
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = (name: string): any => structuredClone(require(path.join(ENVIRONMENTS_DIR, name)).default);
  const organisation = data('organisation');
  const environments = Object.fromEntries((organisation.promotionOrder as string[]).map((name) => [name, data(name)]));
  return { organisation, environments, services: data('services') };
}
