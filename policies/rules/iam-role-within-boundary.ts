import type { ResourceView, StackView } from '../rule';
import type { PolicyRule } from '../rule';
import { statementsOf } from './helpers';

/** Actions the Allow statements of a policy document data source name (wildcard-free ones). */
function allowedActions(document: ResourceView): string[] {
  return statementsOf(document)
    .filter((s) => (s.effect ?? 'Allow') === 'Allow')
    .flatMap((s) => [...(s.actions ?? [])]);
}

/** The policy document behind `${aws_iam_policy.x.arn}`, when both are in this stack. */
function documentOfManagedPolicy(stack: StackView, reference: unknown): ResourceView | undefined {
  const policy = stack.resolveReference(reference);
  if (policy?.type !== 'aws_iam_policy') return undefined;
  const document = stack.resolveReference(policy.config.policy);
  return document?.type === 'aws_iam_policy_document' ? document : undefined;
}

export const iamRoleWithinBoundary: PolicyRule = {
  id: 'PLAT-BND-002',
  level: 'error',
  description: "The actions a role's policies allow lie within the role's permissions boundary",
  reason: 'An action outside the boundary is silently denied at run time; synth is the cheaper place to find out',
  appliesTo: ['aws_iam_role_policy', 'aws_iam_role_policy_attachment'],
  check(attachment, stack) {
    const role = stack.resolveReference(attachment.config.role);
    if (role?.type !== 'aws_iam_role') return [];
    const boundary = documentOfManagedPolicy(stack, role.config.permissions_boundary);
    const shared = stack.sharedBoundary?.arn === role.config.permissions_boundary ? stack.sharedBoundary : undefined;
    // a boundary created in another stack is read from the stack's declared traits; an AWS managed one cannot be read
    if (boundary === undefined && shared === undefined) return [];
    const document =
      attachment.type === 'aws_iam_role_policy'
        ? stack.resolveReference(attachment.config.policy)
        : documentOfManagedPolicy(stack, attachment.config.policy_arn);
    if (document?.type !== 'aws_iam_policy_document') return [];
    const ceiling = new Set(boundary === undefined ? shared!.actions : allowedActions(boundary));
    // a ceiling may name a whole service (`iam:*`, the Terraform roles' own boundary)
    const within = (a: string) => ceiling.has(a) || ceiling.has(`${a.split(':')[0]}:*`);
    const outside = [...new Set(allowedActions(document))].filter((a) => !a.includes('*') && !within(a)).sort();
    return outside.length === 0
      ? []
      : [
          `allows ${outside.join(', ')}, which the permissions boundary does not: add them to modules/core/boundary-catalogue.ts (or organisation.permissionsBoundary.additionalActions), or drop them`,
        ];
  },
};
