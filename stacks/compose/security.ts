import type { PlatformModel } from '../../model';
import { declareStackTraits } from '../../vocabulary';
import type { AccessStack } from '../access-stack';
import type { BootstrapStack } from '../bootstrap-stack';
import type { ManagementAccessStack } from '../management-access-stack';
import type { EnvironmentServicesStack } from '../environment-services-stack';
import type { EnvironmentStack } from '../environment-stack';
import type { PlatformStack } from '../platform-stack';

/**
 * Tell the policy pack what config knows about each stack: the state backend and the org-wide stack
 * (CodeArtifact domain) always protect their stateful resources; an environment does when its config says
 * so, and production (the model's production environment) always does.
 */
export function declareSecurityTraits(
  stacks: {
    bootstrap: BootstrapStack;
    platform: PlatformStack;
    /** Environment stacks and their split-out service stacks: each carries `environment`. */
    environments: readonly (EnvironmentStack | EnvironmentServicesStack)[];
    /** The access stacks: IAM only, nothing stateful to protect. @default none */
    access?: readonly AccessStack[];
    /** The management account's access stack: IAM only. @default none */
    managementAccess?: ManagementAccessStack;
  },
  model: PlatformModel,
): void {
  const production = model.production.name;
  declareStackTraits(stacks.bootstrap, { protectsState: true, productionEnvironment: production });
  declareStackTraits(stacks.platform, { protectsState: true, productionEnvironment: production });
  for (const stack of stacks.environments) {
    const isProduction = stack.env.production;
    declareStackTraits(stack, {
      protectsState: stack.environment.protectStatefulResources || isProduction,
      production: isProduction,
      productionEnvironment: production,
    });
  }
  if (stacks.managementAccess !== undefined) {
    declareStackTraits(stacks.managementAccess, { protectsState: false, productionEnvironment: production });
  }
  for (const stack of stacks.access ?? []) {
    declareStackTraits(stack, {
      protectsState: false,
      production: stack.env.production,
      productionEnvironment: production,
    });
  }
}
