import type { PolicyRule } from '../rule';
import { statementsOf } from './helpers';

export const iamNoWildcardActions: PolicyRule = {
  id: 'PLAT-IAM-001',
  counterpart: 'CKV_AWS_63',
  level: 'error',
  description: 'IAM policy documents allow no wildcard action ("*", "service:*" or a "*" inside a name)',
  reason: 'Least privilege: every permission is named, so a review shows exactly what a role can do',
  appliesTo: ['data.aws_iam_policy_document'],
  check(document) {
    return statementsOf(document)
      .filter((s) => (s.effect ?? 'Allow') === 'Allow')
      .flatMap((s) => {
        const problems: string[] = [];
        if ((s.not_actions ?? []).length > 0)
          problems.push(`statement ${s.sid ?? '(no sid)'} uses not_actions, which allows everything else`);
        const wild = (s.actions ?? []).filter((a) => a.includes('*'));
        if (wild.length > 0) problems.push(`statement ${s.sid ?? '(no sid)'} allows wildcard actions: ${wild.join(', ')}`);
        return problems;
      });
  },
};
