/**
 * Properties that hold for every valid configuration: they name no service and count none. Each returns the
 * problems it finds (empty when the property holds), so a failure lists every offender at once.
 */
import { codebuildProjectName, pipelineName, planServiceStacks, resolvePipeline, type PlatformConfig } from '../../../model';

import { actionsOf, pipelinesByName } from '../../support/pipelines';
import { resourcesOf } from '../../support/synth';

type Terraform = Record<string, any>;

/** A stack holding services (an environment's own stack or one split out of it) and the services it holds. */
export interface ServiceStack {
  readonly stack: string;
  readonly environment: string;
  readonly services: PlatformConfig['services'];
}

/** Every stack that holds services, in promotion order. */
export function serviceStacks(config: PlatformConfig): ServiceStack[] {
  return config.environments.flatMap((environment) => {
    const plan = planServiceStacks(environment, config.services);
    return [
      { stack: environment.name, environment: environment.name, services: plan.own },
      ...plan.groups.map((g) => ({ stack: g.stackName, environment: environment.name, services: g.services })),
    ];
  });
}

/** The stacks `config` synthesizes, sorted: bootstrap, platform, management-access, and per environment its stacks and access stack. */
export function expectedStacks(config: PlatformConfig): string[] {
  const names = [
    'bootstrap',
    'platform',
    'management-access',
    ...serviceStacks(config).map((s) => s.stack),
    ...config.environments.map((e) => `${e.name}-access`),
  ];
  return [...new Set(names)].sort();
}

/** Pipelines missing from, or extra in, a service stack: it holds exactly one per service that reaches its environment. */
export function pipelineProblems(config: PlatformConfig, holder: ServiceStack, tf: Terraform): string[] {
  const expected = holder.services
    .filter((s) => resolvePipeline(s, config.organisation).pipeline?.environments.includes(holder.environment))
    .map((s) => pipelineName(config.organisation.prefix, holder.environment, s.name));
  const actual = Object.keys(pipelinesByName(tf));
  return [
    ...expected.filter((name) => !actual.includes(name)).map((name) => `${holder.stack}: no pipeline ${name}`),
    ...actual
      .filter((name) => !expected.includes(name))
      .map((name) => `${holder.stack}: pipeline ${name} of no service that reaches ${holder.environment}`),
  ];
}

/** CodeBuild actions of a stack's pipelines whose project is not in the stack. */
export function codebuildProblems(stack: string, tf: Terraform): string[] {
  const projects = resourcesOf(tf, 'aws_codebuild_project').map((p) => p.name);
  const exists = (value: string): boolean => {
    const id = /^\$\{aws_codebuild_project\.([^.]+)\.(name|arn)\}$/.exec(value)?.[1];
    return id === undefined ? projects.includes(value) : tf.resource.aws_codebuild_project[id] !== undefined;
  };
  return Object.values(pipelinesByName(tf)).flatMap((p) =>
    actionsOf(p)
      .filter(({ action }) => action.provider === 'CodeBuild' && !exists(action.configuration.ProjectName))
      .map(({ action }) => `${stack}: ${p.name}/${action.name} runs ${action.configuration.ProjectName}, which the stack does not create`),
  );
}

/**
 * The stacks whose roles all carry the permissions boundary: all but the access stacks (their roles exist
 * before the boundary does) and management-access (its roles need what the boundary denies).
 */
export const boundedStacks = (stacks: readonly string[]): string[] => stacks.filter((s) => !s.endsWith('-access'));

/** Roles of a stack without the boundary: the stack's own boundary policy, or its account's (owned by an access stack or bootstrap). */
export function boundaryProblems(config: PlatformConfig, stack: string, tf: Terraform): string[] {
  const own = Object.keys(tf.resource?.aws_iam_policy ?? {}).find((id) => id.startsWith('permissions-boundary_'));
  const account: string = tf.provider?.aws?.[0]?.allowed_account_ids?.[0] ?? config.organisation.management.accountId;
  const boundary =
    own === undefined
      ? `arn:aws:iam::${account}:policy/${config.organisation.prefix}-cicd-permissions-boundary`
      : `\${aws_iam_policy.${own}.arn}`;
  return resourcesOf(tf, 'aws_iam_role')
    .filter((role) => role.permissions_boundary !== boundary)
    .map((role) => `${stack}: role ${role.name} has boundary ${role.permissions_boundary ?? 'none'}, not ${boundary}`);
}

/** Stages that change the environment: a Deploy-category action or a CodeBuild apply (`Deploy...`); not the hand-off to the next. */
const changesEnvironment = (stage: any): boolean =>
  stage.name !== 'Promote' && (/^Deploy/.test(stage.name) || stage.action.some((a: any) => a.category === 'Deploy'));

/** The physical name of the CodeBuild project an action runs (a reference resolved in `tf`). */
function projectOf(tf: Terraform, action: any): string | undefined {
  const value = String(action.configuration?.ProjectName ?? '');
  const id = /^\$\{aws_codebuild_project\.([^.]+)\.name\}$/.exec(value)?.[1];
  return id === undefined ? value : tf.resource.aws_codebuild_project?.[id]?.name;
}

/**
 * Pipelines of a service stack that deploy unscanned or unchecked: the pipeline that builds the service's artifact
 * (in the first environment of its path) runs the service's security-scan project before its first deploy stage,
 * and every deploy stage of every pipeline ends with a CodeBuild test action after all its deploy actions and rolls
 * back on failure. A later environment's pipeline builds nothing: it deploys the artifact its first one scanned.
 */
export function flowProblems(config: PlatformConfig, holder: ServiceStack, tf: Terraform): string[] {
  const { prefix } = config.organisation;
  return holder.services.flatMap((service) => {
    const name = pipelineName(prefix, holder.environment, service.name);
    const p = pipelinesByName(tf)[name];
    if (p === undefined) return [];
    const problems: string[] = [];
    const deploys = p.stage.flatMap((stage: any, index: number) => (changesEnvironment(stage) ? [index] : []));
    if (deploys.length === 0) problems.push(`${name}: no deploy stage`);
    const builds = actionsOf(p).some(({ action }) => (action.output_artifacts ?? []).includes('artifact') && action.category === 'Build');
    if (builds) {
      const scan = codebuildProjectName(prefix, holder.environment, service.name, 'security-scan');
      const at = p.stage.findIndex((stage: any) => stage.action.some((a: any) => a.provider === 'CodeBuild' && projectOf(tf, a) === scan));
      if (at < 0 || at > deploys[0]) problems.push(`${name}: no ${scan} before its first deploy stage`);
    }
    for (const index of deploys) {
      const stage = p.stage[index];
      const order = (a: any): number => a.run_order ?? 1;
      const last = Math.max(...stage.action.filter((a: any) => a.category !== 'Test').map(order));
      if (!stage.action.some((a: any) => a.category === 'Test' && a.provider === 'CodeBuild' && order(a) > last)) {
        problems.push(`${name}: stage ${stage.name} has no check after its deploy`);
      }
      if (stage.on_failure?.result !== 'ROLLBACK') problems.push(`${name}: stage ${stage.name} does not roll back on failure`);
    }
    return problems;
  });
}
