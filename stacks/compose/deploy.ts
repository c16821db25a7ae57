import {
  codedeployName,
  codedeployRoleName,
  isCodeDeployTarget,
  strategyFor,
  type CodeDeployConfig,
  type ServiceConfig,
} from '../../model';
import { CodeDeployService, type DeploymentPlatform } from '../../modules/codedeploy-service';
import type { EnvironmentServicesScope } from '../shared-resources';

/** The compute a service's `deploy` block names, in the stack's environment. */
function platformOf(service: ServiceConfig, deploy: CodeDeployConfig, environment: string): DeploymentPlatform {
  switch (deploy.target) {
    case 'ec2':
      return {
        target: 'ec2',
        autoScalingGroupNames: deploy.autoScalingGroupNames,
        ec2TagFilters: deploy.ec2TagFilters,
        targetGroupNames: deploy.targetGroupNames,
        loadBalancerArn: deploy.loadBalancerArns[environment],
      };
    case 'ecs': {
      const listeners = deploy.listeners[environment];
      if (listeners === undefined) {
        // parseConfig refuses this already; a stack built from unchecked data still fails clearly
        throw new Error(`service "${service.name}", environment "${environment}": deploy.listeners.${environment} is missing`);
      }
      return {
        target: 'ecs',
        clusterName: deploy.clusterName,
        serviceName: deploy.serviceName,
        targetGroupNames: deploy.targetGroupNames,
        productionListenerArn: listeners.production,
        testListenerArn: listeners.test,
        taskRoleNames: deploy.taskRoleNames,
      };
    }
    case 'lambda':
      return { target: 'lambda', functionName: deploy.functionName, alias: deploy.alias };
  }
}

/**
 * CodeDeploy for every service of the stack (`stack.services`) with a CodeDeploy `deploy` block (EC2, ECS,
 * Lambda), in the stack's environment, with that environment's strategy and alarm thresholds. Returns them
 * by service name: what a pipeline's deploy action needs (application and group names and ARNs, target).
 */
export function composeDeployments(stack: EnvironmentServicesScope): ReadonlyMap<string, CodeDeployService> {
  const { environment, organisation, shared } = stack;
  const deployments = new Map<string, CodeDeployService>();
  for (const service of stack.services) {
    const deploy = service.deploy;
    if (deploy === undefined || !isCodeDeployTarget(deploy)) continue;
    const name = codedeployName(organisation.prefix, environment.name, service.name);
    deployments.set(
      service.name,
      new CodeDeployService(stack, `deploy-${service.name}`, {
        name,
        roleName: codedeployRoleName(organisation.prefix, environment.name, service.name),
        platform: platformOf(service, deploy, environment.name),
        strategy: strategyFor(deploy, environment.name),
        alarmMetrics: deploy.alarms.metrics,
        customAlarms: deploy.alarms.custom,
        alarmThresholds: environment.alarms,
        notificationTopicArn: shared.notificationTopicArn,
        kmsKeyArn: shared.keyArn,
        artifactBucketArn: shared.artifactBucketArn,
        hookFunctionPrefix: `CodeDeployHook_${service.name}`,
        partition: stack.partition,
        accountId: environment.account.id,
        region: environment.account.region,
      }),
    );
  }
  return deployments;
}
