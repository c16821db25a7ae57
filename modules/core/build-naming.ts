/**
 * Names of build resources that two stacks must agree on: an environment stack creates a service's build
 * roles, and the platform stack's CodeArtifact policies name those same roles by ARN. Both call these
 * functions, so the names cannot drift apart.
 */
import { physicalName } from './naming';

import { BUILD_PURPOSES, type BuildPurpose } from '../../vocabulary/build-purposes';
// defined in the shared vocabulary: the schema (environments/) validates against it too
export { BUILD_PURPOSES, type BuildPurpose } from '../../vocabulary/build-purposes';

/**
 * Purposes of the first environment of the promotion order: it builds, tests and scans every change
 * (pull requests included) and validates its own deployment.
 */
export const FIRST_ENVIRONMENT_PURPOSES: readonly BuildPurpose[] = BUILD_PURPOSES;

/**
 * Purposes of every later environment: it receives the artifact promoted from the one before (never a
 * rebuild), so it only tests and validates that artifact where it is deployed.
 */
export const LATER_ENVIRONMENT_PURPOSES: readonly BuildPurpose[] = ['integration-test', 'validate'];

/** The purposes an environment has projects for, by its place in the promotion order. */
export function environmentBuildPurposes(isFirstEnvironment: boolean): readonly BuildPurpose[] {
  return isFirstEnvironment ? FIRST_ENVIRONMENT_PURPOSES : LATER_ENVIRONMENT_PURPOSES;
}

/** Purposes whose projects install dependencies, and so read CodeArtifact when the service uses it. */
export const CODEARTIFACT_READ_PURPOSES: readonly BuildPurpose[] = ['build', 'unit-test', 'integration-test'];

/** Short forms keep role names within IAM's 64 characters for the longest prefix, environment and service. */
const PURPOSE_SHORT: Readonly<Record<BuildPurpose, string>> = {
  build: 'build',
  'unit-test': 'unit',
  'integration-test': 'integ',
  'security-scan': 'scan',
  validate: 'validate',
};

/** Name of a service's CodeBuild project for `purpose`, e.g. `acme-dev-orders-api-unit-test`. */
export function buildProjectName(prefix: string, environment: string, service: string, purpose: BuildPurpose): string {
  return physicalName([prefix, environment, service, purpose], 150);
}

/** Name of the IAM role of that project, e.g. `acme-dev-orders-api-unit-cb` (at most 64 characters). */
export function buildRoleName(prefix: string, environment: string, service: string, purpose: BuildPurpose): string {
  return physicalName([prefix, environment, service, PURPOSE_SHORT[purpose], 'cb'], 64);
}

/**
 * An `ArnLike` pattern of the role names `buildRoleName` gives one purpose in one environment, for every
 * service: `<prefix>-<env>-*-<purpose>-cb`. Used where listing each role would outgrow a policy's size limit.
 */
export function buildRoleNamePattern(prefix: string, environment: string, purpose: BuildPurpose): string {
  return `${physicalName([prefix, environment])}-*-${PURPOSE_SHORT[purpose]}-cb`;
}

/** ARN of an IAM role (no path) in `accountId`. */
export function iamRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** Where a CodeArtifact domain lives: the account that owns it and its region. */
export interface CodeArtifactLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly domain: string;
}

/** Name of the internal repository of `ecosystem` (what builds read and releases publish to). */
export function codeArtifactRepositoryName(ecosystem: string): string {
  return physicalName([ecosystem, 'internal'], 100);
}

/** Name of the proxy repository that caches `ecosystem`'s public registry. */
export function codeArtifactProxyName(ecosystem: string): string {
  return physicalName([ecosystem, 'upstream'], 100);
}

export function codeArtifactDomainArn(at: CodeArtifactLocation): string {
  return `arn:${at.partition}:codeartifact:${at.region}:${at.accountId}:domain/${at.domain}`;
}

export function codeArtifactRepositoryArn(at: CodeArtifactLocation, repository: string): string {
  return `arn:${at.partition}:codeartifact:${at.region}:${at.accountId}:repository/${at.domain}/${repository}`;
}
