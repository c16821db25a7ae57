import { BOOTSTRAP_STACK, MANAGEMENT_ACCESS_STACK, PLATFORM_STACK, resolveModel, type PlatformConfig, type PlatformModel } from '../model';
import { applyPolicies, type PolicyReport } from '../policies';
import type { Construct } from '../modules/core';
import { AccessStack } from './access-stack';
import type { BaseStack } from './base-stack';
import { BootstrapStack } from './bootstrap-stack';
import { declareSecurityTraits } from './compose/security';
import { EnvironmentServicesStack } from './environment-services-stack';
import { EnvironmentStack } from './environment-stack';
import { ManagementAccessStack } from './management-access-stack';
import { PlatformStack } from './platform-stack';

/** Every stack of one configuration, by name, and the policy report they fill at synth. */
export interface PlatformStacks {
  /** The resolved model the stacks were built from. */
  readonly model: PlatformModel;
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
  const model = resolveModel(config);
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK, { config });
  const platform = new PlatformStack(app, PLATFORM_STACK, { model });
  // no addDependency: no workflow applies it (like the <env>-access stacks)
  const managementAccess = new ManagementAccessStack(app, MANAGEMENT_ACCESS_STACK, { config });
  const environments: EnvironmentStack[] = [];
  const serviceStacks: EnvironmentServicesStack[] = [];
  const accessStacks: AccessStack[] = [];
  const all: BaseStack[] = [bootstrap, platform, managementAccess];
  for (const env of model.environments) {
    // no addDependency: no workflow applies it, and deploy.yml reads split-out stacks from the manifest's dependencies
    const access = new AccessStack(app, env.stacks.access, { model, env });
    accessStacks.push(access);
    all.push(access);
    const plan = env.servicePlan;
    const stack = new EnvironmentStack(app, env.stacks.environment, { model, env, services: plan.own });
    environments.push(stack);
    all.push(stack);
    for (const { stackName, group, services } of plan.groups) {
      const split = new EnvironmentServicesStack(app, stackName, { model, env, group, services });
      // deploy order only (the manifest's dependencies): no cross-stack reference, no remote state
      split.addDependency(stack);
      serviceStacks.push(split);
      all.push(split);
    }
  }
  declareSecurityTraits(
    { bootstrap, platform, environments: [...environments, ...serviceStacks], access: accessStacks, managementAccess },
    model,
  );
  const report = applyPolicies(app);
  return { model, bootstrap, platform, environments, serviceStacks, accessStacks, managementAccess, all, report };
}
