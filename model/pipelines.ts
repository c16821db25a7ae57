import { githubRepositoryPath, repositoryOf } from './names';
import { firstOf, productionOf } from './promotion';
import type { Organisation, PipelineConfig, PipelineDeployConfig, PipelineSourceConfig, ServiceConfig } from '../environments/schema';

/**
 * A pipeline's source with the repository it starts from resolved, once: `owner/name` on a Git host (an explicit
 * `source.repository`, or the service's GitHub repository), the repository's name in CodeCommit (an explicit
 * one, or the service's repository). An S3 source names no repository.
 */
export type ResolvedPipelineSource =
  | (Extract<PipelineSourceConfig, { type: 'connection' }> & { readonly repository: string })
  | (Extract<PipelineSourceConfig, { type: 'codecommit' }> & { readonly repository: string })
  | Extract<PipelineSourceConfig, { type: 's3' }>;

/** A service's pipeline with every default that depends on other fields resolved. */
export interface ResolvedPipeline {
  readonly pattern: PipelineConfig['pattern'];
  readonly source: ResolvedPipelineSource;
  readonly tests: PipelineConfig['tests'];
  readonly deploy: PipelineDeployConfig;
  readonly infrastructure?: PipelineConfig['infrastructure'];
  /** Environments the pipeline runs in, in promotion order. */
  readonly environments: readonly string[];
  /** Link a reviewer opens from an approval; undefined: the composition links the pipeline's console page. */
  readonly reviewUrl?: string;
}

const WHERE = 'environments/services.ts';

/** Raised for a pipeline block that validates field by field but not as a whole. */
export type PipelineProblem = string;

function problemsOf(service: ServiceConfig, pipeline: PipelineConfig, organisation: Organisation): PipelineProblem[] {
  const at = (field: string, message: string) => `${WHERE} (service "${service.name}"): pipeline.${field}: ${message}`;
  const problems: PipelineProblem[] = [];
  const order = organisation.promotionOrder;
  const envs = pipeline.environments ?? [];
  const unknown = envs.filter((e) => !order.includes(e));
  if (unknown.length > 0) {
    problems.push(
      at('environments', `names ${unknown.map((u) => `"${u}"`).join(', ')}, which is not in promotionOrder (${order.join(', ')})`),
    );
  } else {
    const positions = envs.map((e) => order.indexOf(e));
    if (positions.some((p, i) => i > 0 && p <= positions[i - 1])) {
      problems.push(at('environments', `must follow promotionOrder (${order.join(', ')}) without repeats (got ${envs.join(', ')})`));
    } else if (envs.length > 0 && firstOf(envs) !== firstOf(order)) {
      problems.push(
        at(
          'environments',
          `must start with "${firstOf(order)}", the first environment of promotionOrder: only it builds (its CodeBuild projects build, test and scan), every later one deploys the promoted artifact (got ${envs.join(', ')})`,
        ),
      );
    }
  }
  if (pipeline.pattern !== 'promotion' && envs.length > 1) {
    problems.push(
      at(
        'environments',
        `pattern "${pipeline.pattern}" runs in exactly one environment (got ${envs.length}); use pattern "promotion" to ship one artifact through several`,
      ),
    );
  }
  if (pipeline.pattern === 'infra-app' && pipeline.infrastructure === undefined) {
    problems.push(at('infrastructure', 'is required by pattern "infra-app" (e.g. { tool: "terraform" })'));
  }
  if (pipeline.pattern !== 'infra-app' && pipeline.infrastructure !== undefined) {
    problems.push(at('infrastructure', `is only used by pattern "infra-app" (got pattern "${pipeline.pattern}")`));
  }
  const names = pipeline.tests.map((t) => t.name);
  pipeline.tests.forEach((test, index) => {
    if (names.indexOf(test.name) !== index) problems.push(at(`tests[${index}].name`, `"${test.name}" appears more than once`));
    for (const dep of test.dependsOn) {
      const position = names.indexOf(dep);
      if (position < 0 || position >= index) {
        problems.push(at(`tests[${index}].dependsOn`, `"${dep}" must name a test listed before "${test.name}"`));
      }
    }
  });
  const codedeployTarget = { 'codedeploy-ec2': 'ec2', 'codedeploy-ecs': 'ecs', 'codedeploy-lambda': 'lambda' }[
    pipeline.deploy.type as string
  ];
  if (codedeployTarget !== undefined && service.deploy?.target !== codedeployTarget) {
    problems.push(
      at(
        'deploy.type',
        `"${pipeline.deploy.type}" deploys through the service's CodeDeploy group: the service needs deploy.target "${codedeployTarget}" (got ${service.deploy === undefined ? 'no deploy block' : `"${service.deploy.target}"`})`,
      ),
    );
  }
  if (pipeline.source.type === 'connection' && pipeline.source.provider !== 'github' && pipeline.source.repository === undefined) {
    problems.push(at('source.repository', `is required for provider "${pipeline.source.provider}" ("owner/name")`));
  }
  return problems;
}

/**
 * The source with its repository: an explicit `source.repository`, or the service's repository as model/names.ts
 * names it (GitLab and Bitbucket sources must name theirs: problemsOf reports one without).
 */
function resolveSource(source: PipelineSourceConfig, service: ServiceConfig, organisation: Organisation): ResolvedPipelineSource {
  switch (source.type) {
    case 'connection':
      return { ...source, repository: source.repository ?? githubRepositoryPath(organisation, service) };
    case 'codecommit':
      return { ...source, repository: source.repository ?? repositoryOf(service) };
    default:
      return source;
  }
}

/**
 * Check a service's pipeline as a whole and resolve its defaults. Returns the problems found (each one
 * line naming file, service, field and what is allowed) or the resolved pipeline.
 */
export function resolvePipeline(
  service: ServiceConfig,
  organisation: Organisation,
): { readonly pipeline?: ResolvedPipeline; readonly problems: readonly PipelineProblem[] } {
  const pipeline = service.pipeline;
  if (pipeline === undefined) return { problems: [] };
  const problems = problemsOf(service, pipeline, organisation);
  if (problems.length > 0) return { problems };

  const order = organisation.promotionOrder;
  const environments = pipeline.environments ?? (pipeline.pattern === 'promotion' ? [...order] : [firstOf(order)]);
  const source = resolveSource(pipeline.source, service, organisation);
  const reviewUrl =
    pipeline.reviewUrl ??
    (source.type === 'connection' && source.provider === 'github'
      ? `https://github.com/${source.repository}/commits/${source.branch}`
      : undefined);
  return {
    problems: [],
    pipeline: {
      pattern: pipeline.pattern,
      source,
      tests: pipeline.tests,
      deploy: pipeline.deploy,
      infrastructure: pipeline.infrastructure,
      environments,
      reviewUrl,
    },
  };
}

/** The environments a service's pipeline runs in, in promotion order: none without a pipeline (or with one that has problems). */
export function reachOf(service: ServiceConfig, organisation: Organisation): readonly string[] {
  return resolvePipeline(service, organisation).pipeline?.environments ?? [];
}

/** Whether a service's pipeline reaches production (model/promotion.ts). */
export function reachesProduction(service: ServiceConfig, organisation: Organisation): boolean {
  return reachOf(service, organisation).includes(productionOf(organisation.promotionOrder));
}
