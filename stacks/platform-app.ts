import type { PlatformConfig } from '../environments';
import { applyPolicies, type PolicyReport } from '../policies';
import type { Construct } from '../modules/core';
import type { BaseStack } from './base-stack';
import { BootstrapStack } from './bootstrap-stack';
import { declareSecurityTraits } from './compose/security';
import { EnvironmentStack } from './environment-stack';
import { PlatformStack } from './platform-stack';

/** Every stack of one configuration, by name, and the policy report they fill at synth. */
export interface PlatformStacks {
  readonly bootstrap: BootstrapStack;
  readonly platform: PlatformStack;
  /** One stack per environment, in promotion order. */
  readonly environments: readonly EnvironmentStack[];
  readonly all: readonly BaseStack[];
  readonly report: PolicyReport;
}

/** Build every stack of `config` under `app` and attach the policy pack to each. */
export function buildPlatform(app: Construct, config: PlatformConfig): PlatformStacks {
  const bootstrap = new BootstrapStack(app, 'bootstrap', { config });
  const platform = new PlatformStack(app, 'platform', { config });
  const environments = config.environments.map((environment) => new EnvironmentStack(app, environment.name, { config, environment }));
  declareSecurityTraits({ bootstrap, platform, environments }, config);
  const report = applyPolicies(app);
  return { bootstrap, platform, environments, all: [bootstrap, platform, ...environments], report };
}
