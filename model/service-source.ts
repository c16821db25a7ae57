import type { ServiceConfig } from '../environments/schema';

const WHERE = 'environments/services.ts';

/** Where a service's source lives: a Git host, a CodeCommit repository, or uploads to the artifact store. */
export type SourceHost = 'github' | 'gitlab' | 'bitbucket' | 'codecommit' | 's3';

const HOST_LABEL: Readonly<Record<SourceHost, string>> = {
  github: 'GitHub',
  gitlab: 'GitLab (pipeline.source.provider "gitlab")',
  bitbucket: 'Bitbucket (pipeline.source.provider "bitbucket")',
  codecommit: 'CodeCommit (pipeline.source.type "codecommit")',
  s3: 'S3 uploads (pipeline.source.type "s3")',
};

/**
 * The host of a service's source. A service without a pipeline is on GitHub (the catalogue's default host,
 * as the schema's default source is a GitHub connection).
 */
export function sourceHostOf(service: ServiceConfig): SourceHost {
  const source = service.pipeline?.source;
  if (source === undefined) return 'github';
  return source.type === 'connection' ? source.provider : source.type;
}

/** Whether the service's source is a GitHub repository: only then does it get one (and its protection, checks, webhooks). */
export function isGithubHosted(service: ServiceConfig): boolean {
  return sourceHostOf(service) === 'github';
}

/**
 * GitHub repository settings on a service whose source is not on GitHub: it gets no GitHub repository,
 * so each one set contradicts the source. One problem per field, naming file, service and field.
 */
export function serviceSourceProblems(service: ServiceConfig): string[] {
  const host = sourceHostOf(service);
  if (host === 'github') return [];
  const { github } = service;
  const set: string[] = [
    ...(github.visibility !== undefined ? ['github.visibility'] : []),
    ...(github.requiredApprovingReviewCount !== undefined ? ['github.requiredApprovingReviewCount'] : []),
    ...(github.topics.length > 0 ? ['github.topics'] : []),
    ...(github.teams.length > 0 ? ['github.teams'] : []),
  ];
  return set.map(
    (field) =>
      `${WHERE} (service "${service.name}"): ${field}: is a GitHub repository setting, but the service's source is ${HOST_LABEL[host]}, so it gets no GitHub repository; remove ${field} (GitHub settings apply to GitHub-hosted services only)`,
  );
}
