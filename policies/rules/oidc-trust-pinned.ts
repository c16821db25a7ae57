import type { PolicyRule, ResourceView, StackView } from '../rule';
import { statementsOf, type PolicyStatement } from './helpers';

const HOST = 'token.actions.githubusercontent.com';
/** A `sub` pinned to one repository and one deployment environment, with no wildcard. */
const PINNED_SUBJECT = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+:environment:[^*?\s]+$/;

/** Whether a statement lets GitHub Actions' OIDC tokens assume the role. */
function trustsGithub(statement: PolicyStatement, stack: StackView): boolean {
  if (!(statement.actions ?? []).includes('sts:AssumeRoleWithWebIdentity')) return false;
  return (statement.principals ?? [])
    .filter((p) => p.type === 'Federated')
    .some((p) =>
      p.identifiers.some((id) => {
        if (id.includes(HOST)) return true;
        const provider: ResourceView | undefined = stack.resolveReference(id);
        return provider?.type === 'aws_iam_openid_connect_provider' && String(provider.config.url ?? '').includes(HOST);
      }),
    );
}

export const oidcTrustPinned: PolicyRule = {
  id: 'PLAT-OIDC-001',
  level: 'error',
  description: `Trust in GitHub Actions OIDC requires aud = sts.amazonaws.com and an exact sub (StringEquals) of one repository and one environment`,
  reason: 'Without an exact sub, any repository or branch on GitHub (or any job of ours) could assume the deploy role',
  appliesTo: ['data.aws_iam_policy_document'],
  check(document, stack) {
    return statementsOf(document)
      .filter((s) => (s.effect ?? 'Allow') === 'Allow' && trustsGithub(s, stack))
      .flatMap((s) => {
        const sid = s.sid ?? '(no sid)';
        const conditions = s.condition ?? [];
        const problems: string[] = [];
        const aud = conditions.filter((c) => c.variable === `${HOST}:aud`);
        if (!aud.some((c) => c.test === 'StringEquals' && c.values.length === 1 && c.values[0] === 'sts.amazonaws.com')) {
          problems.push(`statement ${sid} does not require ${HOST}:aud = sts.amazonaws.com (StringEquals)`);
        }
        const sub = conditions.filter((c) => c.variable === `${HOST}:sub`);
        const exact = sub.filter((c) => c.test === 'StringEquals');
        if (exact.length === 0) {
          problems.push(`statement ${sid} does not pin ${HOST}:sub with StringEquals`);
        } else {
          const loose = exact.flatMap((c) => c.values).filter((v) => !PINNED_SUBJECT.test(v));
          if (loose.length > 0) {
            problems.push(`statement ${sid} allows sub ${loose.join(', ')}; use repo:<owner>/<repository>:environment:<environment>`);
          }
        }
        const other = sub.filter((c) => c.test !== 'StringEquals');
        if (other.length > 0) problems.push(`statement ${sid} also matches sub with ${other.map((c) => c.test).join(', ')}`);
        return problems;
      });
  },
};
