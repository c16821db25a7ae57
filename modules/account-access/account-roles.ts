import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { iamRoleArn } from '../core';
import { IAM_BOUNDED_WRITE_ACTIONS, IAM_READ_ACTIONS, IAM_UNBOUNDED_WRITE_ACTIONS, PASS_ROLE_SERVICES } from './actions';

export interface AccountRolesProps {
  readonly partition: string;
  readonly accountId: string;
  /** Prefix of the platform's role names (`organisation.prefix`): every role named `<prefix>-*` is one of them. */
  readonly prefix: string;
  /** Roles outside the prefix, by name (the GitHub deploy role, the access roles). @default none */
  readonly names?: readonly string[];
  /** The permissions boundary the roles carry: created or given policies only with it. */
  readonly boundaryArn: string;
}

/**
 * A reference to the roles of one account that an access role administers or reads: every role named `<prefix>-*`
 * and some by name, all under one permissions boundary. Its grants are the statements a Terraform role (administer)
 * or a plan role (read) needs on them, so both name the same roles the same way.
 */
export class AccountRoles {
  /** The roles' ARNs: the prefix pattern first, then the named roles in the order given. */
  readonly arns: readonly string[];
  readonly boundaryArn: string;

  constructor(props: AccountRolesProps) {
    this.arns = [`${props.prefix}-*`, ...(props.names ?? [])].map((name) => iamRoleArn(props.partition, props.accountId, name));
    this.boundaryArn = props.boundaryArn;
  }

  /** `ReadRoles`: what a plan reads of the roles and of their boundary policy. */
  grantRead(): DataAwsIamPolicyDocumentStatement {
    return { sid: 'ReadRoles', effect: 'Allow', actions: [...IAM_READ_ACTIONS], resources: [...this.arns, this.boundaryArn] };
  }

  /**
   * What applying them needs: changes that can grant permissions only while a role keeps the boundary, changes that
   * grant nothing by themselves, and passing them only to the platform's services. With `grantRead` first.
   */
  grantAdminister(): DataAwsIamPolicyDocumentStatement[] {
    const roles = [...this.arns];
    return [
      this.grantRead(),
      {
        sid: 'WriteRolesWithBoundary',
        effect: 'Allow',
        actions: [...IAM_BOUNDED_WRITE_ACTIONS],
        resources: roles,
        condition: [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [this.boundaryArn] }],
      },
      { sid: 'ManageRoles', effect: 'Allow', actions: [...IAM_UNBOUNDED_WRITE_ACTIONS], resources: roles },
      {
        sid: 'PassRolesToPlatformServices',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: roles,
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [...PASS_ROLE_SERVICES] }],
      },
    ];
  }
}
