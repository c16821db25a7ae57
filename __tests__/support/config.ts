import organisation from '../../environments/organisation';
import services from '../../environments/services';
import dev from '../../environments/dev';
import test from '../../environments/test';
import staging from '../../environments/staging';
import prod from '../../environments/prod';
import { ConfigError, parseConfig, type PlatformConfig, type RawPlatformConfig } from '../../model';

/** A deep copy of the example configuration's raw data, safe to mutate in a test. */
export function rawExample(): {
  organisation: Record<string, any>;
  environments: Record<string, Record<string, any>>;
  services: Record<string, any>[];
} {
  return structuredClone({ organisation, environments: { dev, test, staging, prod }, services }) as never;
}

/** The example configuration, validated. */
export function exampleConfig(mutate?: (raw: ReturnType<typeof rawExample>) => void): PlatformConfig {
  const raw = rawExample();
  mutate?.(raw);
  return parseConfig(raw as RawPlatformConfig);
}

/** The ConfigError the example configuration, changed by `mutate`, is rejected with (fails when it is accepted). */
export function configErrorOf(mutate: (raw: ReturnType<typeof rawExample>) => void): ConfigError {
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

/** The stacks the example configuration synthesizes, in the order `buildPlatform` creates them. */
export const EXAMPLE_STACKS: readonly string[] = [
  'bootstrap',
  'platform',
  'management-access',
  ...['dev', 'test', 'staging', 'prod'].flatMap((env) => [`${env}-access`, env]),
];

/** The same, sorted by name (directory listings, manifest keys, report summaries). */
export const EXAMPLE_STACKS_SORTED: readonly string[] = [...EXAMPLE_STACKS].sort();
