import { MANAGEMENT_ACCESS_STACK, accessStackName, planServiceStacks, type PlatformConfig } from '../environments';
import { applyPolicies, type PolicyReport } from '../policies';
import type { Construct } from '../modules/core';
import { AccessStack } from './access-stack';
import type { BaseStack } from './base-stack';
import { BootstrapStack } from './bootstrap-stack';
import { declareSecurityTraits } from './compose/security';
import { EnvironmentServicesStack } from './environment-services-stack';
import { EnvironmentStack } from './environment-stack';
import { ManagementAccessStack } from './management-access-stack';
import { PLATFORM_STACK, PlatformStack } from './platform-stack';

/** Every stack of one configuration, by name, and the policy report they fill at synth. */
export interface PlatformStacks {
  readonly bootstrap: BootstrapStack;
  readonly platform: PlatformStack;
  /** One stack per environment, in promotion order. */
  readonly environments: readonly EnvironmentStack[];
  /** Stacks split out of environments (`stackGroups`), in promotion order, then group order. */
  readonly serviceStacks: readonly EnvironmentServicesStack[];
  /** One `<env>-access` stack per environment account, in promotion order: applied by an administrator. */
  readonly accessStacks: readonly AccessStack[];
  /** `management-access`: the management account's OIDC provider and roles, applied by an administrator. */
  readonly managementAccess: ManagementAccessStack;
  readonly all: readonly BaseStack[];
  readonly report: PolicyReport;
}

/** Build every stack of `config` under `app` and attach the policy pack to each. */
export function buildPlatform(app: Construct, config: PlatformConfig): PlatformStacks {
  const bootstrap = new BootstrapStack(app, 'bootstrap', { config });
  const platform = new PlatformStack(app, PLATFORM_STACK, { config });
  // no addDependency: no workflow applies it (like the <env>-access stacks)
  const managementAccess = new ManagementAccessStack(app, MANAGEMENT_ACCESS_STACK, { config });
  const environments: EnvironmentStack[] = [];
  const serviceStacks: EnvironmentServicesStack[] = [];
  const accessStacks: AccessStack[] = [];
  const all: BaseStack[] = [bootstrap, platform, managementAccess];
  for (const environment of config.environments) {
    // no addDependency: no workflow applies it, and deploy.yml reads split-out stacks from the manifest's dependencies
    const access = new AccessStack(app, accessStackName(environment.name), { config, environment });
    accessStacks.push(access);
    all.push(access);
    const plan = planServiceStacks(environment, config.services);
    const stack = new EnvironmentStack(app, environment.name, { config, environment, services: plan.own });
    environments.push(stack);
    all.push(stack);
    for (const { stackName, group, services } of plan.groups) {
      const split = new EnvironmentServicesStack(app, stackName, { config, environment, group, services });
      // deploy order only (the manifest's dependencies): no cross-stack reference, no remote state
      split.addDependency(stack);
      serviceStacks.push(split);
      all.push(split);
    }
  }
  declareSecurityTraits(
    { bootstrap, platform, environments: [...environments, ...serviceStacks], access: accessStacks, managementAccess },
    config,
  );
  const report = applyPolicies(app);
  return { bootstrap, platform, environments, serviceStacks, accessStacks, managementAccess, all, report };
}
