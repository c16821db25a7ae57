import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { Construct } from '../core';

export interface AccessAnalyzerProps {
  /** Name of the external-access analyzer; the unused-access analyzer gets `-unused` appended. */
  readonly analyzerName: string;
  /** Also analyse unused access: roles, keys and permissions unused for this many days (1-365). @default off */
  readonly unusedAccessAgeDays?: number;
}

/**
 * IAM Access Analyzer for one account: an ACCOUNT analyzer that reports resources shared outside the
 * account, and optionally an ACCOUNT_UNUSED_ACCESS analyzer (a paid feature).
 */
export class AccessAnalyzer extends Construct {
  readonly external: AccessanalyzerAnalyzer;
  readonly unused?: AccessanalyzerAnalyzer;

  constructor(scope: Construct, id: string, props: AccessAnalyzerProps) {
    super(scope, id);
    const age = props.unusedAccessAgeDays;
    if (age !== undefined && (!Number.isInteger(age) || age < 1 || age > 365)) {
      throw new Error(`AccessAnalyzer ${this.node.path}: unusedAccessAgeDays must be a whole number of days, 1-365 (got ${age})`);
    }
    this.external = new AccessanalyzerAnalyzer(this, 'account', { analyzerName: props.analyzerName, type: 'ACCOUNT' });
    if (age !== undefined) {
      this.unused = new AccessanalyzerAnalyzer(this, 'unused', {
        analyzerName: `${props.analyzerName}-unused`,
        type: 'ACCOUNT_UNUSED_ACCESS',
        configuration: { unusedAccess: { unusedAccessAge: age } },
      });
    }
  }
}
