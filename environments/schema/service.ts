import { z } from 'zod';
import { TeamSlug } from './common';
import { PipelineSchema } from './pipeline';
import { RepositoryName, ServiceRepositorySchema } from './source-control';
import { DeploySchema } from './deploy';
import { ServiceSecretsSchema } from './secrets';
import { ServiceBuildSchema } from './build';
import { ServicePackagesSchema } from './package-release';

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
  repository: RepositoryName.optional(),
  /** The service repository's settings (visibility, reviews, topics, team access). @default the organisation's */
  github: ServiceRepositorySchema.prefault({}),
  /** How the service is deployed (CodeDeploy target, strategy per environment, rollback alarms). @default not deployed */
  deploy: DeploySchema.optional(),
  /** Secrets the service's builds and deployments read, by name and purpose (environments/schema/secrets.ts). @default [] */
  secrets: ServiceSecretsSchema,
  /** How CodeBuild builds, tests and scans the service (see schema/build.ts). @default npm, S3 cache, no Docker */
  build: ServiceBuildSchema.prefault({}),
  /** What the service publishes to CodeArtifact, from release tags (schema/package-release.ts). @default publishes nothing */
  packages: ServicePackagesSchema,
  /** How CodePipeline ships the service; without it the service has no pipeline. @default none */
  pipeline: PipelineSchema.optional(),
});

export type ServiceInput = z.input<typeof ServiceSchema>;
export type ServiceConfig = z.output<typeof ServiceSchema>;
