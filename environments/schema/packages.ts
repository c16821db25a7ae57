import { z } from 'zod';
import { AccountId, IamRoleName } from './common';
import { Ecosystem } from './build';
import { ReleaseTrustFields } from './package-release';

/** The organisation's CodeArtifact domain, in the management account (platform stack). */
export const CodeArtifactSchema = z.strictObject({
  /** Domain name (2-50 lower-case letters, digits, hyphens). @default '<prefix>-packages' */
  domain: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,48}[a-z0-9]$/, { error: 'must be a CodeArtifact domain name: 2-50 lower-case letters, digits or hyphens' })
    .optional(),
  /** Ecosystems with an internal repository and a proxy of the public registry. @default ['npm', 'pypi', 'maven'] */
  ecosystems: z
    .array(Ecosystem)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { error: 'must name each ecosystem once' })
    .default(['npm', 'pypi', 'maven']),
  /** The only principal that may publish packages: a role (no path) in `accountId`. */
  releaseRole: z
    .strictObject({
      /** @default the management account */
      accountId: AccountId.optional(),
      /** @default 'package-release' */
      roleName: IamRoleName.default('package-release'),
      /** Which GitHub jobs may assume it (environments/schema/package-release.ts). */
      ...ReleaseTrustFields,
    })
    .prefault({}),
});

export type CodeArtifactInput = z.input<typeof CodeArtifactSchema>;
export type CodeArtifactConfig = z.output<typeof CodeArtifactSchema>;
