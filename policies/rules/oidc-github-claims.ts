import type { PolicyRule } from '../rule';
import { GITHUB_OIDC_HOST, conditionValues, githubOidcStatements } from './helpers';

const MATCHING = ['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike'];

export const oidcGithubClaims: PolicyRule = {
  id: 'PLAT-OIDC-001',
  counterpart: 'CKV_AWS_358',
  level: 'error',
  description: 'A role trusted by GitHub Actions OIDC checks the audience (sts.amazonaws.com) and the subject of the token',
  reason: 'Without a subject condition any repository on GitHub can assume the role with its own workflow token',
  appliesTo: ['aws_iam_role'],
  check(role, stack) {
    return githubOidcStatements(role, stack).flatMap((s) => {
      const problems: string[] = [];
      const sid = s.sid ?? '(no sid)';
      const audiences = conditionValues(s, `${GITHUB_OIDC_HOST}:aud`, ['StringEquals']);
      if (audiences.length === 0 || audiences.some((a) => a !== 'sts.amazonaws.com')) {
        problems.push(`trust statement ${sid} does not require ${GITHUB_OIDC_HOST}:aud = sts.amazonaws.com (StringEquals)`);
      }
      const subjects = conditionValues(s, `${GITHUB_OIDC_HOST}:sub`, MATCHING);
      if (subjects.length === 0) {
        problems.push(`trust statement ${sid} has no condition on ${GITHUB_OIDC_HOST}:sub`);
      } else {
        const open = subjects.filter((v) => !/^repo:[^*/:]+\/[^*:]+:/.test(v));
        if (open.length > 0) problems.push(`trust statement ${sid} lets any repository match: ${open.join(', ')}`);
      }
      return problems;
    });
  },
};
