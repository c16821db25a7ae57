import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct, iamPolicyArn, iamRoleArn } from '../core';
import { DENY_APPROVALS_STATEMENT } from '../pipeline-approver-role';
import { AccountRoles } from './account-roles';
import { SERVICE_LINKED_ROLE_SERVICES } from './actions';
import { serviceAccess } from './environment-access';
import { applyStatement, type AccountScope, type ServiceAccess } from './service-access';
import { TerraformBoundary, type TerraformBoundaryProps } from './terraform-boundary';
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
 * platform's names (modules/account-access/environment-access.ts). The platform's boundary is not its to change: the access
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
    const access = props.access ?? serviceAccess(props);
    const { partition, accountId } = props;
    if (!props.boundaryArn.startsWith(iamPolicyArn(partition, accountId, ''))) {
      throw new Error(`TerraformRole ${this.node.path}: boundaryArn must be a policy of account ${accountId} (got "${props.boundaryArn}")`);
    }

    this.role = createRole(this, props);
    this.arn = this.role.arn;
    const managed = access.filter((a) => a.managedPolicy !== undefined);
    const inline = [...access.filter((a) => a.managedPolicy === undefined).map(applyStatement), ...iamStatements(props)];
    // no platform boundary caps it: the approvals only the approver roles may give are denied here
    const policy = new DataAwsIamPolicyDocument(this, 'permissions', { statement: [...inline, DENY_APPROVALS_STATEMENT] });
    new IamRolePolicy(this, 'policy', { name: props.policyName ?? 'environment-stacks', role: this.role.id, policy: policy.json });
    this.managedPolicies = attachManagedPolicies(
      this,
      props.roleName,
      this.role,
      managed.map((a) => [a.managedPolicy as string, applyStatement(a)]),
    );

    this.boundary = new TerraformBoundary(this, 'boundary', {
      policyName: props.ownBoundaryName,
      partition,
      accountId,
      platformBoundaryArn: props.boundaryArn,
      ...ceilingOf(inline, managed.map(applyStatement)),
      protectedRoleArns: [props.roleName, ...(props.protectedRoleNames ?? [])].map((name) => iamRoleArn(partition, accountId, name)),
    });
    this.role.permissionsBoundary = this.boundary.arn;
  }
}

/** The role (construct ids `trust`, `role`), trusted by the GitHub deploy role and the administrators. */
function createRole(scope: Construct, props: TerraformRoleProps): IamRole {
  const administratorRoleArns = props.administratorRoleArns ?? [];
  const trust = new DataAwsIamPolicyDocument(scope, 'trust', {
    statement: [
      trustedThroughRoot(props.partition, 'GitHubDeployRole', [props.deployRoleArn]),
      ...(administratorRoleArns.length === 0 ? [] : [trustedThroughRoot(props.partition, 'Administrators', administratorRoleArns)]),
    ],
  });
  return new IamRole(scope, 'role', {
    name: props.roleName,
    description: props.description ?? 'Terraform of the CI/CD platform: applies the environment stacks of this account',
    assumeRolePolicy: trust.json,
    maxSessionDuration: 3600,
  });
}

/**
 * Its IAM statements, when its stacks create roles: administer the platform's roles (`<prefix>-*` and the extra
 * names) under the platform's boundary, and create the service-linked roles of the security baseline.
 */
function iamStatements(props: TerraformRoleProps): DataAwsIamPolicyDocumentStatement[] {
  if (props.manageRoles === false) return [];
  const { partition, accountId } = props;
  const roles = new AccountRoles({
    partition,
    accountId,
    prefix: props.prefix,
    names: props.extraRoleNames,
    boundaryArn: props.boundaryArn,
  });
  return [
    ...roles.grantAdminister(),
    {
      sid: 'SecurityBaselineServiceLinkedRoles',
      effect: 'Allow',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [iamRoleArn(partition, accountId, 'aws-service-role/*')],
      condition: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: [...SERVICE_LINKED_ROLE_SERVICES] }],
    },
  ];
}

/**
 * The ceiling of its own boundary: every service its statements name (IAM apart), and IAM as its inline statements
 * grant it, action by action on their resources.
 */
function ceilingOf(
  inline: readonly DataAwsIamPolicyDocumentStatement[],
  managed: readonly DataAwsIamPolicyDocumentStatement[],
): Pick<TerraformBoundaryProps, 'services' | 'iam'> {
  const actionsOf = (st: DataAwsIamPolicyDocumentStatement) => st.actions ?? [];
  const isIam = (action: string) => action.startsWith('iam:');
  return {
    services: [...inline, ...managed]
      .flatMap(actionsOf)
      .map((a) => a.split(':')[0])
      .filter((service) => service !== 'iam'),
    iam: {
      actions: inline.flatMap(actionsOf).filter(isIam),
      resources: inline.filter((st) => actionsOf(st).some(isIam)).flatMap((st) => st.resources ?? []),
    },
  };
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
