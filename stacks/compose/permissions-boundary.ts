import { boundaryScope, permissionsBoundaryArn, permissionsBoundaryName, type Organisation } from '../../model';
import { BOUNDARY_ALLOWED_ACTIONS, PermissionsBoundary } from '../../modules/permissions-boundary';
import { declareStackTraits } from '../../policies';
import { usePermissionsBoundary } from '../aspects';
import type { BaseStack } from '../base-stack';

function boundaryProps(organisation: Organisation, accountId: string) {
  const { prefix, partition } = organisation;
  return {
    policyName: permissionsBoundaryName(prefix),
    boundaryArn: permissionsBoundaryArn(partition, accountId, prefix),
    scope: boundaryScope(organisation, accountId),
    additionalActions: organisation.permissionsBoundary.additionalActions,
  };
}

/**
 * Create the permissions boundary in the stack's account and give it to every role of the stack. Used by the
 * bootstrap stack, which owns the management account's boundary because it is applied first (the platform
 * stack's roles then find it in place). Both are applied by an administrator: no Terraform role owns a boundary.
 */
export function composeOwnPermissionsBoundary(stack: BaseStack): PermissionsBoundary {
  const boundary = composeBoundaryPolicy(stack);
  // the reference (not the computed ARN) makes Terraform create the policy before the roles that carry it
  usePermissionsBoundary(stack, boundary.arn);
  return boundary;
}

/**
 * Create the permissions boundary in the stack's account without giving it to the stack's roles: the access
 * stack of an environment account owns it (an administrator applies it), and the environment stacks' roles carry
 * it by ARN (composeSharedPermissionsBoundary), so the Terraform role that applies them can never change it.
 */
export function composeBoundaryPolicy(stack: BaseStack): PermissionsBoundary {
  return new PermissionsBoundary(stack, 'permissions-boundary', boundaryProps(stack.organisation, stack.target.accountId));
}

/**
 * Give every role of a stack the boundary another stack of the same account created (the platform stack uses the
 * bootstrap stack's; the environment stacks their access stack's), by its computed ARN.
 */
export function composeSharedPermissionsBoundary(stack: BaseStack): string {
  const arn = permissionsBoundaryArn(stack.partition, stack.target.accountId, stack.organisation.prefix);
  usePermissionsBoundary(stack, arn);
  // PLAT-BND-002 checks the stack's roles against the boundary they carry, though another stack owns it
  const actions = [
    ...new Set([...BOUNDARY_ALLOWED_ACTIONS, ...stack.organisation.permissionsBoundary.additionalActions, 'iam:PassRole']),
  ].sort();
  declareStackTraits(stack, { sharedBoundary: { arn, actions } });
  return arn;
}
