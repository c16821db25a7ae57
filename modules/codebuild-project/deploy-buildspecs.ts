/**
 * What the build of a service emits for its deploy action: exactly the files the action reads, at the paths
 * its configuration names, from templates the service repository owns (docs/deploy-targets.md). Every check
 * fails the build with a message naming the file, so a wrong or missing file never reaches the deploy.
 *
 * The artifact is assembled in `ARTIFACT_DIR` (the buildspec's `artifacts.base-directory`), so it holds these
 * files and nothing the build merely left behind. The commands of each target: deploy-targets.ts (a table);
 * the commands they are made of: deploy-commands.ts.
 */
import { ARTIFACT_DIR } from './deploy-commands';
import { DEPLOY_TARGET_PACKAGING } from './deploy-targets';

export { ARTIFACT_DIR, DEPLOY_TEMPLATE_DEFAULTS, TEST_BUNDLE_DIR, imagePushCommands } from './deploy-commands';

/** The deploy action the artifact feeds, with the paths its configuration names. */
export type DeployPackaging =
  | { readonly target: 'codedeploy-ec2' }
  | { readonly target: 'codedeploy-lambda' }
  | { readonly target: 'codedeploy-ecs'; readonly taskDefinitionPath: string; readonly appSpecPath: string }
  | { readonly target: 'ecs'; readonly imageDefinitionsFile: string }
  | { readonly target: 'eks'; readonly manifestFiles: readonly string[] }
  | { readonly target: 'elastic-beanstalk' }
  | { readonly target: 'cloudformation'; readonly templatePath: string; readonly templateConfigurationPath: string }
  | { readonly target: 's3' }
  | { readonly target: 'infrastructure' };

export type DeployTarget = DeployPackaging['target'];

/** Deploy targets that run the service's container image: the build pushes it to ECR. */
export const CONTAINER_TARGETS: readonly DeployTarget[] = ['codedeploy-ecs', 'ecs', 'eks'];

/**
 * The commands that check the service's deploy templates and assemble the artifact for `packaging`.
 * `buildOutputs` are the ecosystem's build outputs (globs relative to the source root).
 */
export function deployPackagingCommands(packaging: DeployPackaging, buildOutputs: readonly string[]): string[] {
  const commands = DEPLOY_TARGET_PACKAGING[packaging.target] as (p: DeployPackaging, outputs: readonly string[]) => string[];
  return [`rm -rf "${ARTIFACT_DIR}" && mkdir -p "${ARTIFACT_DIR}"`, ...commands(packaging, buildOutputs)];
}
