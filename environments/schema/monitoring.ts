import { z } from 'zod';

/** Pipeline monitoring and the audit trail of one environment. */
export const MonitoringSchema = z.strictObject({
  /** Days CloudTrail log files are kept in the audit bucket before they expire. @default 365 */
  auditRetentionDays: z.number().int().min(90).max(3650).default(365),
  /** Failed builds in one 5-minute period that raise the failed-builds alarm. @default 1 */
  failedBuildsThreshold: z.number().int().min(1).max(1000).default(1),
  /** Failed deployments in one 5-minute period that raise the failed-deployments alarm. @default 1 */
  failedDeploymentsThreshold: z.number().int().min(1).max(1000).default(1),
});

export type MonitoringConfig = z.output<typeof MonitoringSchema>;
