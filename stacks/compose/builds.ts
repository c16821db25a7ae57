import { codeArtifactLocation } from '../../model';
import { BUILD_PURPOSES, Construct, type BuildPurpose } from '../../modules/core';
import type { CodebuildProject } from '../../modules/codebuild-project';
import type { ConnectionProvider } from '../../modules/codepipeline';
import type { EnvironmentServicesScope } from '../shared-resources';
import { buildProject, deployPackaging } from './build-project';
import { composeImageRepository } from './image-repository';
import { composeLambdaRelease } from './lambda-release';
import type { ConnectionRef } from './pipeline';

export { deployPackaging } from './build-project';

/** The CodeBuild projects of one environment, for the pipelines that run them. */
export interface EnvironmentBuilds {
  /** Purposes this environment has projects for (all five in the first environment; tests and validation later). */
  readonly purposes: readonly BuildPurpose[];
  /** Projects by service name, then purpose. */
  readonly byService: Readonly<Record<string, Readonly<Partial<Record<BuildPurpose, CodebuildProject>>>>>;
  /** Release taggers by service name (a container service whose pipeline promotes its image on from here). */
  readonly imageReleases: ReadonlyMap<string, CodebuildProject>;
  /** Lambda release steps by service name (a service CodeDeploy deploys to a Lambda alias, where its pipeline runs). */
  readonly lambdaReleases: ReadonlyMap<string, CodebuildProject>;
  /** The project of `service` for `purpose`; throws, naming what exists, when there is none. */
  project(service: string, purpose: BuildPurpose): CodebuildProject;
}

/**
 * A CodeBuild project per service of the stack (`stack.services`) and purpose, sized by the environment's build
 * settings; pull-request builds (webhooks and status checks) in the first environment of the promotion order.
 */
export function composeBuilds(
  stack: EnvironmentServicesScope,
  connections: ReadonlyMap<ConnectionProvider, ConnectionRef> = new Map(),
): EnvironmentBuilds {
  const { config, environment, env } = stack;
  const scope = new Construct(stack, 'builds');
  const location = codeArtifactLocation(config.organisation);

  const byService: Record<string, Partial<Record<BuildPurpose, CodebuildProject>>> = {};
  const imageReleases = new Map<string, CodebuildProject>();
  const lambdaReleases = new Map<string, CodebuildProject>();
  const used = new Set<BuildPurpose>();
  for (const service of stack.services) {
    const serviceScope = new Construct(scope, service.name);
    const projects: Partial<Record<BuildPurpose, CodebuildProject>> = {};
    const resolved = stack.model.service(service.name).pipeline;
    const images = composeImageRepository(stack, serviceScope, service, resolved && deployPackaging(resolved.deploy));
    const repository = images?.repository;
    if (images?.release !== undefined) imageReleases.set(service.name, images.release);
    const lambdaRelease = composeLambdaRelease(stack, serviceScope, service);
    if (lambdaRelease !== undefined) lambdaReleases.set(service.name, lambdaRelease);
    for (const purpose of stack.model.service(service.name).buildPurposesIn(environment.name)) {
      used.add(purpose);
      const imageRepository =
        repository === undefined || (purpose !== 'build' && purpose !== 'security-scan')
          ? undefined
          : { ...repository, access: purpose === 'build' ? ('push' as const) : ('pull' as const) };
      projects[purpose] = buildProject(serviceScope, {
        stack,
        service,
        purpose,
        isFirst: env.first,
        location,
        connections,
        imageRepository,
      });
    }
    byService[service.name] = projects;
  }
  const purposes = BUILD_PURPOSES.filter((p) => used.has(p));

  return {
    purposes,
    byService,
    imageReleases,
    lambdaReleases,
    project(service, purpose) {
      const project = byService[service]?.[purpose];
      if (project === undefined) {
        throw new Error(
          `environment "${environment.name}" has no ${purpose} project for service "${service}" ` +
            `(services: ${Object.keys(byService).join(', ')}; purposes here: ${purposes.join(', ')})`,
        );
      }
      return project;
    },
  };
}
