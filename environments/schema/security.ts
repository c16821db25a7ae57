import { z } from 'zod';

/**
 * The security baseline of an environment account: GuardDuty with its findings routed to the
 * environment's notification topic, and IAM Access Analyzer. Each part is on by default; switch one off
 * only where the organisation already runs it centrally (a GuardDuty delegated administrator, an
 * organisation-level analyzer).
 */

/** GuardDuty finding severities, as the lower bound of the numeric range GuardDuty reports. */
export const GUARDDUTY_SEVERITY_FLOOR = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 } as const;

/** Runtime Monitoring agents GuardDuty may install and manage. */
export const GUARDDUTY_RUNTIME_AGENTS = ['ECS_FARGATE', 'EC2', 'EKS'] as const;

export const GuardDutyProtectionsSchema = z.strictObject({
  /** S3 Protection: data events on every bucket. @default true */
  s3DataEvents: z.boolean().default(true),
  /** Malware Protection for EC2: scans EBS volumes of instances with findings. @default true */
  ebsMalwareProtection: z.boolean().default(true),
  /** Runtime Monitoring of ECS, EC2 (and EKS) workloads. @default true */
  runtimeMonitoring: z.boolean().default(true),
  /** Lambda Protection: network activity of functions. @default true */
  lambdaNetworkLogs: z.boolean().default(true),
  /** EKS audit log monitoring (this platform runs no EKS by default). @default false */
  eksAuditLogs: z.boolean().default(false),
  /** RDS login activity monitoring. @default false */
  rdsLoginEvents: z.boolean().default(false),
});

export const GuardDutySchema = z.strictObject({
  /**
   * Create this account's detector. Set false where a delegated administrator enables GuardDuty for the
   * organisation (the detector exists already and a second one fails).
   * @default true
   */
  enabled: z.boolean().default(true),
  /** How often updated findings are published. @default 'FIFTEEN_MINUTES' */
  findingPublishingFrequency: z.enum(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS']).default('FIFTEEN_MINUTES'),
  /** Protection plans enabled on the detector. */
  protections: GuardDutyProtectionsSchema.prefault({}),
  /** Agents Runtime Monitoring installs and manages. @default ['ECS_FARGATE', 'EC2'] */
  runtimeAgents: z.array(z.enum(GUARDDUTY_RUNTIME_AGENTS)).default(['ECS_FARGATE', 'EC2']),
  /** Route findings of this account's event bus to the environment topic. Works with a central detector too. */
  notify: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** Lowest severity that is sent. @default 'MEDIUM' */
      minimumSeverity: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).default('MEDIUM'),
    })
    .prefault({}),
});

export const AccessAnalyzerSchema = z.strictObject({
  /** Create an account analyzer (external access). Set false where an organisation analyzer covers it. @default true */
  enabled: z.boolean().default(true),
  /**
   * Also create an unused-access analyzer reporting roles, keys and permissions unused for this many days
   * (a paid feature). @default off
   */
  unusedAccessAgeDays: z.number().int().min(1).max(365).optional(),
});

export const SecurityBaselineSchema = z.strictObject({
  guardDuty: GuardDutySchema.prefault({}),
  accessAnalyzer: AccessAnalyzerSchema.prefault({}),
});

/** An IAM action without wildcards, e.g. `xray:PutTraceSegments`. */
export const IamAction = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, {
  error: 'must be one IAM action such as "xray:PutTraceSegments" (no wildcards)',
});

/** Organisation-wide: the permissions boundary every role of the platform carries, in every account. */
export const PermissionsBoundarySchema = z.strictObject({
  /** Actions the boundary allows beyond the platform's own catalogue (modules/permissions-boundary). @default [] */
  additionalActions: z.array(IamAction).default([]),
});

export type SecurityBaselineConfig = z.output<typeof SecurityBaselineSchema>;
export type SecurityBaselineInput = z.input<typeof SecurityBaselineSchema>;
export type PermissionsBoundarySettings = z.output<typeof PermissionsBoundarySchema>;
