import type { PolicyRule } from '../rule';

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

/** Policy ARNs a resource attaches, whatever the attachment resource. */
function attachedArns(config: Readonly<Record<string, unknown>>): string[] {
  const values = [
    config.policy_arn,
    ...((config.managed_policy_arns as unknown[] | undefined) ?? []),
    ...((config.policy_arns as unknown[] | undefined) ?? []),
  ];
  return values.filter((v): v is string => typeof v === 'string');
}

export const iamNoAwsManagedPolicies: PolicyRule = {
  id: 'PLAT-IAM-101',
  level: 'error',
  description: 'IAM roles carry no AWS managed policy, unless a suppression says why it is the documented way',
  reason:
    'AWS managed policies grant service-wide access and change without review; a scoped inline policy shows exactly what a role can do',
  appliesTo: ['aws_iam_role_policy_attachment', 'aws_iam_role', 'aws_iam_role_policy_attachments_exclusive', 'aws_iam_policy_attachment'],
  check(resource) {
    return attachedArns(resource.config)
      .filter((arn) => AWS_MANAGED.test(arn))
      .map((arn) => `attaches the AWS managed policy ${arn.replace(/^.*:policy\//, '')}`);
  },
};
