import { ConfigError, parseConfig, type PlatformConfig, type RawPlatformConfig } from '../../model';
import example from '../fixtures/example';
import * as minimal from '../fixtures/minimal';

/** The raw data of a configuration (every file), as a test may change it. */
export interface RawConfig {
  organisation: Record<string, any>;
  environments: Record<string, Record<string, any>>;
  services: Record<string, any>[];
}

/**
 * A deep copy of the example fixture's raw data (`__tests__/fixtures/example/`: a frozen copy of the example
 * catalogue, not the live `environments/`), safe to mutate in a test.
 */
export function rawExample(): RawConfig {
  return structuredClone(example) as never;
}

/** A deep copy of the minimal fixture (`__tests__/fixtures/minimal/`: dev and prod, one basic service). */
export function rawMinimal(): RawConfig {
  return structuredClone({
    organisation: minimal.organisation,
    environments: { dev: minimal.dev, prod: minimal.prod },
    services: minimal.services,
  }) as never;
}

/** The minimal fixture, changed by `mutate`, validated. */
export function minimalConfig(mutate?: (raw: RawConfig) => void): PlatformConfig {
  const raw = rawMinimal();
  mutate?.(raw);
  return parseConfig(raw as RawPlatformConfig);
}

/** The example fixture, changed by `mutate`, validated. */
export function exampleConfig(mutate?: (raw: RawConfig) => void): PlatformConfig {
  const raw = rawExample();
  mutate?.(raw);
  return parseConfig(raw as RawPlatformConfig);
}

/** The ConfigError the example configuration, changed by `mutate`, is rejected with (fails when it is accepted). */
export function configErrorOf(mutate: (raw: RawConfig) => void): ConfigError {
  const raw = rawExample();
  mutate(raw);
  try {
    parseConfig(raw as RawPlatformConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the configuration to be rejected');
}

/**
 * A scenario fixture (`__tests__/fixtures/<scenario>/`, whose default export is `{ organisation, environments,
 * services }`), deep-copied, changed by `mutate`, validated.
 */
export function scenarioConfig(fixture: unknown, mutate?: (raw: RawConfig) => void): PlatformConfig {
  const raw = structuredClone(fixture) as RawConfig;
  mutate?.(raw);
  return parseConfig(raw as RawPlatformConfig);
}

/** The ConfigError a scenario fixture, changed by `mutate`, is rejected with (fails when it is accepted). */
export function scenarioErrorOf(fixture: unknown, mutate: (raw: RawConfig) => void): ConfigError {
  try {
    scenarioConfig(fixture, mutate);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the configuration to be rejected');
}

/** The stacks the example fixture synthesizes, in the order `buildPlatform` creates them. */
export const EXAMPLE_STACKS: readonly string[] = [
  'bootstrap',
  'platform',
  'management-access',
  ...['dev', 'test', 'staging', 'prod'].flatMap((env) => [`${env}-access`, env]),
];

/** The same, sorted by name (directory listings, manifest keys, report summaries). */
export const EXAMPLE_STACKS_SORTED: readonly string[] = [...EXAMPLE_STACKS].sort();
