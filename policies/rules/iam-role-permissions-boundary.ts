import type { PolicyRule } from '../rule';

export const iamRolePermissionsBoundary: PolicyRule = {
  id: 'PLAT-BND-001',
  level: 'error',
  description: 'Every IAM role carries a permissions boundary',
  reason: 'The boundary is the ceiling of every role: no policy attached later can grant more, or escalate privileges',
  appliesTo: ['aws_iam_role'],
  check(role) {
    const boundary = role.config.permissions_boundary;
    return typeof boundary === 'string' && boundary.length > 0 ? [] : ['has no permissions boundary (permissions_boundary)'];
  },
};
