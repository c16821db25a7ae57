import {
  buildRoleName,
  buildRoleNamePattern,
  codeArtifactDomainName,
  codeArtifactKeyAlias,
  codeArtifactProxyName,
  codeArtifactRepositoryName,
  type PlatformModel,
} from '../../model';
import { BUILD_PURPOSES, CODEARTIFACT_READ_PURPOSES, iamRoleArn } from '../../modules/core';
import { CodeArtifactDomain, type CodeArtifactEcosystem } from '../../modules/codeartifact';
import type { PlatformStack } from '../platform-stack';

/**
 * The build roles, by ecosystem, that read CodeArtifact: every environment's projects that install
 * dependencies, of every service that uses CodeArtifact. The environment stacks create these roles under
 * the same names (model/names.ts).
 */
export function codeArtifactReaderArns(model: PlatformModel): Record<string, string[]> {
  const { organisation, environments, services } = model;
  const readers: Record<string, string[]> = {};
  environments.forEach(({ config: environment }) => {
    for (const { config: service, buildPurposesIn } of services) {
      if (!service.build.codeArtifact) continue;
      const purposes = buildPurposesIn(environment.name).filter((p) => CODEARTIFACT_READ_PURPOSES.includes(p));
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
export function codeArtifactReaderPatterns(model: PlatformModel): Record<string, string[]> {
  const { organisation, environments } = model;
  const readers = model.services.filter((s) => s.config.build.codeArtifact);
  const patterns: Record<string, string[]> = {};
  environments.forEach(({ config: environment }) => {
    for (const ecosystem of new Set(readers.map((s) => s.config.build.ecosystem))) {
      const list = (patterns[ecosystem] ??= []);
      // the purposes any reading service of the ecosystem has projects for here, in BUILD_PURPOSES order
      const used = new Set(
        readers.filter((s) => s.config.build.ecosystem === ecosystem).flatMap((s) => s.buildPurposesIn(environment.name)),
      );
      const purposes = BUILD_PURPOSES.filter((p) => used.has(p) && CODEARTIFACT_READ_PURPOSES.includes(p));
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
  const readers = codeArtifactReaderArns(stack.model);
  const patterns = codeArtifactReaderPatterns(stack.model);
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
