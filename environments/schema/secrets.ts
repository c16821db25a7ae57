import { z } from 'zod';
import { BUILD_PURPOSES } from '../../vocabulary/build-purposes';
import { IamRoleName } from './common';

/**
 * Secrets a service needs, declared by name and purpose, never by value. The platform creates each one
 * in the Secrets Manager of every environment where one of its readers exists (encrypted with the environment
 * key; a build purpose only the first environment runs, such as unit-test, is no reader in later ones); a
 * person or a rotation function sets the value. Builds and deployments read a secret by reference (its ARN), never by value.
 */

/** Short name of a secret, unique within its service. */
export const SecretName = z.string().regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, {
  error: 'must be 3-40 lower-case letters, digits or hyphens, starting with a letter',
});

/** A purpose of a service's CodeBuild project, whose role reads the secret. */
export const BuildPurpose = z.enum(BUILD_PURPOSES);

/** Who may read a secret: build roles of the service and other roles of the environment account, by name. */
export const SecretReadersSchema = z
  .strictObject({
    /** Build purposes of this service whose CodeBuild role reads the secret. @default [] */
    builds: z.array(BuildPurpose).default([]),
    /** Other roles of the environment account that read it (e.g. an ECS task execution role). @default [] */
    roles: z.array(IamRoleName).default([]),
  })
  .refine((r) => r.builds.length + r.roles.length > 0, { error: 'must name at least one reader in builds or roles' });

/** Automatic rotation by a Lambda function of the environment account. */
export const SecretRotationSchema = z.strictObject({
  /** Name of the rotation function; it exists in each environment's account and region. */
  functionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a Lambda function name (not an ARN)' }),
  /** Execution role of that function: the one principal besides the readers that may read the secret. */
  executionRole: IamRoleName,
  /** Days between rotations (1-1000). */
  days: z.number().int().min(1).max(1000),
});

/** Why a secret is not rotated automatically (a third-party token with no rotation API, say). */
export const SecretRotationExemptionSchema = z.strictObject({
  /** The reason, shown in the synth report next to the suppressed rotation finding. */
  exempt: z.string().trim().min(20, { error: 'must say why the secret cannot be rotated, in at least 20 characters' }),
});

/** The answer to a `value` key on a secret: where the value goes instead. */
export const SECRET_VALUE_ERROR =
  'secret values never belong in config (every reader of this repository, its CI and the Terraform state would see it); ' +
  'delete the value here and set it in Secrets Manager after the deploy creates the secret ' +
  '(aws secretsmanager put-secret-value --secret-id <prefix>/<environment>/<service>/<name>), and rotate it if it was ever committed';

export const SecretSchema = z.strictObject({
  name: SecretName,
  /** What the secret is for, in one line (becomes the secret's description). */
  purpose: z.string().min(1).max(200),
  readers: SecretReadersSchema,
  /** A rotation function and interval, or the documented reason there is none. */
  rotation: z.union([SecretRotationSchema, SecretRotationExemptionSchema]),
  /** Never set: a secret's value is set in Secrets Manager, never here (the error says how). */
  value: z.never({ error: SECRET_VALUE_ERROR }).optional(),
});

/** The secrets of one service, each name once. */
export const ServiceSecretsSchema = z
  .array(SecretSchema)
  .default([])
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, { error: 'secret names must be unique within a service' });

export type SecretInput = z.input<typeof SecretSchema>;
export type SecretConfig = z.output<typeof SecretSchema>;
export type SecretRotation = z.output<typeof SecretRotationSchema>;

/** True when `rotation` names a rotation function (false for an exemption). */
export function isRotated(rotation: SecretConfig['rotation']): rotation is SecretRotation {
  return 'functionName' in rotation;
}
