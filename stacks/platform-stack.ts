import { PLATFORM_STACK, type PlatformConfig, type PlatformModel } from '../model';
import { Construct } from '../modules/core';
import type { CodeArtifactDomain } from '../modules/codeartifact';
import { BaseStack } from './base-stack';
import { composeSourceControl } from './compose/source-control';
import { composeSharedPermissionsBoundary } from './compose/permissions-boundary';
import { composePackages } from './compose/packages';
import { composePackageRelease, type PackageRelease } from './compose/package-release';

export interface PlatformStackProps {
  /** The resolved platform model. */
  readonly model: PlatformModel;
}

/**
 * Organisation-wide resources that exist once, not per environment: GitHub repositories, teams and branch
 * protection, the CodeArtifact domain and repositories, the source connection. Lives in the management
 * account.
 */
export class PlatformStack extends BaseStack {
  readonly model: PlatformModel;
  readonly config: PlatformConfig;
  /** The CodeArtifact domain and repositories (stacks/compose/packages.ts). */
  readonly packages: CodeArtifactDomain;
  /** The release environments and the CodeArtifact release role (stacks/compose/package-release.ts). */
  readonly packageRelease: PackageRelease;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    const { organisation } = props.model;
    super(scope, id, {
      organisation,
      target: {
        accountId: organisation.management.accountId,
        region: organisation.management.region,
        roleName: organisation.management.deployRoleName,
        tags: {},
      },
      github: true,
      stateScope: PLATFORM_STACK,
    });
    this.model = props.model;
    this.config = props.model.config;
    const repositories = composeSourceControl(this);
    composeSharedPermissionsBoundary(this);
    this.packages = composePackages(this);
    this.packageRelease = composePackageRelease(this, repositories);
  }
}
