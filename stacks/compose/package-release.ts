import { codeArtifactLocation, codeArtifactRepositoryName, type PlatformConfig, type PlatformModel, type ServiceConfig } from '../../model';
import { Construct } from '../../modules/core';
import { DeploymentEnvironment } from '../../modules/github-deployment-environment';
import { githubOidcProviderArn } from '../../modules/github-oidc-deploy-role';
import type { GithubRepository } from '../../modules/github-repository';
import { TagProtection } from '../../modules/github-tag-protection';
import { PackageReleaseRole } from '../../modules/package-release-role';
import type { PlatformStack } from '../platform-stack';

/** Services that publish packages (`packages.publish`), in catalogue order. */
export function publishingServices(config: PlatformConfig): ServiceConfig[] {
  return config.services.filter((s) => s.packages.publish);
}

/**
 * The OIDC subjects the release role trusts: the release environment of each publishing service's
 * repository, `repo:<owner>/<repository>:environment:<releaseRole.githubEnvironment>`.
 */
export function releaseRoleSubjects(model: PlatformModel): string[] {
  const { githubEnvironment } = model.organisation.codeArtifact.releaseRole;
  return publishingServices(model.config)
    .map((s) => `repo:${model.service(s.name).githubRepository}:environment:${githubEnvironment}`)
    .sort();
}

/** Whether the platform stack creates the release role: it lives in the management account (the default). */
export function releaseRoleInManagement(config: PlatformConfig): boolean {
  const { codeArtifact, management } = config.organisation;
  return (codeArtifact.releaseRole.accountId ?? management.accountId) === management.accountId;
}

/** What the platform stack creates for package releases. */
export interface PackageRelease {
  /** The release role, when it lives in the management account and a service publishes. */
  readonly role?: PackageReleaseRole;
  /** The release environment of each publishing service's repository, by service name. */
  readonly environments: ReadonlyMap<string, DeploymentEnvironment>;
  /** The release tag ruleset of each publishing service's repository, by service name. */
  readonly tagProtections: ReadonlyMap<string, TagProtection>;
}

/**
 * Publishing packages, in the platform stack. Each publishing service's repository gets the release deployment
 * environment, which GitHub opens to the configured release tags only (`v*`): a job of a pull request, a branch
 * or any other tag cannot get a token for it. A tag ruleset on the same repository lets only the owning team
 * (which holds `maintain`) and repository admins create, move or delete those tags: write access alone cannot
 * cut a release. The CodeArtifact release role, the only publisher the domain's policies admit, trusts exactly
 * those environments' OIDC subjects (the management account's GitHub OIDC provider, which the platform job already
 * logs in through) and may publish to exactly the internal repositories of the publishing services' ecosystems. Not a CodeBuild role: pull-request builds run on those, and fork code
 * must never reach a publisher.
 */
export function composePackageRelease(stack: PlatformStack, repositories: ReadonlyMap<string, GithubRepository>): PackageRelease {
  const { config } = stack;
  const { organisation } = config;
  const { releaseRole } = organisation.codeArtifact;
  const publishers = publishingServices(config);
  const environments = new Map<string, DeploymentEnvironment>();
  const tagProtections = new Map<string, TagProtection>();
  if (publishers.length === 0) return { environments, tagProtections };

  const scope = new Construct(stack, 'package-release');
  for (const service of publishers) {
    const repository = repositories.get(service.name);
    if (repository === undefined) {
      throw new Error(`service "${service.name}": packages.publish needs its GitHub repository, which the platform stack did not create`);
    }
    environments.set(
      service.name,
      new DeploymentEnvironment(scope, `environment-${service.name}`, {
        // the reference orders the environment after its repository
        repository: repository.name,
        environment: releaseRole.githubEnvironment,
        branchPolicy: { kind: 'tags', patterns: releaseRole.tagPatterns },
      }),
    );
    const owner = repository.teams.find((grant) => grant.slug === service.team);
    if (owner === undefined) {
      throw new Error(`service "${service.name}": its repository grants no access to its owning team "${service.team}"`);
    }
    tagProtections.set(
      service.name,
      new TagProtection(scope, `tags-${service.name}`, {
        repository: repository.name,
        tagPatterns: releaseRole.tagPatterns,
        bypassTeamIds: [owner.teamId],
        bypassRepositoryAdmins: true,
      }),
    );
  }
  if (!releaseRoleInManagement(config)) return { environments, tagProtections };

  const role = new PackageReleaseRole(scope, 'role', {
    roleName: releaseRole.roleName,
    oidcProviderArn: githubOidcProviderArn(organisation.partition, organisation.management.accountId),
    subjects: releaseRoleSubjects(stack.model),
    location: codeArtifactLocation(organisation),
    repositories: [...new Set(publishers.map((s) => codeArtifactRepositoryName(s.build.ecosystem)))],
  });
  return { role, environments, tagProtections };
}
