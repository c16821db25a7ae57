import type { PlatformConfig } from '../environments/schema';
import { sourceHostOf } from './service-source';

/**
 * Checks of `packages.publish` that span files: a publishing service's ecosystem has an internal repository
 * (organisation.codeArtifact.ecosystems), and its source is on GitHub, since release jobs reach the release
 * role by GitHub's OIDC token. One problem per service and field, naming file, service, field and what is allowed.
 */
export function packagePublishingProblems(config: PlatformConfig): string[] {
  const { organisation, services } = config;
  const { ecosystems } = organisation.codeArtifact;
  const problems: string[] = [];
  for (const service of services.filter((s) => s.packages.publish)) {
    const where = `environments/services.ts (service "${service.name}")`;
    const { ecosystem } = service.build;
    if (!ecosystems.includes(ecosystem)) {
      problems.push(
        `${where}: packages.publish: publishes ${ecosystem} packages, but environments/organisation.ts codeArtifact.ecosystems has no ${ecosystem} repository (has: ${ecosystems.join(', ')}); add "${ecosystem}" there or set packages.publish to false`,
      );
    }
    const host = sourceHostOf(service);
    if (host !== 'github') {
      problems.push(
        `${where}: packages.publish: release jobs assume the release role with GitHub's OIDC token, but the service's source is ${host}; only GitHub-hosted services may publish (set packages.publish to false)`,
      );
    }
  }
  return problems;
}
