import { z } from 'zod';
import { TeamSlug } from './common';
import { ServiceBuildSchema } from './build';

/** One service of the catalogue: its source repository, owner and how it is built and shipped. */
export const ServiceSchema = z.strictObject({
  /** Short name, used in every physical name of the service's resources. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,24}[a-z0-9]$/, {
    error: 'must be 3-26 lower-case letters, digits or hyphens, starting with a letter',
  }),
  /** One line on what the service does. */
  description: z.string().min(1).max(200),
  /** The GitHub team that owns the service. */
  team: TeamSlug,
  /** GitHub repository name. @default the service name */
  repository: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'must be a GitHub repository name (letters, digits, ".", "_", "-")' })
    .optional(),
  /** How CodeBuild builds, tests and scans the service (see schema/build.ts). @default npm, S3 cache, no Docker */
  build: ServiceBuildSchema.prefault({}),
});

export type ServiceInput = z.input<typeof ServiceSchema>;
export type ServiceConfig = z.output<typeof ServiceSchema>;
