import { isGithubHosted, type EnvironmentModel, type ServiceConfig } from '../../model';
import type { ConnectionProvider } from '../../modules/codepipeline';

/**
 * Git hosts whose connection the CodeBuild projects of `services` in `environment` authenticate with:
 * GitHub, in the first environment of the promotion order, when one of them is GitHub-hosted (its projects
 * clone the repository and receive pull-request webhooks there; later environments build from the
 * pipeline). CodeBuild reaches GitHub through the environment's CodeConnections connection (the GitHub
 * App), set per project as `source.auth` (modules/codebuild-project): no token exists anywhere, and no
 * account-wide `aws_codebuild_source_credential` that another tool in the account could overwrite.
 */
export function buildConnectionProviders(environment: EnvironmentModel, services: readonly ServiceConfig[]): ConnectionProvider[] {
  return environment.first && services.some(isGithubHosted) ? ['github'] : [];
}

/** `providers` plus those of `extra` it lacks, in first-seen order. */
export function withProviders(providers: readonly ConnectionProvider[], extra: readonly ConnectionProvider[]): ConnectionProvider[] {
  return [...new Set([...providers, ...extra])];
}
