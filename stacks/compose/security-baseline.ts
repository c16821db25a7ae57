import { AccessAnalyzer } from '../../modules/access-analyzer';
import { EventRoute } from '../../modules/event-route';
import { GuardDutyDetector, type GuardDutyFeature } from '../../modules/guardduty';
import type { PermissionsBoundary } from '../../modules/permissions-boundary';
import { GUARDDUTY_SEVERITY_FLOOR, accessAnalyzerName, guardDutyFindingsRuleName, type SecurityBaselineConfig } from '../../model';
import type { EnvironmentStack } from '../environment-stack';
import { composeOwnPermissionsBoundary } from './permissions-boundary';

/** What the security baseline of one environment account consists of (absent parts are switched off). */
export interface SecurityBaseline {
  readonly permissionsBoundary: PermissionsBoundary;
  readonly guardDuty?: GuardDutyDetector;
  readonly findingsRoute?: EventRoute;
  readonly accessAnalyzer?: AccessAnalyzer;
}

/** The GuardDuty feature names of the protections config enables. */
export function guardDutyFeatures(protections: SecurityBaselineConfig['guardDuty']['protections']): GuardDutyFeature[] {
  const byFlag: Record<keyof typeof protections, GuardDutyFeature> = {
    s3DataEvents: 'S3_DATA_EVENTS',
    ebsMalwareProtection: 'EBS_MALWARE_PROTECTION',
    runtimeMonitoring: 'RUNTIME_MONITORING',
    lambdaNetworkLogs: 'LAMBDA_NETWORK_LOGS',
    eksAuditLogs: 'EKS_AUDIT_LOGS',
    rdsLoginEvents: 'RDS_LOGIN_EVENTS',
  };
  return (Object.keys(byFlag) as (keyof typeof protections)[]).filter((flag) => protections[flag]).map((flag) => byFlag[flag]);
}

/**
 * The account security baseline of an environment: the permissions boundary of every role, GuardDuty
 * with its findings routed to the environment topic, and IAM Access Analyzer, as
 * `environment.securityBaseline` says.
 */
export function composeSecurityBaseline(stack: EnvironmentStack): SecurityBaseline {
  const { environment } = stack;
  const { guardDuty, accessAnalyzer } = environment.securityBaseline;
  const prefix = stack.organisation.prefix;

  const permissionsBoundary = composeOwnPermissionsBoundary(stack);

  const detector = guardDuty.enabled
    ? new GuardDutyDetector(stack, 'guardduty', {
        features: guardDutyFeatures(guardDuty.protections),
        runtimeAgents: guardDuty.protections.runtimeMonitoring ? guardDuty.runtimeAgents : [],
        findingPublishingFrequency: guardDuty.findingPublishingFrequency,
      })
    : undefined;

  const findingsRoute = guardDuty.notify.enabled
    ? new EventRoute(stack, 'guardduty-findings', {
        ruleName: guardDutyFindingsRuleName(prefix, environment.name),
        description: `GuardDuty findings of severity ${guardDuty.notify.minimumSeverity} or higher in ${environment.name}, to the notification topic`,
        eventPattern: {
          source: ['aws.guardduty'],
          'detail-type': ['GuardDuty Finding'],
          detail: { severity: [{ numeric: ['>=', GUARDDUTY_SEVERITY_FLOOR[guardDuty.notify.minimumSeverity]] }] },
        },
        topicArn: stack.notifications.arn,
      })
    : undefined;

  const analyzer = accessAnalyzer.enabled
    ? new AccessAnalyzer(stack, 'access-analyzer', {
        analyzerName: accessAnalyzerName(prefix, environment.name),
        unusedAccessAgeDays: accessAnalyzer.unusedAccessAgeDays,
      })
    : undefined;

  return { permissionsBoundary, guardDuty: detector, findingsRoute, accessAnalyzer: analyzer };
}
