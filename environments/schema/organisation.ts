import { z } from 'zod';
import { PermissionsBoundarySchema } from './security';
import { AccountId, EnvironmentName, GitHubLogin, IamRoleName, Region, S3BucketName, Tags } from './common';
import { RepositoryName, SourceControlSchema } from './source-control';
import { CodeArtifactSchema } from './packages';
import { PlatformEnvironmentSchema } from './access';
import { ManagementAccessFields, StateReadFields } from './management-access';

/** How Terraform locks the remote state. */
export const StateLocking = z.enum(['dynamodb', 's3', 'both']);

/** Where the remote state lives: one bucket, one lock table, one key, in the management account. */
export const StateBackendSchema = z.strictObject({
  /** Globally unique S3 bucket name for every stack's state. */
  bucketName: S3BucketName,
  /** DynamoDB table used for state locks. */
  lockTableName: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: 'must be a DynamoDB table name (3-255 of A-Za-z0-9_.-)' }),
  /** Alias (without `alias/`) of the customer key that encrypts the state. */
  kmsKeyAlias: z.string().regex(/^[A-Za-z0-9/_-]{1,250}$/, { error: 'must be a KMS alias name without the "alias/" prefix' }),
  /** Role in the management account that Terraform assumes to read and write state. */
  roleName: IamRoleName,
  /** The read-only state role of plans (environments/schema/management-access.ts). */
  ...StateReadFields,
  /**
   * `dynamodb`: the lock table (any Terraform); `s3`: S3-native lock files (`use_lockfile`, Terraform >= 1.11,
   * which deprecates DynamoDB locking); `both`: both at once, the migration step between the two.
   * @default 'dynamodb'
   */
  locking: StateLocking.default('dynamodb'),
  /** Days a superseded state version is kept before it expires. @default 90 */
  noncurrentVersionRetentionDays: z.number().int().min(7).max(3650).default(90),
  /**
   * Whether the bootstrap stack's own state has been migrated into the bucket it creates.
   * Leave false for the first apply; see docs/bootstrap-and-access.md ("Bootstrap the state").
   * @default false
   */
  bootstrapMigrated: z.boolean().default(false),
});

export const OrganisationSchema = z.strictObject({
  /** Short prefix of every physical name, e.g. "acme". */
  prefix: z.string().regex(/^[a-z][a-z0-9]{1,9}$/, { error: 'must be 2-10 lower-case letters or digits, starting with a letter' }),
  /** The AWS partition of every account. @default 'aws' */
  partition: z.enum(['aws', 'aws-us-gov', 'aws-cn']).default('aws'),
  /** The management (shared services) account: state backend and the org-wide `platform` stack. */
  management: z.strictObject({
    accountId: AccountId,
    region: Region,
    /** Role Terraform assumes in the management account (the platform stack's provider; `management-access` creates it). */
    deployRoleName: IamRoleName,
    /** The plan role and the administrators (environments/schema/management-access.ts). */
    ...ManagementAccessFields,
    /**
     * Days the management account's audit trail (bootstrap: management events and the state bucket's object access)
     * keeps its log files, and its CloudWatch Logs group its events. @default 365
     */
    auditRetentionDays: z.number().int().min(365).max(3650).default(365),
  }),
  github: z.strictObject({
    /** Organisation (or user) that owns every repository. The token comes only from GITHUB_TOKEN. */
    owner: GitHubLogin,
    /** The repository holding this GitOps code: OIDC trust and workflows refer to it. */
    platformRepository: RepositoryName,
    /**
     * Id of the read-only GitHub App every plan reads GitHub with (docs/workflows.md, "The plan environment"); the
     * platform stack puts it in the `plan` environment, whose secret PLAN_APP_PRIVATE_KEY holds its key.
     * @default none: plans fail with a message saying to set it
     */
    planAppId: z.number().int().positive().optional(),
  }),
  stateBackend: StateBackendSchema,
  /** Environments in the order an artifact is promoted through them; each has a file in environments/. */
  promotionOrder: z.array(EnvironmentName).min(1, { error: 'must name at least one environment' }),
  /** GitHub teams, repository defaults and the OIDC deploy role (docs/source-control.md). */
  sourceControl: SourceControlSchema.prefault({}),
  /** The platform repository's `platform` deployment environment (environments/schema/access.ts). */
  platformEnvironment: PlatformEnvironmentSchema.prefault({}),
  /** Tags on every resource of every stack (merged under each environment's own tags). */
  tags: Tags.default({}),
  /** The permissions boundary of every role, in every account (environments/schema/security.ts). */
  permissionsBoundary: PermissionsBoundarySchema.prefault({}),
  /** The CodeArtifact domain and repositories (see schema/packages.ts). @default npm, PyPI and Maven */
  codeArtifact: CodeArtifactSchema.prefault({}),
});

export type OrganisationInput = z.input<typeof OrganisationSchema>;
export type Organisation = z.output<typeof OrganisationSchema>;
export type StateBackendSettings = z.output<typeof StateBackendSchema>;
