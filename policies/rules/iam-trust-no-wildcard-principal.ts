import type { PolicyRule } from '../rule';
import { allows, policyStatements } from './helpers';

export const iamTrustNoWildcardPrincipal: PolicyRule = {
  id: 'PLAT-IAM-002',
  counterpart: 'CKV_AWS_60, CKV_AWS_61',
  level: 'error',
  description: 'Role trust policies name who may assume the role: no "*" principal of any type',
  reason: 'A wildcard principal lets any account, service or identity provider user assume the role',
  appliesTo: ['aws_iam_role'],
  check(role, stack) {
    const statements = policyStatements(stack, role.config.assume_role_policy) ?? [];
    return allows(statements)
      .filter((s) => (s.principals ?? []).some((p) => p.type === '*' || p.identifiers.some((id) => id === '*')))
      .map((s) => `trust statement ${s.sid ?? '(no sid)'} lets "*" assume the role`);
  },
};
