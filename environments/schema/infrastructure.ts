import { z } from 'zod';
import { IamRoleName } from './common';
import { IamAction } from './security';

/**
 * A service's own infrastructure, planned and applied by two CodeBuild projects of its pipeline
 * (`<prefix>-<env>-<service>-iac-plan` and `-iac-apply`, stacks/compose/infrastructure-builds.ts): the plan
 * project runs init + plan and hands the saved plan on as an artifact, the apply project applies exactly it.
 */

/** Tools that plan and apply a service's infrastructure. */
export const INFRASTRUCTURE_TOOLS = ['terraform', 'cdktf'] as const;

const ExactVersion = z.string().regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/, { error: 'must be an exact version such as "1.11.4" (no range)' });

/** A directory inside the pipeline's artifact: relative, no `..`, no leading or trailing `/`. */
const ArtifactDirectory = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/, {
    error: 'must be a relative directory such as "infrastructure" or "deploy/terraform" (no "..", no leading or trailing "/")',
  })
  .max(200);

export const InfrastructureSchema = z.strictObject({
  /** `terraform`: a Terraform configuration; `cdktf`: a CDKTF app, synthesized and then planned with Terraform. */
  tool: z.enum(INFRASTRUCTURE_TOOLS),
  /** The configuration (terraform) or app (cdktf) directory, relative to the artifact's root. @default 'infrastructure' */
  directory: ArtifactDirectory.default('infrastructure'),
  /** Terraform CLI version both projects install (checksum-verified). @default '1.11.4' (this repository's .terraform-version) */
  terraformVersion: ExactVersion.default('1.11.4'),
  /** cdktf-cli version that synthesizes the app (tool `cdktf` only). @default '0.21.0' */
  cdktfVersion: ExactVersion.optional(),
  /** The CDKTF stack to plan and apply (tool `cdktf` only). @default the service name */
  stack: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, { error: 'must be a CDKTF stack name (letters, digits, "_" and "-")' })
    .optional(),
  /**
   * Role the plan project assumes in the environment's account, when the team brings its own (never a platform
   * role: the loader refuses one). @default the service's own plan role, which the environment stack creates
   * (`<prefix>-<env>-<service>-iac-plan-tf`): read-only, with the environment's permissions boundary
   */
  planRoleName: IamRoleName.optional(),
  /**
   * Role the apply project assumes in the environment's account, when the team brings its own (never a platform
   * role). @default the service's own apply role (`<prefix>-<env>-<service>-iac-apply-tf`): `actions` on the
   * service's own resources, with the environment's permissions boundary
   */
  applyRoleName: IamRoleName.optional(),
  /**
   * What the service's own roles may call, on resources named `<prefix>-<service>-*` only (ARNs per service:
   * modules/core/service-resources.ts). The plan role gets the reads among them (Get, List, Describe). Each must be
   * allowed by the permissions boundary (`organisation.permissionsBoundary.additionalActions`). @default none
   */
  actions: z.array(IamAction).default([]),
});

export type InfrastructureConfig = z.output<typeof InfrastructureSchema>;
