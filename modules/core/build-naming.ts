/**
 * Vocabulary of a service's build projects: their purposes, and which of them read CodeArtifact. Which
 * purposes run in which environment is the model's (model/platform-model.ts); names are model/names.ts.
 */

import type { BuildPurpose } from '../../vocabulary/build-purposes';
// defined in the shared vocabulary: the schema (environments/) validates against it too
export { BUILD_PURPOSES, type BuildPurpose } from '../../vocabulary/build-purposes';

/** Purposes whose projects install dependencies, and so read CodeArtifact when the service uses it. */
export const CODEARTIFACT_READ_PURPOSES: readonly BuildPurpose[] = ['build', 'unit-test', 'integration-test'];

/** Where a CodeArtifact domain lives: the account that owns it and its region. */
export interface CodeArtifactLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly domain: string;
}
