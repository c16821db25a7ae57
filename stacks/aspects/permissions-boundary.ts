import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Annotations, Aspects, TerraformStack, Token, type IAspect, type IConstruct } from '../../modules/core';

/**
 * Sets the permissions boundary on every `aws_iam_role` of a stack, whoever created it. It acts when it
 * visits the stack itself (aspects reach a stack before its children), so the policy pack, which also
 * runs on the stack node but is attached later, already sees every role with its boundary. A role that
 * names a different boundary is an error: the platform has exactly one.
 */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    for (const construct of node.node.findAll()) {
      if (!(construct instanceof IamRole)) continue;
      const current = construct.permissionsBoundaryInput;
      if (current === undefined) {
        construct.permissionsBoundary = this.boundaryArn;
      } else if (current !== this.boundaryArn && !Token.isUnresolved(current)) {
        Annotations.of(construct).addError(
          `role ${construct.node.path} names the permissions boundary ${current}; every role of the platform carries ${this.boundaryArn} (leave permissionsBoundary unset)`,
        );
      }
    }
  }
}

/** Give every role of `stack` the boundary `boundaryArn`. Call it in the stack's constructor. */
export function usePermissionsBoundary(stack: TerraformStack, boundaryArn: string): void {
  Aspects.of(stack).add(new PermissionsBoundaryAspect(boundaryArn));
}
