import type { DeploymentPlatform, DeploymentStrategy } from './types';

/** Deployment configuration CodeDeploy must run a strategy with: a built-in one, or a custom one to create. */
export type ResolvedDeploymentConfig =
  | { readonly kind: 'built-in'; readonly name: string }
  | {
      readonly kind: 'custom';
      /** Readable suffix that encodes the settings (a changed setting is a new config, never an in-place edit). */
      readonly suffix: string;
      readonly minimumHealthyHosts?: { readonly type: 'FLEET_PERCENT' | 'HOST_COUNT'; readonly value: number };
      readonly trafficRouting?: {
        readonly type: 'TimeBasedCanary' | 'TimeBasedLinear';
        readonly percentage: number;
        readonly interval: number;
      };
    };

/** CodeDeploy's built-in time-based configurations: `<platform>:<type>:<percent>:<minutes>` -> name. */
const BUILT_IN_TRAFFIC: Readonly<Record<string, string>> = {
  'ecs:canary:10:5': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'ecs:canary:10:15': 'CodeDeployDefault.ECSCanary10Percent15Minutes',
  'ecs:linear:10:1': 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'ecs:linear:10:3': 'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
  'lambda:canary:10:5': 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
  'lambda:canary:10:10': 'CodeDeployDefault.LambdaCanary10Percent10Minutes',
  'lambda:canary:10:15': 'CodeDeployDefault.LambdaCanary10Percent15Minutes',
  'lambda:canary:10:30': 'CodeDeployDefault.LambdaCanary10Percent30Minutes',
  'lambda:linear:10:1': 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
  'lambda:linear:10:2': 'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes',
  'lambda:linear:10:3': 'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
  'lambda:linear:10:10': 'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
};

/** Strategies each target accepts. */
export const STRATEGIES: Readonly<Record<DeploymentPlatform['target'], readonly DeploymentStrategy['type'][]>> = {
  ec2: ['all-at-once', 'rolling', 'blue-green'],
  ecs: ['all-at-once', 'blue-green', 'canary', 'linear'],
  lambda: ['all-at-once', 'canary', 'linear'],
};

/**
 * The deployment configuration of `strategy` on `target`: a built-in where one fits, otherwise the settings
 * of a custom one. Throws for a combination CodeDeploy does not support.
 */
export function resolveDeploymentConfig(target: DeploymentPlatform['target'], strategy: DeploymentStrategy): ResolvedDeploymentConfig {
  if (!STRATEGIES[target].includes(strategy.type)) {
    throw new Error(`strategy "${strategy.type}" is not supported on target "${target}" (allowed: ${STRATEGIES[target].join(', ')})`);
  }
  switch (strategy.type) {
    case 'all-at-once':
    case 'blue-green':
      // EC2 blue/green reroutes all instances at once; ECS blue/green shifts all traffic at once
      return {
        kind: 'built-in',
        name:
          target === 'ec2'
            ? 'CodeDeployDefault.AllAtOnce'
            : target === 'ecs'
              ? 'CodeDeployDefault.ECSAllAtOnce'
              : 'CodeDeployDefault.LambdaAllAtOnce',
      };
    case 'rolling': {
      const { type, value } = strategy.minimumHealthyHosts;
      if (type === 'FLEET_PERCENT' && value === 50) return { kind: 'built-in', name: 'CodeDeployDefault.HalfAtATime' };
      return {
        kind: 'custom',
        suffix: type === 'FLEET_PERCENT' ? `rolling-${value}pct-healthy` : `rolling-${value}-healthy`,
        minimumHealthyHosts: { type, value },
      };
    }
    case 'canary':
    case 'linear': {
      const builtIn = BUILT_IN_TRAFFIC[`${target}:${strategy.type}:${strategy.percent}:${strategy.intervalMinutes}`];
      if (builtIn !== undefined) return { kind: 'built-in', name: builtIn };
      return {
        kind: 'custom',
        suffix: `${strategy.type}-${strategy.percent}pct-${strategy.intervalMinutes}min`,
        trafficRouting: {
          type: strategy.type === 'canary' ? 'TimeBasedCanary' : 'TimeBasedLinear',
          percentage: strategy.percent,
          interval: strategy.intervalMinutes,
        },
      };
    }
  }
}
