import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { accountRootArn } from '../core';

/**
 * A trust statement for roles that may not exist yet: their accounts' root principals, pinned to exactly those
 * roles by `aws:PrincipalArn` (IAM refuses a trust policy naming a role that does not exist).
 */
export function trustedThroughRoot(partition: string, sid: string, roleArns: readonly string[]): DataAwsIamPolicyDocumentStatement {
  const wild = roleArns.find((arn) => arn.includes('*') || !/^arn:[a-z-]+:iam::\d{12}:role\/./.test(arn));
  if (wild !== undefined) throw new Error(`trust ${sid}: role ARNs must be exact, without wildcards (got "${wild}")`);
  const sorted = [...new Set(roleArns)].sort();
  const accounts = [...new Set(sorted.map((arn) => arn.split(':')[4]))].sort();
  return {
    sid,
    effect: 'Allow',
    actions: ['sts:AssumeRole'],
    principals: [{ type: 'AWS', identifiers: accounts.map((account) => accountRootArn(partition, account)) }],
    condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: sorted }],
  };
}
