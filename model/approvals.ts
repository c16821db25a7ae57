import { FILE } from '../environments';
import type { EnvironmentConfig, PlatformConfig } from '../environments/schema';
import { codepipelineArn, formatArn } from '../modules/core';
import { approverRoleName, pipelineName } from './names';
import { resolvePipeline, type ResolvedPipeline } from './pipelines';

/** The stage of a pipeline that holds its manual approval, and the approval action in it. */
export const APPROVAL_STAGE_NAME = 'Approval';
export const APPROVAL_ACTION_NAME = 'approve-deploy';

/**
 * Whether `pipeline` stops for a manual approval before it deploys to `environment`: the environment requires
 * approval, or the pipeline's pattern gates (`gated`, in whichever environment it runs).
 */
export function approvesIn(pipeline: Pick<ResolvedPipeline, 'pattern'>, environment: EnvironmentConfig): boolean {
  return environment.approval.required || pipeline.pattern === 'gated';
}

/** The services whose pipelines stop for approval in `environment`, sorted. */
export function approvingServices(config: PlatformConfig, environment: EnvironmentConfig): string[] {
  return config.services
    .filter((service) => {
      const pipeline = resolvePipeline(service, config.organisation).pipeline;
      return pipeline !== undefined && pipeline.environments.includes(environment.name) && approvesIn(pipeline, environment);
    })
    .map((service) => service.name)
    .sort();
}

/** One approval action of an environment's pipeline, by ARN (the resource of `codepipeline:PutApprovalResult`). */
export interface ApprovalAction {
  readonly pipelineArn: string;
  readonly actionArn: string;
}

/** The approval actions of `services`' pipelines in `environment` (`arn:...:codepipeline:<region>:<account>:<pipeline>/<stage>/<action>`). */
export function approvalActions(config: PlatformConfig, environment: EnvironmentConfig, services: readonly string[]): ApprovalAction[] {
  const { partition, prefix } = config.organisation;
  const at = { partition, region: environment.account.region, accountId: environment.account.id };
  return services.map((service) => {
    const name = pipelineName(prefix, environment.name, service);
    return {
      pipelineArn: codepipelineArn(at, name),
      actionArn: codepipelineArn(at, name, { stage: APPROVAL_STAGE_NAME, action: APPROVAL_ACTION_NAME }),
    };
  });
}

/**
 * An environment whose pipelines stop for approval names the AWS roles of its approvers
 * (`approval.approverRoleArns`): its approver role trusts them alone, and no other role may approve.
 */
export function approvalProblems(config: PlatformConfig): string[] {
  const problems: string[] = [];
  for (const env of config.environments) {
    const services = approvingServices(config, env);
    if (services.length === 0 || env.approval.approverRoleArns.length > 0) continue;
    const why = env.approval.required
      ? `approval.required is true and the pipelines of ${services.map((s) => `"${s}"`).join(', ')} run here`
      : `the pipelines of ${services.map((s) => `"${s}"`).join(', ')} stop for approval here (pattern "gated")`;
    const example = formatArn({
      partition: config.organisation.partition,
      service: 'iam',
      account: env.account.id,
      resource: `role/aws-reserved/sso.amazonaws.com/${env.account.region}/AWSReservedSSO_<permission-set>_<id>`,
    });
    problems.push(
      `${FILE.environment(env.name)} (environment "${env.name}"): approval.approverRoleArns: needs at least one IAM role ARN of the approvers (e.g. their IAM Identity Center role "${example}"), since ${why}; only the approver role ${approverRoleName(config.organisation.prefix, env.name)} may approve, and it trusts these roles alone`,
    );
  }
  return problems;
}
