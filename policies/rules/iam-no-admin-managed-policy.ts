import type { PolicyRule } from '../rule';

/** AWS managed policies that grant (or let a holder grant itself) administrator access. */
const FORBIDDEN = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'AWSCodeBuildAdminAccess', 'AWSCodePipeline_FullAccess'];
const FORBIDDEN_ARN = new RegExp(`^arn:[a-z-]+:iam::aws:policy/(?:.*/)?(${FORBIDDEN.join('|')})$`);

export const iamNoAdminManagedPolicy: PolicyRule = {
  id: 'PLAT-IAM-004',
  counterpart: 'CKV_AWS_274',
  level: 'error',
  description: 'No role, user or group gets AdministratorAccess, PowerUserAccess, IAMFullAccess or a service full-access policy',
  reason: 'These grant far more than any pipeline or build needs; a compromised build would own the account',
  appliesTo: [
    'aws_iam_role_policy_attachment',
    'aws_iam_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_role',
    'aws_iam_role_policy_attachments_exclusive',
  ],
  check(resource) {
    const arns = [resource.config.policy_arn, resource.config.managed_policy_arns, resource.config.policy_arns]
      .flat()
      .filter((a): a is string => typeof a === 'string');
    return arns.filter((a) => FORBIDDEN_ARN.test(a)).map((a) => `attaches the AWS managed policy ${a}`);
  },
};
