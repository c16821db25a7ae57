import { z } from 'zod';
import { SecurityBaselineSchema } from './security';
import { AccountId, Email, EnvironmentName, GitHubLogin, IamRoleName, LogRetentionDays, Region, Tags, TeamSlug } from './common';
import { StackGroupsSchema } from './stack-groups';
import { MonitoringSchema } from './monitoring';
import { AccountAccessFields, IamRoleArn } from './access';

/** CodeBuild compute types: EC2-backed (general) and Lambda-backed (cheap, fast start, for light jobs). */
export const BUILD_COMPUTE_TYPES = [
  'BUILD_GENERAL1_SMALL',
  'BUILD_GENERAL1_MEDIUM',
  'BUILD_GENERAL1_LARGE',
  'BUILD_GENERAL1_XLARGE',
  'BUILD_GENERAL1_2XLARGE',
  'BUILD_LAMBDA_1GB',
  'BUILD_LAMBDA_2GB',
  'BUILD_LAMBDA_4GB',
  'BUILD_LAMBDA_8GB',
  'BUILD_LAMBDA_10GB',
] as const;
export const BuildComputeType = z.enum(BUILD_COMPUTE_TYPES);

export const BuildSettingsSchema = z.strictObject({
  /** Compute for builds and tests. */
  computeType: BuildComputeType,
  /** Compute for light jobs (lint, validate, smoke tests): a Lambda size is the cheap choice. */
  lightComputeType: BuildComputeType,
  /** CPU architecture of build hosts; arm64 (Graviton) costs less for the same work. @default 'arm64' */
  architecture: z.enum(['x86_64', 'arm64']).default('arm64'),
  /** Build timeout in minutes (CodeBuild allows 5-2160). @default 60 */
  timeoutMinutes: z.number().int().min(5).max(2160).default(60),
  /** Minutes a build may wait in the queue (CodeBuild allows 5-480). @default 120 */
  queuedTimeoutMinutes: z.number().int().min(5).max(480).default(120),
  /** Builds of one project that may run at once. @default 5 */
  concurrentBuildLimit: z.number().int().min(1).max(100).default(5),
});

export const ApprovalSchema = z.strictObject({
  /** Whether a person must approve before this environment is changed. */
  required: z.boolean(),
  /** GitHub teams whose members may approve. */
  reviewerTeams: z.array(TeamSlug).default([]),
  /** GitHub users who may approve. */
  reviewerUsers: z.array(GitHubLogin).default([]),
  /**
   * The approvers' AWS identities: exact IAM role ARNs (e.g. their IAM Identity Center roles) that may assume the
   * environment's approver role (`<prefix>-<env>-approver`, created by `<env>-access`), the only role allowed to
   * approve its pipelines' approval actions. Required where a pipeline stops for approval in this environment
   * (`required`, or a `gated` pipeline). @default []
   */
  approverRoleArns: z.array(IamRoleArn).default([]),
  /** Minutes GitHub waits before a deployment job may start (0-43200). @default 0 */
  waitTimerMinutes: z.number().int().min(0).max(43200).default(0),
});

export const AlarmThresholdsSchema = z.strictObject({
  /** Error rate in percent that raises the alarm (and rolls a deployment back). */
  errorRatePercent: z.number().min(0.1).max(100),
  /** 5xx responses per period that raise the alarm. */
  http5xxCount: z.number().int().min(1),
  /** p99 latency in milliseconds that raises the alarm. */
  p99LatencyMs: z.number().int().min(1),
  /** Periods that must breach before the alarm fires. @default 3 */
  evaluationPeriods: z.number().int().min(1).max(100).default(3),
  /** Period length in seconds. @default 60 */
  periodSeconds: z.union([z.literal(10), z.literal(30), z.literal(60), z.literal(300), z.literal(900), z.literal(3600)]).default(60),
});

export const EnvironmentSchema = z.strictObject({
  /** The environment's name; it must match its file name and its place in `promotionOrder`. */
  name: EnvironmentName,
  /** The AWS account this environment lives in, alone. */
  account: z.strictObject({
    id: AccountId,
    region: Region,
    /** Role Terraform assumes in this account to deploy it. */
    deployRoleName: IamRoleName,
    /** The plan role and the Terraform role's administrators (environments/schema/access.ts). */
    ...AccountAccessFields,
  }),
  /** Approval before changes reach this environment (pipelines and the GitHub deployment environment). */
  approval: ApprovalSchema,
  /** Build compute and limits. */
  build: BuildSettingsSchema,
  /** Retention of every log group in this environment. */
  logRetentionDays: LogRetentionDays,
  /** Days a build artifact is kept in the artifact store before it expires. */
  artifactRetentionDays: z.number().int().min(1).max(3650),
  /** Alarm thresholds for deployments and services. */
  alarms: AlarmThresholdsSchema,
  /**
   * How a pipeline handles a new execution while one runs: SUPERSEDED (dev) or QUEUED (prod). Not PARALLEL:
   * CodePipeline has no stage rollback in PARALLEL mode, and every deploy stage here rolls back on failure.
   */
  pipelineExecutionMode: z.enum(['SUPERSEDED', 'QUEUED']),
  /** Addresses subscribed to the environment's notification topic. @default [] */
  notificationEmails: z.array(Email).default([]),
  /**
   * Protect stateful resources (artifact stores, keys) with `prevent_destroy`. On by default; turn it off
   * only for a throw-away environment.
   * @default true
   */
  protectStatefulResources: z.boolean().default(true),
  /** Tags on every resource of this environment. @default {} */
  tags: Tags.default({}),
  /** GuardDuty and Access Analyzer of the account (environments/schema/security.ts). @default all on */
  securityBaseline: SecurityBaselineSchema.prefault({}),
  /** Services split out into stacks of their own, by team (`<environment>-<group>`). @default [] */
  stackGroups: StackGroupsSchema,
  /** Pipeline alarms and the audit trail. @default every field's default */
  monitoring: MonitoringSchema.prefault({}),
});

export type EnvironmentInput = z.input<typeof EnvironmentSchema>;
export type EnvironmentConfig = z.output<typeof EnvironmentSchema>;
