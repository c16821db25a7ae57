import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from '../core';
import { APPROVAL_RESULT_ACTION } from '../pipeline-approver-role';
import {
  BOUNDARY_ALLOWED_ACTIONS,
  BOUNDARY_DENIED_ESCALATION_ACTIONS,
  BOUNDARY_UNSCOPED_ACTIONS,
  NAMED_BOUNDARY_RESOURCES,
} from './actions';

export interface PermissionsBoundaryProps {
  /** Name of the managed policy; its ARN must equal `boundaryArn`. */
  readonly policyName: string;
  /** The policy's own ARN, known before it exists: roles may only be given (and keep) this boundary. */
  readonly boundaryArn: string;
  /** The account that owns the boundary. */
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Prefix of the names of the roles this platform creates: only those may be passed to a service. */
  readonly rolePrefix: string;
  /** Actions allowed besides the platform catalogue (BOUNDARY_ALLOWED_ACTIONS). No wildcards. @default none */
  readonly additionalActions?: readonly string[];
}

/**
 * The permissions boundary every role of this platform carries: the most any role may do, whatever
 * its own policy says. It allows the platform's services action by action, lets roles pass only the
 * platform's own roles, and denies privilege escalation (users, access keys, policy rewrites) and any
 * change that would remove or replace the boundary.
 */
export class PermissionsBoundary extends Construct {
  readonly policy: IamPolicy;
  /** The boundary's ARN (a reference, so roles in the same stack are created after it). */
  readonly arn: string;
  /** Every action the boundary allows, sorted. */
  readonly allowedActions: readonly string[];

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const additional = props.additionalActions ?? [];
    const invalid = additional.filter((a) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a));
    if (invalid.length > 0) {
      throw new Error(
        `PermissionsBoundary ${this.node.path}: additionalActions must be single actions without wildcards (got ${invalid.join(', ')})`,
      );
    }
    if (!props.boundaryArn.endsWith(`:policy/${props.policyName}`)) {
      throw new Error(
        `PermissionsBoundary ${this.node.path}: boundaryArn ${props.boundaryArn} is not the ARN of policy ${props.policyName}`,
      );
    }
    this.allowedActions = [...new Set([...BOUNDARY_ALLOWED_ACTIONS, ...additional])].sort();
    // approving a pipeline's manual approval is the approver roles' alone (they carry no boundary): a role that
    // could approve its own deployment would escape the four-eyes control (modules/pipeline-approver-role)
    const deniedActions = [...BOUNDARY_DENIED_ESCALATION_ACTIONS, APPROVAL_RESULT_ACTION].sort();
    const denied = new Set<string>(deniedActions);
    const contradictions = this.allowedActions.filter((a) => denied.has(a));
    if (contradictions.length > 0) {
      throw new Error(
        `PermissionsBoundary ${this.node.path}: additionalActions may not allow what the boundary denies: ${contradictions.join(', ')}`,
      );
    }
    const boundaryCondition = [{ test: 'StringNotEquals', variable: 'iam:PermissionsBoundary', values: [props.boundaryArn] }];

    const serviceOf = (action: string) => action.split(':')[0];
    const named = (action: string) =>
      NAMED_BOUNDARY_RESOURCES[serviceOf(action)] !== undefined && !BOUNDARY_UNSCOPED_ACTIONS.includes(action);
    const names = { partition, accountId: props.accountId, prefix: props.rolePrefix };
    const namedStatements = Object.entries(NAMED_BOUNDARY_RESOURCES)
      .map(([service, resources]) => ({
        sid: `Named${service.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`,
        effect: 'Allow',
        actions: this.allowedActions.filter((a) => serviceOf(a) === service && named(a)),
        resources: [...resources(names)],
      }))
      .filter((st) => st.actions.length > 0)
      .sort((a, b) => a.sid.localeCompare(b.sid));

    const document = new DataAwsIamPolicyDocument(this, 'document', {
      statement: [
        {
          sid: 'PlatformServices',
          effect: 'Allow',
          actions: this.allowedActions.filter((a) => !named(a)),
          // A boundary is a ceiling on actions; each role's own policy names the resources. Where every resource
          // the platform touches carries its name, the boundary names them too (the statements below).
          resources: ['*'],
        },
        ...namedStatements,
        {
          sid: 'PassOnlyPlatformRoles',
          effect: 'Allow',
          actions: ['iam:PassRole'],
          resources: [`arn:${partition}:iam::${props.accountId}:role/${props.rolePrefix}-*`],
        },
        {
          sid: 'DenyPrivilegeEscalation',
          effect: 'Deny',
          actions: deniedActions,
          // Denied on every resource: there is no user, key or policy a role of the platform may touch.
          resources: ['*'],
        },
        {
          sid: 'DenyBoundaryRemoval',
          effect: 'Deny',
          actions: [
            'iam:DeletePolicy',
            'iam:DeletePolicyVersion',
            'iam:DeleteRolePermissionsBoundary',
            'iam:DeleteUserPermissionsBoundary',
          ],
          resources: ['*'],
        },
        {
          sid: 'DenyOtherBoundaries',
          effect: 'Deny',
          actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
          resources: ['*'],
          condition: boundaryCondition,
        },
      ],
    });

    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description: 'Permissions boundary of every role of the CI/CD platform: the most any of them may do',
      policy: document.json,
    });
    this.arn = this.policy.arn;
  }
}
