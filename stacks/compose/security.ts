import type { PlatformConfig } from '../../environments';
import { declareStackTraits } from '../../policies';
import type { BootstrapStack } from '../bootstrap-stack';
import type { EnvironmentStack } from '../environment-stack';
import type { PlatformStack } from '../platform-stack';

/**
 * Tell the policy pack what config knows about each stack: the state backend and the org-wide stack
 * (CodeArtifact domain) always protect their stateful resources; an environment does when its config says
 * so, and production (the last environment of the promotion order, when there are several) always does.
 */
export function declareSecurityTraits(
  stacks: { bootstrap: BootstrapStack; platform: PlatformStack; environments: readonly EnvironmentStack[] },
  config: PlatformConfig,
): void {
  declareStackTraits(stacks.bootstrap, { protectsState: true });
  declareStackTraits(stacks.platform, { protectsState: true });
  const production = config.environments[config.environments.length - 1]?.name;
  for (const stack of stacks.environments) {
    const isProduction = config.environments.length > 1 && stack.environment.name === production;
    declareStackTraits(stack, { protectsState: stack.environment.protectStatefulResources || isProduction, production: isProduction });
  }
}
