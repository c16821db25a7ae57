import { APPROVAL_STAGE_NAME, codebuildProjectName, type PipelinePlacement } from '../../../model';
import type { CodeBuildAction, ConnectionProvider } from '../../../modules/codepipeline';
import type { BuildPurpose } from '../../../modules/core';
import type { CodeDeployService } from '../../../modules/codedeploy-service';
import type { EnvironmentServicesScope } from '../../shared-resources';
import type { EnvironmentBuilds } from '../builds';
import { IMAGE_RELEASE_PURPOSE } from '../image-repository';
import { LAMBDA_RELEASE_PURPOSE } from '../lambda-release';
import { PLAN_ARTIFACT, type InfrastructureBuilds } from '../infrastructure-builds';

/**
 * Artifact names every pipeline uses: the checked-out source, the built artifact, the IaC plan. CodeBuild
 * names secondary inputs by artifact name, which it allows only letters, digits and underscores.
 */
export const ARTIFACTS = { source: 'source', artifact: 'artifact', plan: PLAN_ARTIFACT, lambdaRelease: 'lambda_release' } as const;

/** Stage names, in the order they may appear. */
export const STAGES = {
  source: 'Source',
  infrastructure: 'Infrastructure',
  build: 'Build',
  test: 'Test',
  securityScan: 'SecurityScan',
  plan: 'InfrastructurePlan',
  approval: APPROVAL_STAGE_NAME,
  deployInfrastructure: 'DeployInfrastructure',
  deploy: 'Deploy',
  promote: 'Promote',
} as const;

/** A Git host connection a pipeline's source action uses: created by the environment stack, or found by name. */
export interface ConnectionRef {
  readonly arn: string;
}

/** What a stack's pipelines run, from the same stack: its CodeBuild projects, CodeDeploy, Git connections. */
export interface PipelineParts {
  readonly builds: EnvironmentBuilds;
  /** Infrastructure plan and apply projects (stacks/compose/infrastructure-builds.ts). */
  readonly infrastructureBuilds: InfrastructureBuilds;
  readonly deployments: ReadonlyMap<string, CodeDeployService>;
  readonly connections: ReadonlyMap<ConnectionProvider, ConnectionRef>;
}

/** A CodeBuild project an action runs: its name and ARN. */
export interface ProjectRef {
  readonly projectName: string;
  readonly projectArn?: string;
}

/** What every stage builder reads: the stack, the pipeline's placement, the parts it runs, its projects. */
export interface StageContext {
  readonly stack: EnvironmentServicesScope;
  readonly placement: PipelinePlacement;
  readonly parts: PipelineParts;
  /** The service's CodeBuild project for `purpose` (stacks/compose/builds.ts, infrastructure-builds.ts). */
  project(purpose: string): ProjectRef;
  /** A CodeBuild action of the project for `purpose`. */
  build(name: string, purpose: string, inputs: readonly string[], outputs?: readonly string[]): CodeBuildAction;
}

/** The context of one service's pipeline in one environment. */
export function stageContext(stack: EnvironmentServicesScope, placement: PipelinePlacement, parts: PipelineParts): StageContext {
  const { prefix } = stack.organisation;
  const service = placement.service.name;
  const project = (purpose: string): ProjectRef => {
    const iac = parts.infrastructureBuilds.project(service, purpose);
    if (iac !== undefined) return { projectName: iac.name, projectArn: iac.arn };
    const release =
      purpose === IMAGE_RELEASE_PURPOSE
        ? parts.builds.imageReleases.get(service)
        : purpose === LAMBDA_RELEASE_PURPOSE
          ? parts.builds.lambdaReleases.get(service)
          : undefined;
    if (release !== undefined) return { projectName: release.name, projectArn: release.arn };
    const built = parts.builds.byService[service]?.[purpose as BuildPurpose];
    if (built !== undefined) return { projectName: built.name, projectArn: built.arn };
    // every purpose a pipeline runs has its project where the pipeline runs (model: buildPurposesIn)
    throw new Error(
      `pipeline of service "${service}" in ${placement.environment.name}: no ${purpose} project ` +
        `(${codebuildProjectName(prefix, placement.environment.name, service, purpose)}) in its stack to run`,
    );
  };
  return {
    stack,
    placement,
    parts,
    project,
    build: (name, purpose, inputs, outputs) => ({ kind: 'codebuild', name, ...project(purpose), inputs, outputs }),
  };
}
