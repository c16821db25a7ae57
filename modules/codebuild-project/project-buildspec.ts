import type { Buildspec, BuildspecReport } from './buildspec';
import type { CodebuildCodeArtifact, CodebuildProjectProps } from './codebuild-project';

/** Commands that log the package manager in to CodeArtifact (a 12-hour token, never stored). */
export function codeArtifactLoginCommands(ca: CodebuildCodeArtifact): string[] {
  const { location, name } = ca.repository;
  const where = `--domain ${location.domain} --domain-owner ${location.accountId} --region ${location.region}`;
  if (ca.tool === 'maven') {
    // Maven has no `login`: settings.xml reads the token and URL from these variables.
    return [
      `export CODEARTIFACT_AUTH_TOKEN="$(aws codeartifact get-authorization-token ${where} --query authorizationToken --output text)"`,
      `export CODEARTIFACT_REPOSITORY_URL="$(aws codeartifact get-repository-endpoint ${where} --repository ${name} --format maven --query repositoryEndpoint --output text)"`,
    ];
  }
  return [`aws codeartifact login --tool ${ca.tool} ${where} --repository ${name}`];
}

/** The caller's buildspec plus what the project owns: secrets, CodeArtifact login, reports, batch shards. */
export function completeBuildspec(props: CodebuildProjectProps, reports: Record<string, BuildspecReport>): Buildspec {
  const spec = props.buildspec;
  const secrets = props.secrets ?? {};
  const login = props.codeArtifact ? codeArtifactLoginCommands(props.codeArtifact) : [];
  const install = spec.phases.install;
  const phases = {
    ...spec.phases,
    // the login runs first: every later command installs through CodeArtifact
    install: login.length > 0 || install ? { ...install, commands: [...login, ...(install?.commands ?? [])] } : undefined,
  };
  const env =
    spec.env || Object.keys(secrets).length > 0
      ? {
          ...spec.env,
          'secrets-manager':
            Object.keys(secrets).length > 0 ? { ...spec.env?.['secrets-manager'], ...secrets } : spec.env?.['secrets-manager'],
        }
      : undefined;
  const batch = props.batch
    ? {
        'fast-fail': false,
        'build-list': Array.from({ length: props.batch.shards }, (_, i) => ({
          identifier: `shard_${i + 1}`,
          env: { variables: { SHARD_INDEX: String(i + 1), SHARD_COUNT: String(props.batch?.shards) } },
        })),
      }
    : spec.batch;
  // undefined fields are left out of the YAML (the serializer's default)
  return {
    ...spec,
    env,
    phases,
    reports: Object.keys(reports).length > 0 ? { ...spec.reports, ...reports } : spec.reports,
    batch,
  };
}
