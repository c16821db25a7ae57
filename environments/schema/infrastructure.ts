import { z } from 'zod';
import { IamRoleName } from './common';

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
  /** Role the plan project assumes in the environment's account (read-only suffices). @default the environment's account.deployRoleName */
  planRoleName: IamRoleName.optional(),
  /** Role the apply project assumes in the environment's account. @default the environment's account.deployRoleName */
  applyRoleName: IamRoleName.optional(),
});

export type InfrastructureConfig = z.output<typeof InfrastructureSchema>;
