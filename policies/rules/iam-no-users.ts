import type { PolicyRule } from '../rule';

export const iamNoUsers: PolicyRule = {
  id: 'PLAT-IAM-005',
  counterpart: 'CKV_AWS_40, CKV_AWS_273',
  level: 'error',
  description: 'No IAM users, access keys, login profiles or user policies: people use SSO, machines assume roles',
  reason: 'Long-lived access keys leak and are never rotated; OIDC and role sessions expire on their own',
  appliesTo: ['aws_iam_user', 'aws_iam_access_key', 'aws_iam_user_login_profile', 'aws_iam_user_policy', 'aws_iam_user_policy_attachment'],
  check(resource) {
    return [`${resource.type} creates or empowers a long-lived IAM user; use a role assumed via OIDC or SSO instead`];
  },
};
