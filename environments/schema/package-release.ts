import { z } from 'zod';

/** A GitHub deployment environment name (what the OIDC `sub` carries as `environment:<name>`). */
const GithubEnvironmentName = z.string().regex(/^[A-Za-z0-9._-]{1,255}$/, {
  error: 'must be a GitHub environment name: letters, digits, ".", "_" or "-" (it becomes the OIDC subject environment:<name>)',
});

/** A tag name pattern GitHub matches (fnmatch), e.g. `v*`. */
const TagPattern = z.string().regex(/^[^\s]{1,255}$/, { error: 'must be a tag name pattern without spaces, e.g. "v*"' });

/** What a service publishes to the organisation's CodeArtifact domain (`packages` of a service in services.ts). */
export const ServicePackagesSchema = z
  .strictObject({
    /**
     * Publish packages of the service's build ecosystem to that ecosystem's internal repository, from release
     * tags, as the CodeArtifact release role (organisation.codeArtifact.releaseRole). The service must be on
     * GitHub and its ecosystem among organisation.codeArtifact.ecosystems. @default false
     */
    publish: z.boolean().default(false),
  })
  .prefault({});

/**
 * How release jobs reach the release role: fields of organisation.codeArtifact.releaseRole. The role trusts
 * exactly `repo:<owner>/<repository>:environment:<githubEnvironment>` of each publishing service, and the platform
 * creates that environment in each such repository, open to the tags of `tagPatterns` only.
 */
export const ReleaseTrustFields = {
  /** The GitHub deployment environment release jobs run in. @default 'release' */
  githubEnvironment: GithubEnvironmentName.default('release'),
  /** Tags that may deploy to it (its deployment tag policy); no branch may. @default ['v*'] */
  tagPatterns: z
    .array(TagPattern)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { error: 'must name each pattern once' })
    .default(['v*']),
} as const;

export type ServicePackagesConfig = z.output<typeof ServicePackagesSchema>;
