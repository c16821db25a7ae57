import type { PolicyRule } from '../rule';
import { GITHUB_OIDC_HOST, conditionValues, githubOidcStatements } from './helpers';

/** `repo:<owner>/<repository>:environment:<name>`, with no wildcard anywhere. */
const PINNED = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+:environment:[A-Za-z0-9._-]+$/;

export const oidcPinnedEnvironment: PolicyRule = {
  id: 'PLAT-OIDC-002',
  level: 'error',
  description:
    'A role trusted by GitHub Actions OIDC is pinned to one repository and one deployment environment (StringEquals, no wildcard)',
  reason: 'Only a job of the named repository that runs in the named GitHub environment (with its reviewers and branch rules) may deploy',
  appliesTo: ['aws_iam_role'],
  check(role, stack) {
    return githubOidcStatements(role, stack).flatMap((s) => {
      const sid = s.sid ?? '(no sid)';
      const like = conditionValues(s, `${GITHUB_OIDC_HOST}:sub`, ['StringLike', 'ForAnyValue:StringLike']);
      const equals = conditionValues(s, `${GITHUB_OIDC_HOST}:sub`, ['StringEquals', 'ForAnyValue:StringEquals']);
      const problems: string[] = [];
      if (like.length > 0) problems.push(`trust statement ${sid} matches the subject with StringLike; use StringEquals`);
      if (equals.length === 0) problems.push(`trust statement ${sid} pins no subject with StringEquals`);
      const unpinned = [...equals, ...like].filter((v) => !PINNED.test(v));
      if (unpinned.length > 0) {
        problems.push(
          `trust statement ${sid} allows subjects not of the form repo:<owner>/<repo>:environment:<name>: ${unpinned.join(', ')}`,
        );
      }
      return problems;
    });
  },
};
