import { permissionsBoundaryArn, permissionsBoundaryName, type Organisation } from '../../model';
import { PermissionsBoundary } from '../../modules/permissions-boundary';
import { usePermissionsBoundary } from '../aspects';
import type { BaseStack } from '../base-stack';

function boundaryProps(organisation: Organisation, accountId: string) {
  const { prefix, partition } = organisation;
  return {
    policyName: permissionsBoundaryName(prefix),
    boundaryArn: permissionsBoundaryArn(partition, accountId, prefix),
    accountId,
    partition,
    rolePrefix: prefix,
    additionalActions: organisation.permissionsBoundary.additionalActions,
  };
}

/**
 * Create the permissions boundary in the stack's account and give it to every role of the stack. Used by
 * each environment stack and by the bootstrap stack, which owns the management account's boundary
 * because it is applied first (the platform stack's roles then find it in place).
 */
export function composeOwnPermissionsBoundary(stack: BaseStack): PermissionsBoundary {
  const boundary = new PermissionsBoundary(stack, 'permissions-boundary', boundaryProps(stack.organisation, stack.target.accountId));
  // the reference (not the computed ARN) makes Terraform create the policy before the roles that carry it
  usePermissionsBoundary(stack, boundary.arn);
  return boundary;
}

/**
 * Give every role of a stack the boundary another stack of the same account created (the platform stack
 * uses the bootstrap stack's), by its computed ARN.
 */
export function composeSharedPermissionsBoundary(stack: BaseStack): string {
  const arn = permissionsBoundaryArn(stack.partition, stack.target.accountId, stack.organisation.prefix);
  usePermissionsBoundary(stack, arn);
  return arn;
}
