import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from '../core';
import { DENY_APPROVALS_STATEMENT } from '../pipeline-approver-role';
import {
  IAM_BOUNDED_WRITE_ACTIONS,
  IAM_READ_ACTIONS,
  IAM_UNBOUNDED_WRITE_ACTIONS,
  PASS_ROLE_SERVICES,
  SERVICE_LINKED_ROLE_SERVICES,
  serviceAccess,
  type AccountScope,
  type ServiceAccess,
} from './actions';
import { TerraformBoundary } from './terraform-boundary';
import { trustedThroughRoot } from './trust';

export interface TerraformRoleProps extends AccountScope {
  /** Name of the role (`account.deployRoleName`): what the AWS provider of every environment stack assumes. */
  readonly roleName: string;
  /** ARN of the environment's GitHub OIDC deploy role; it may not exist yet (trusted through the account root). */
  readonly deployRoleArn: string;
  /** Administrators' roles that may also assume it (first apply of the environment stack, repairs). @default none */
  readonly administratorRoleArns?: readonly string[];
  /** The permissions boundary every role the environment stack creates must carry. */
  readonly boundaryArn: string;
  /** Roles outside the platform prefix that the environment stack manages (the GitHub deploy role). @default none */
  readonly extraRoleNames?: readonly string[];
  /** What the role's stacks create outside IAM. @default serviceAccess(scope), the environment stacks' */
  readonly access?: readonly ServiceAccess[];
  /**
   * Whether its stacks create roles (with the boundary) and pass them; off for a stack that creates no role
   * (the platform stack). @default true
   */
  readonly manageRoles?: boolean;
  /** Name of the role's own boundary (TerraformBoundary), created beside it (the model's terraformBoundaryName). */
  readonly ownBoundaryName: string;
  /** Other roles of the access stack its boundary forbids it to change (the plan role). @default none */
  readonly protectedRoleNames?: readonly string[];
  /** The role's description. @default the environment stacks' Terraform role */
  readonly description?: string;
  /** Name of its inline policy. @default 'environment-stacks' */
  readonly policyName?: string;
}

/**
 * The Terraform role of an environment account: what the environment stacks create, and nothing else. It may
 * create and change roles named `<prefix>-*` (and the GitHub deploy role) only while they carry the platform's
 * permissions boundary and pass them only to the services that use them; every other service is scoped to the
 * platform's names (modules/account-access/actions.ts). The platform's boundary is not its to change: the access
 * stack (an administrator) owns it.
 *
 * It carries a boundary of its own (TerraformBoundary, created beside it): it can never change, delete or detach
 * a boundary, create a role without the platform's, or change itself or the other access roles.
 */
export class TerraformRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  /** The role's own permissions boundary. */
  readonly boundary: TerraformBoundary;
  /** Its managed policies (`ServiceAccess.managedPolicy`), by name suffix. */
  readonly managedPolicies: ReadonlyMap<string, IamPolicy>;

  constructor(scope: Construct, id: string, props: TerraformRoleProps) {
    super(scope, id);
    const administratorRoleArns = props.administratorRoleArns ?? [];
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
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    this.arn = this.role.arn;

    const roleArns = [
      `arn:${partition}:iam::${accountId}:role/${props.prefix}-*`,
      ...extraRoleNames.map((name) => `arn:${partition}:iam::${accountId}:role/${name}`),
    ];
    const withBoundary = [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [props.boundaryArn] }];
    const statementOf = (a: ServiceAccess): DataAwsIamPolicyDocumentStatement => ({
      sid: a.sid,
      effect: 'Allow',
      actions: [...a.read, ...a.write].sort(),
      resources: [...a.resources],
      ...(a.condition === undefined ? {} : { condition: a.condition.map((c) => ({ ...c, values: [...c.values] })) }),
    });
    const statements: DataAwsIamPolicyDocumentStatement[] = access.filter((a) => a.managedPolicy === undefined).map(statementOf);
    const managed = access.filter((a) => a.managedPolicy !== undefined);
    if (manageRoles) {
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
        {
          sid: 'SecurityBaselineServiceLinkedRoles',
          effect: 'Allow',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${partition}:iam::${accountId}:role/aws-service-role/*`],
          condition: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: [...SERVICE_LINKED_ROLE_SERVICES] }],
        },
      );
    }
    // no platform boundary caps it: the approvals only the approver roles may give are denied here
    const policy = new DataAwsIamPolicyDocument(this, 'permissions', { statement: [...statements, DENY_APPROVALS_STATEMENT] });
    new IamRolePolicy(this, 'policy', { name: policyName, role: this.role.id, policy: policy.json });
    this.managedPolicies = attachManagedPolicies(
      this,
      props.roleName,
      this.role,
      managed.map((a) => [a.managedPolicy as string, statementOf(a)]),
    );
    const allStatements = [...statements, ...managed.map(statementOf)];

    const roleArn = (name: string) => `arn:${partition}:iam::${accountId}:role/${name}`;
    this.boundary = new TerraformBoundary(this, 'boundary', {
      policyName: props.ownBoundaryName,
      partition,
      accountId,
      platformBoundaryArn: props.boundaryArn,
      services: allStatements
        .flatMap((st) => st.actions ?? [])
        .map((a) => a.split(':')[0])
        .filter((service) => service !== 'iam'),
      iam: {
        actions: statements.flatMap((st) => st.actions ?? []).filter((a) => a.startsWith('iam:')),
        resources: statements.filter((st) => (st.actions ?? []).some((a) => a.startsWith('iam:'))).flatMap((st) => st.resources ?? []),
      },
      protectedRoleArns: [props.roleName, ...(props.protectedRoleNames ?? [])].map(roleArn),
    });
    this.role.permissionsBoundary = this.boundary.arn;
  }
}

/**
 * One managed policy per `ServiceAccess.managedPolicy` (ids `managed-<name>`, `managed-<name>-document`,
 * `managed-<name>-attachment`), named `<role>-<name>` and attached to `role`.
 */
function attachManagedPolicies(
  scope: Construct,
  roleName: string,
  role: IamRole,
  statements: readonly (readonly [string, DataAwsIamPolicyDocumentStatement])[],
): Map<string, IamPolicy> {
  const policies = new Map<string, IamPolicy>();
  for (const name of [...new Set(statements.map(([n]) => n))].sort()) {
    const document = new DataAwsIamPolicyDocument(scope, `managed-${name}-document`, {
      statement: statements.filter(([n]) => n === name).map(([, st]) => st),
    });
    const policy = new IamPolicy(scope, `managed-${name}`, {
      name: `${roleName}-${name}`,
      description: `${roleName}: the statements its inline policy has no room for (${name})`,
      policy: document.json,
    });
    new IamRolePolicyAttachment(scope, `managed-${name}-attachment`, { role: role.name, policyArn: policy.arn });
    policies.set(name, policy);
  }
  return policies;
}
