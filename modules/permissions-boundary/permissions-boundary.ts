import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import {
  actionMatches,
  BOUNDARY_DENIED_IAM_WRITES,
  boundaryDocument,
  Construct,
  MANAGED_POLICY_MAX_CHARACTERS,
  policyJson,
  type BoundaryScope,
  type BoundaryStatement,
} from '../core';
import { APPROVAL_RESULT_ACTION } from '../pipeline-approver-role';

export interface PermissionsBoundaryProps {
  /** Name of the managed policy; its ARN must equal `boundaryArn`. */
  readonly policyName: string;
  /** The policy's own ARN, known before it exists: roles may only be given (and keep) this boundary. */
  readonly boundaryArn: string;
  /** Where the boundary is and the names it allows resources by (account, prefix, CodeArtifact domain). */
  readonly scope: BoundaryScope;
  /** Actions allowed besides the platform catalogue (BOUNDARY_ALLOWED_ACTIONS). No wildcards. @default none */
  readonly additionalActions?: readonly string[];
}

/**
 * The actions denied to every role of the platform: every IAM write (privilege escalation, boundaries), and approving
 * a pipeline's manual approval, which is the approver roles' alone (they carry no boundary): a role that could approve
 * its own deployment would escape the four-eyes control (modules/pipeline-approver-role).
 */
export const BOUNDARY_DENIED_ACTIONS: readonly string[] = [...BOUNDARY_DENIED_IAM_WRITES, APPROVAL_RESULT_ACTION].sort();

/**
 * The permissions boundary every role of this platform carries: the most any role may do, whatever its own policy
 * says. It allows the platform's services action by action, on the platform's names wherever AWS lets a resource be
 * named (modules/core/boundary-document.ts), lets roles pass only the platform's own roles, and denies privilege
 * escalation (users, access keys, policy rewrites) and any change that would remove or replace the boundary.
 */
export class PermissionsBoundary extends Construct {
  readonly policy: IamPolicy;
  /** The boundary's ARN (a reference, so roles in the same stack are created after it). */
  readonly arn: string;
  /** Every action the boundary allows, sorted. */
  readonly allowedActions: readonly string[];
  /** The actions it allows on `*`, each with why. */
  readonly unscopedActions: Readonly<Record<string, string>>;
  /** Its statements, as IAM reads them. */
  readonly statements: readonly BoundaryStatement[];

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    const additional = props.additionalActions ?? [];
    const where = `PermissionsBoundary ${this.node.path}`;
    const invalid = additional.filter((a) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a));
    if (invalid.length > 0)
      throw new Error(`${where}: additionalActions must be single actions without wildcards (got ${invalid.join(', ')})`);
    if (!props.boundaryArn.endsWith(`:policy/${props.policyName}`)) {
      throw new Error(`${where}: boundaryArn ${props.boundaryArn} is not the ARN of policy ${props.policyName}`);
    }
    const contradictions = additional.filter((a) => BOUNDARY_DENIED_ACTIONS.some((denied) => actionMatches(denied, a)));
    if (contradictions.length > 0) {
      throw new Error(`${where}: additionalActions may not allow what the boundary denies: ${contradictions.join(', ')}`);
    }
    const document = boundaryDocument({
      scope: props.scope,
      additionalActions: additional,
      deniedActions: [APPROVAL_RESULT_ACTION],
    });
    const size = policyJson(document.statements).length;
    if (size > MANAGED_POLICY_MAX_CHARACTERS) {
      throw new Error(
        `${where}: the boundary document has ${size} characters, more than the ${MANAGED_POLICY_MAX_CHARACTERS} IAM allows a managed policy; remove actions from organisation.permissionsBoundary.additionalActions (environments/organisation.ts)`,
      );
    }
    this.allowedActions = document.allowedActions;
    this.unscopedActions = document.unscoped;
    this.statements = document.statements;

    const policyDocument = new DataAwsIamPolicyDocument(this, 'document', {
      statement: document.statements.map((s) => ({
        sid: s.sid,
        effect: s.effect,
        actions: [...s.actions],
        resources: [...s.resources],
        ...(s.condition === undefined ? {} : { condition: s.condition.map((c) => ({ ...c, values: [...c.values] })) }),
      })),
    });
    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description: 'Permissions boundary of every role of the CI/CD platform: the most any of them may do',
      policy: policyDocument.json,
    });
    this.arn = this.policy.arn;
  }
}
