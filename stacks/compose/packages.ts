import type { Organisation, PlatformConfig } from '../../environments';
import {
  CODEARTIFACT_READ_PURPOSES,
  buildRoleName,
  buildRoleNamePattern,
  codeArtifactProxyName,
  codeArtifactRepositoryName,
  environmentBuildPurposes,
  iamRoleArn,
  type CodeArtifactLocation,
} from '../../modules/core';
import { CodeArtifactDomain, type CodeArtifactEcosystem } from '../../modules/codeartifact';
import type { PlatformStack } from '../platform-stack';

/** The CodeArtifact domain's name: configured, or `<prefix>-packages`. */
export function codeArtifactDomainName(organisation: Organisation): string {
  return organisation.codeArtifact.domain ?? `${organisation.prefix}-packages`;
}

/** Alias (without `alias/`) of the domain's KMS key. */
export function codeArtifactKeyAlias(organisation: Organisation): string {
  return `${organisation.prefix}-codeartifact`;
}

/** Where the domain lives: the management account, in its region. */
export function codeArtifactLocation(organisation: Organisation): CodeArtifactLocation {
  return {
    partition: organisation.partition,
    region: organisation.management.region,
    accountId: organisation.management.accountId,
    domain: codeArtifactDomainName(organisation),
  };
}

/**
 * The build roles, by ecosystem, that read CodeArtifact: every environment's projects that install
 * dependencies, of every service that uses CodeArtifact. The environment stacks create these roles under
 * the same names (modules/core/build-naming.ts).
 */
export function codeArtifactReaderArns(config: PlatformConfig): Record<string, string[]> {
  const { organisation, environments, services } = config;
  const readers: Record<string, string[]> = {};
  environments.forEach((environment, index) => {
    const purposes = environmentBuildPurposes(index === 0).filter((p) => CODEARTIFACT_READ_PURPOSES.includes(p));
    for (const service of services) {
      if (!service.build.codeArtifact) continue;
      const list = (readers[service.build.ecosystem] ??= []);
      for (const purpose of purposes) {
        list.push(
          iamRoleArn(
            organisation.partition,
            environment.account.id,
            buildRoleName(organisation.prefix, environment.name, service.name, purpose),
          ),
        );
      }
    }
  });
  return readers;
}

/**
 * The same readers as `codeArtifactReaderArns`, as one role-name pattern per environment and purpose
 * (`<prefix>-<env>-*-<purpose>-cb`): what the policies fall back to when the exact list outgrows
 * CodeArtifact's policy size limit. Wider than the list: every service's build role of that purpose.
 */
export function codeArtifactReaderPatterns(config: PlatformConfig): Record<string, string[]> {
  const { organisation, environments, services } = config;
  const patterns: Record<string, string[]> = {};
  environments.forEach((environment, index) => {
    const purposes = environmentBuildPurposes(index === 0).filter((p) => CODEARTIFACT_READ_PURPOSES.includes(p));
    for (const ecosystem of new Set(services.filter((s) => s.build.codeArtifact).map((s) => s.build.ecosystem))) {
      const list = (patterns[ecosystem] ??= []);
      for (const purpose of purposes) {
        list.push(
          iamRoleArn(organisation.partition, environment.account.id, buildRoleNamePattern(organisation.prefix, environment.name, purpose)),
        );
      }
    }
  });
  return patterns;
}

/** The public registry each ecosystem's proxy repository connects to. */
const EXTERNAL_CONNECTIONS: Readonly<Record<string, string>> = {
  npm: 'public:npmjs',
  pypi: 'public:pypi',
  maven: 'public:maven-central',
};

/** The organisation's CodeArtifact domain and repositories, in the platform stack. */
export function composePackages(stack: PlatformStack): CodeArtifactDomain {
  const { organisation } = stack.config;
  const { codeArtifact, management, partition } = organisation;
  const readers = codeArtifactReaderArns(stack.config);
  const patterns = codeArtifactReaderPatterns(stack.config);
  const releaseAccount = codeArtifact.releaseRole.accountId ?? management.accountId;
  const ecosystems: CodeArtifactEcosystem[] = codeArtifact.ecosystems.map((name) => ({
    name,
    repository: codeArtifactRepositoryName(name),
    proxyRepository: codeArtifactProxyName(name),
    externalConnection: EXTERNAL_CONNECTIONS[name],
    readerRoleArns: readers[name] ?? [],
    readerRolePatterns: patterns[name] ?? [],
  }));
  return new CodeArtifactDomain(stack, 'packages', {
    domain: codeArtifactDomainName(organisation),
    accountId: management.accountId,
    region: management.region,
    partition,
    keyAlias: codeArtifactKeyAlias(organisation),
    ecosystems,
    publisherRoleArn: iamRoleArn(partition, releaseAccount, codeArtifact.releaseRole.roleName),
  });
}
