import { isCodeDeployTarget, strategyFor, type EnvironmentConfig, type Organisation, type ServiceConfig } from '../environments/schema';
import { missingNodeRoleMessage } from './names';
import { reachOf } from './pipelines';

const FILE = 'environments/services.ts';

/** Account and region of an ARN (`arn:<partition>:<service>:<region>:<account>:...`). */
function arnPlace(arn: string): { region: string; account: string } {
  const [, , , region, account] = arn.split(':');
  return { region, account };
}

/**
 * Checks of the services' `deploy` blocks that need the environments: every environment a strategy names
 * exists; ECS services have their listeners, and EC2 services their load balancer, in every environment;
 * ARNs belong to the environment's account and region. Returns one message per problem (file, service,
 * environment, field, what is allowed); `parseConfig` throws the first as a ConfigError.
 */
export function deploymentProblems(environments: readonly EnvironmentConfig[], services: readonly ServiceConfig[]): string[] {
  const names = environments.map((e) => e.name);
  const problems: string[] = [];
  for (const service of services) {
    const deploy = service.deploy;
    if (deploy === undefined || !isCodeDeployTarget(deploy)) continue;
    const at = (env: string | undefined, field: string, message: string) =>
      problems.push(`${FILE} (service "${service.name}"${env === undefined ? '' : `, environment "${env}"`}): deploy.${field}: ${message}`);
    const known = (field: string, keys: readonly string[]) => {
      for (const key of keys.filter((k) => !names.includes(k))) {
        at(undefined, `${field}.${key}`, `names environment "${key}", which is not in promotionOrder (allowed: ${names.join(', ')})`);
      }
    };
    const inAccount = (env: EnvironmentConfig, field: string, arn: string) => {
      const { account, region } = arnPlace(arn);
      if (account !== env.account.id || region !== env.account.region) {
        at(
          env.name,
          field,
          `must be in the environment's account ${env.account.id} and region ${env.account.region} (got ${account}, ${region})`,
        );
      }
    };

    known('strategy.environments', Object.keys(deploy.strategy.environments));
    for (const env of environments) {
      const strategy = strategyFor(deploy, env.name);
      if (deploy.target === 'ecs') {
        const listeners = deploy.listeners[env.name];
        if (listeners === undefined) {
          at(
            env.name,
            `listeners.${env.name}`,
            `ECS ${strategy.type} needs the production and test listener ARNs of this environment ({ production, test })`,
          );
          continue;
        }
        if (listeners.production === listeners.test) at(env.name, `listeners.${env.name}.test`, 'must differ from the production listener');
        inAccount(env, `listeners.${env.name}.production`, listeners.production);
        inAccount(env, `listeners.${env.name}.test`, listeners.test);
      }
      if (deploy.target === 'ec2') {
        const lbMetrics = deploy.alarms.metrics;
        const arn = deploy.loadBalancerArns[env.name];
        if (lbMetrics.length > 0 && arn === undefined) {
          at(
            env.name,
            `loadBalancerArns.${env.name}`,
            `the ${lbMetrics.join(', ')} alarm(s) are load balancer metrics: name this environment's load balancer ARN, or use only custom alarms (alarms.metrics: [])`,
          );
        }
        if (arn !== undefined) inAccount(env, `loadBalancerArns.${env.name}`, arn);
      }
    }
    if (deploy.target === 'ecs') known('listeners', Object.keys(deploy.listeners));
    if (deploy.target === 'ec2') known('loadBalancerArns', Object.keys(deploy.loadBalancerArns));
  }
  return problems;
}

/**
 * The node roles an `eks` pipeline's image is pulled as: each later environment of its reach, in another account
 * than the one it builds in, names its cluster's node role in `pipeline.deploy.nodeRoleNames` (the ECR repository
 * lets exactly those roles pull; model/names.ts `imagePullRoleNames`). One message per missing role, so that a new
 * environment gets the whole list of what it still needs at once.
 */
export function imagePullProblems(
  organisation: Organisation,
  environments: readonly EnvironmentConfig[],
  services: readonly ServiceConfig[],
): string[] {
  const account = (name: string) => environments.find((e) => e.name === name)?.account.id;
  return services.flatMap((service) => {
    const deploy = service.pipeline?.deploy;
    if (deploy?.type !== 'eks') return [];
    const reach = reachOf(service, organisation);
    if (reach.length === 0) return []; // the pipeline's own problem is reported
    const [builds, ...later] = reach;
    const missing = later
      .filter((env) => account(env) !== account(builds) && deploy.nodeRoleNames[env] === undefined)
      .map((env) => missingNodeRoleMessage(organisation.prefix, env, service.name, deploy));
    return [...missing, ...unusedNodeRoleProblems(organisation, service.name, reach, Object.keys(deploy.nodeRoleNames))];
  });
}

/**
 * A `nodeRoleNames` entry no later environment of the pipeline uses (a typo, the environment that builds, one the
 * pipeline no longer reaches) would be silently ignored while its author believes that role pulls: refused instead.
 */
function unusedNodeRoleProblems(organisation: Organisation, service: string, reach: readonly string[], keys: readonly string[]): string[] {
  const [builds, ...later] = reach;
  return keys
    .filter((env) => !later.includes(env))
    .map((env) => {
      const why = !organisation.promotionOrder.includes(env)
        ? `"${env}" is not in promotionOrder (${organisation.promotionOrder.join(', ')})`
        : env === builds
          ? `"${env}" is where the pipeline builds: the image is pulled from its own account there, no node role to name`
          : `the pipeline does not deploy to "${env}" (it runs in ${reach.join(', ')})`;
      return `${FILE} (service "${service}"): pipeline.deploy.nodeRoleNames.${env}: ${why}; remove the entry (node roles are named for: ${later.join(', ') || 'no environment'})`;
    });
}
