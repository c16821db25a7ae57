import type { Organisation } from './organisation';
import type { EnvironmentConfig } from './environment';
import type { ServiceConfig } from './service';

/** The whole validated configuration: what every stack is built from. */
export interface PlatformConfig {
  readonly organisation: Organisation;
  /** Every environment, in promotion order. */
  readonly environments: readonly EnvironmentConfig[];
  readonly services: readonly ServiceConfig[];
}
