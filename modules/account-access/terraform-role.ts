import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppress } from '../../vocabulary/suppressions';
import { Construct } from '../core';
import {
  BOUNDARY_POLICY_WRITE_ACTIONS,
  IAM_BOUNDED_WRITE_ACTIONS,
  IAM_READ_ACTIONS,
  IAM_UNBOUNDED_WRITE_ACTIONS,
  PASS_ROLE_SERVICES,
  SERVICE_LINKED_ROLE_SERVICES,
  serviceAccess,
  type AccountScope,
  type ServiceAccess,
} from './actions';
import { trustedThroughRoot } from './trust';

export interface TerraformRoleProps extends AccountScope {
  /** Name of the role (`account.deployRoleName`): what the AWS provider of every environment stack assumes. */
  readonly roleName: string;
  /** ARN of the environment's GitHub OIDC deploy role; it may not exist yet (trusted through the account root). */
  readonly deployRoleArn: string;
  /** Administrators' roles that may also assume it (first apply of the environment stack, repairs). @default none */
  readonly administratorRoleArns?: readonly string[];
  /** Infrastructure-build roles (`-iac-plan-cb`, `-iac-apply-cb`) configured to assume it. @default none */
  readonly infrastructureBuildRoleArns?: readonly string[];
  /** The permissions boundary every role the environment stack creates must carry. */
  readonly boundaryArn: string;
  /** Roles outside the platform prefix that the environment stack manages (the GitHub deploy role). @default none */
  readonly extraRoleNames?: readonly string[];
  /** What the role's stacks create outside IAM. @default serviceAccess(scope), the environment stacks' */
  readonly access?: readonly ServiceAccess[];
  /**
   * Whether its stacks create roles (with the boundary), pass them and manage the boundary policy; off for a
   * stack that creates no role (the platform stack). @default true
   */
  readonly manageRoles?: boolean;
  /** Why the role carries no permissions boundary (the PLAT-BND-001 suppression). @default the environment accounts' reason */
  readonly boundaryExemption?: string;
  /** The role's description. @default the environment stacks' Terraform role */
  readonly description?: string;
  /** Name of its inline policy. @default 'environment-stacks' */
  readonly policyName?: string;
}

/**
 * The Terraform role of an environment account: what the environment stacks create, and nothing else. It may
 * create and change roles named `<prefix>-*` (and the GitHub deploy role) only while they carry the platform's
 * permissions boundary, pass them only to the services that use them, and manage the boundary policy itself;
 * every other service is scoped to the platform's names (modules/account-access/actions.ts).
 *
 * It carries no permissions boundary itself: the boundary is created later, by the environment stack this role
 * applies, and it denies the IAM administration this role exists for.
 */
export class TerraformRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: TerraformRoleProps) {
    super(scope, id);
    const administratorRoleArns = props.administratorRoleArns ?? [];
    const infrastructureBuildRoleArns = props.infrastructureBuildRoleArns ?? [];
    const extraRoleNames = props.extraRoleNames ?? [];
    const access = props.access ?? serviceAccess(props);
    const manageRoles = props.manageRoles ?? true;
    const description = props.description ?? 'Terraform of the CI/CD platform: applies the environment stacks of this account';
    const policyName = props.policyName ?? 'environment-stacks';
    const { partition, accountId } = props;
    const where = `TerraformRole ${this.node.path}`;
    if (!props.boundaryArn.startsWith(`arn:${partition}:iam::${accountId}:policy/`)) {
      throw new Error(`${where}: boundaryArn must be a policy of account ${accountId} (got "${props.boundaryArn}")`);
    }

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        trustedThroughRoot(partition, 'GitHubDeployRole', [props.deployRoleArn]),
        ...(administratorRoleArns.length === 0 ? [] : [trustedThroughRoot(partition, 'Administrators', administratorRoleArns)]),
        ...(infrastructureBuildRoleArns.length === 0
          ? []
          : [trustedThroughRoot(partition, 'InfrastructureBuilds', infrastructureBuildRoleArns)]),
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    this.arn = this.role.arn;
    suppress(
      this.role,
      'PLAT-BND-001',
      props.boundaryExemption ??
        'the Terraform role creates the boundary (in the environment stack, applied after it) and needs the IAM administration the boundary denies; it may only create roles that carry the boundary',
    );

    const roleArns = [
      `arn:${partition}:iam::${accountId}:role/${props.prefix}-*`,
      ...extraRoleNames.map((name) => `arn:${partition}:iam::${accountId}:role/${name}`),
    ];
    const withBoundary = [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [props.boundaryArn] }];
    const statements: DataAwsIamPolicyDocumentStatement[] = access.map((a) => ({
      sid: a.sid,
      effect: 'Allow',
      actions: [...a.read, ...a.write].sort(),
      resources: [...a.resources],
      ...(a.condition === undefined ? {} : { condition: a.condition.map((c) => ({ ...c, values: [...c.values] })) }),
    }));
    if (!manageRoles) {
      const policy = new DataAwsIamPolicyDocument(this, 'permissions', { statement: statements });
      new IamRolePolicy(this, 'policy', { name: policyName, role: this.role.id, policy: policy.json });
      return;
    }
    statements.push(
      { sid: 'ReadRoles', effect: 'Allow', actions: [...IAM_READ_ACTIONS], resources: [...roleArns, props.boundaryArn] },
      {
        sid: 'WriteRolesWithBoundary',
        effect: 'Allow',
        actions: [...IAM_BOUNDED_WRITE_ACTIONS],
        resources: roleArns,
        condition: withBoundary,
      },
      { sid: 'ManageRoles', effect: 'Allow', actions: [...IAM_UNBOUNDED_WRITE_ACTIONS], resources: roleArns },
      {
        sid: 'PassRolesToPlatformServices',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: roleArns,
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [...PASS_ROLE_SERVICES] }],
      },
      { sid: 'BoundaryPolicy', effect: 'Allow', actions: [...BOUNDARY_POLICY_WRITE_ACTIONS], resources: [props.boundaryArn] },
      {
        sid: 'SecurityBaselineServiceLinkedRoles',
        effect: 'Allow',
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [`arn:${partition}:iam::${accountId}:role/aws-service-role/*`],
        condition: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: [...SERVICE_LINKED_ROLE_SERVICES] }],
      },
    );
    const policy = new DataAwsIamPolicyDocument(this, 'permissions', { statement: statements });
    new IamRolePolicy(this, 'policy', { name: policyName, role: this.role.id, policy: policy.json });
  }
}
