import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { BOUNDARY_DENIED_ESCALATION_ACTIONS } from '../permissions-boundary';
import { suppress } from '../../vocabulary/suppressions';
import { Construct, iamPolicyArn } from '../core';

export interface TerraformBoundaryProps {
  /** Name of the managed policy. */
  readonly policyName: string;
  readonly partition: string;
  readonly accountId: string;
  /** The platform's permissions boundary (the one every role the Terraform role creates must carry). */
  readonly platformBoundaryArn: string;
  /** Services whose actions the Terraform role's own policy names (`codebuild`, ...; not `iam`): the ceiling allows no other. */
  readonly services: readonly string[];
  /**
   * IAM, named action by action on the IAM resources the role's own policy names (never `iam:*` on `*`, which is
   * account administration). @default none
   */
  readonly iam?: { readonly actions: readonly string[]; readonly resources: readonly string[] };
  /** Roles no holder of this boundary may change: the Terraform role itself and the other access roles. */
  readonly protectedRoleArns: readonly string[];
}

/** Changes to a managed policy's content or existence. */
const POLICY_WRITE_ACTIONS = [
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
] as const;

/** Every change to a role: its policies, boundary, trust, settings, tags, existence. */
const ROLE_WRITE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
] as const;

/**
 * The permissions boundary of a Terraform role: the delegation pattern, closed. The role administers the
 * platform's roles, so its boundary is what keeps that from becoming account administration: it may never change,
 * delete or detach a boundary (the platform's or this one), create or re-bound a role without the platform's
 * boundary, change the access roles (itself, the plan role), or touch users and access keys. Its allow is a
 * ceiling per service (`<service>:*` for the services of the role's own policy, which names every action);
 * the denies are what this policy exists for. An administrator applies it (the access stacks), never the role.
 */
export class TerraformBoundary extends Construct {
  readonly policy: IamPolicy;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: TerraformBoundaryProps) {
    super(scope, id);
    const { partition, accountId } = props;
    const ownArn = iamPolicyArn(partition, accountId, props.policyName);
    const services = [...new Set(props.services)].sort();
    const bad = services.find((s) => !/^[a-z0-9-]+$/.test(s) || s === 'iam');
    if (bad !== undefined)
      throw new Error(
        `TerraformBoundary ${this.node.path}: services must be service prefixes such as "codebuild", IAM apart (got "${bad}")`,
      );
    if (props.protectedRoleArns.length === 0)
      throw new Error(`TerraformBoundary ${this.node.path}: protectedRoleArns must name the Terraform role at least`);

    const document = new DataAwsIamPolicyDocument(this, 'document', {
      statement: [
        {
          sid: 'CeilingOfItsServices',
          effect: 'Allow',
          actions: services.map((s) => `${s}:*`),
          // a ceiling, not a grant: the role's own policy names each action and resource
          resources: ['*'],
        },
        ...(props.iam === undefined || props.iam.actions.length === 0
          ? []
          : [
              {
                sid: 'CeilingOfItsIam',
                effect: 'Allow',
                actions: [...new Set(props.iam.actions)].sort(),
                resources: [...new Set(props.iam.resources)].sort(),
              },
            ]),
        {
          sid: 'DenyChangingBoundaries',
          effect: 'Deny',
          actions: [...POLICY_WRITE_ACTIONS],
          resources: [props.platformBoundaryArn, ownArn].sort(),
        },
        {
          sid: 'DenyRemovingBoundaries',
          effect: 'Deny',
          actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
          resources: ['*'],
        },
        {
          sid: 'DenyRolesWithoutThePlatformBoundary',
          effect: 'Deny',
          actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
          resources: ['*'],
          condition: [{ test: 'StringNotEquals', variable: 'iam:PermissionsBoundary', values: [props.platformBoundaryArn] }],
        },
        {
          sid: 'DenyChangingAccessRoles',
          effect: 'Deny',
          actions: [...ROLE_WRITE_ACTIONS],
          resources: [...new Set(props.protectedRoleArns)].sort(),
        },
        {
          sid: 'DenyUsersAndKeys',
          effect: 'Deny',
          actions: [...BOUNDARY_DENIED_ESCALATION_ACTIONS],
          resources: ['*'],
        },
      ],
    });
    suppress(
      document,
      'PLAT-IAM-001',
      "the Terraform role's boundary is a ceiling per service, not a grant: the role's own policy names every action and resource (PLAT-BND-002 checks it), and this policy exists for its Deny statements",
    );
    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description:
        'Boundary of the CI/CD Terraform role: it can never change or remove a boundary, nor create a role without the platform boundary',
      policy: document.json,
    });
    this.arn = this.policy.arn;
  }
}
