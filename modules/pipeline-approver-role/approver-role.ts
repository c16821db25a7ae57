import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppress } from '../../vocabulary/suppressions';
import { trustedThroughRoot } from '../account-access/trust';
import { Construct } from '../core';

/** The action that answers a pipeline's manual approval (approve or reject). Only the approver roles hold it. */
export const APPROVAL_RESULT_ACTION = 'codepipeline:PutApprovalResult';

/**
 * The statement every other role of the platform carries, in its permissions boundary or, for the roles without
 * the platform's boundary (Terraform, plan and GitHub deploy roles), in its own policy: no approval but by an
 * approver role.
 */
export const DENY_APPROVALS_STATEMENT: DataAwsIamPolicyDocumentStatement = {
  sid: 'DenyPipelineApprovals',
  effect: 'Deny',
  actions: [APPROVAL_RESULT_ACTION],
  resources: ['*'],
};

/** One approval action of a pipeline: what the role may approve, and the pipeline it may read. */
export interface ApprovalActionRef {
  /** ARN of the pipeline (`arn:...:codepipeline:<region>:<account>:<pipeline>`). */
  readonly pipelineArn: string;
  /** ARN of the approval action (`<pipelineArn>/<stage>/<action>`). */
  readonly actionArn: string;
}

export interface PipelineApproverRoleProps {
  /** Name of the role. */
  readonly roleName: string;
  readonly partition: string;
  /** What the role is for, e.g. `Approves the pipelines of prod`. */
  readonly description: string;
  /** The approvers: exact IAM role ARNs (their SSO or federated roles), trusted through their accounts' root. */
  readonly approverRoleArns: readonly string[];
  /** The approval actions the role may answer; at least one. */
  readonly approvals: readonly ApprovalActionRef[];
}

/** Reads an approver needs to see what it approves: the pipeline, its state and its executions. */
export const APPROVER_READ_ACTIONS = [
  'codepipeline:GetPipeline',
  'codepipeline:GetPipelineExecution',
  'codepipeline:GetPipelineState',
  'codepipeline:ListActionExecutions',
  'codepipeline:ListPipelineExecutions',
] as const;

/**
 * The role that approves the manual approvals of one environment's pipelines: assumable only by the named
 * approver roles, allowed `codepipeline:PutApprovalResult` on exactly those approval actions and reads of their
 * pipelines, and nothing else. It carries no permissions boundary, since the platform's boundary denies
 * approvals to every role it caps; it is created by the access stack (an administrator applies it), and the
 * Terraform role's own boundary forbids changing it.
 */
export class PipelineApproverRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: PipelineApproverRoleProps) {
    super(scope, id);
    const where = `PipelineApproverRole ${this.node.path}`;
    if (props.approverRoleArns.length === 0) throw new Error(`${where}: approverRoleArns must name at least one approver role`);
    if (props.approvals.length === 0) throw new Error(`${where}: approvals must name at least one approval action`);
    const loose = props.approvals.find((a) => !a.actionArn.startsWith(`${a.pipelineArn}/`) || /[*?]/.test(a.actionArn));
    if (loose !== undefined) {
      throw new Error(`${where}: approval action ${loose.actionArn} must be an action of pipeline ${loose.pipelineArn}, without wildcards`);
    }

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [trustedThroughRoot(props.partition, 'Approvers', props.approverRoleArns)],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    this.arn = this.role.arn;
    suppress(
      this.role,
      'PLAT-BND-001',
      "approver role: the platform's permissions boundary denies codepipeline:PutApprovalResult to every role it caps, and approving is all this role may do (its policy names the approval actions one by one)",
    );

    const sorted = (values: readonly string[]) => [...new Set(values)].sort();
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        {
          sid: 'ApproveTheseActions',
          effect: 'Allow',
          actions: [APPROVAL_RESULT_ACTION],
          resources: sorted(props.approvals.map((a) => a.actionArn)),
        },
        {
          sid: 'ReadTheirPipelines',
          effect: 'Allow',
          actions: [...APPROVER_READ_ACTIONS],
          resources: sorted(props.approvals.map((a) => a.pipelineArn)),
        },
        // the console's pipeline list; ListPipelines takes no resource
        { sid: 'ListPipelines', effect: 'Allow', actions: ['codepipeline:ListPipelines'], resources: ['*'] },
      ],
    });
    new IamRolePolicy(this, 'policy', { name: 'approve-pipelines', role: this.role.id, policy: permissions.json });
  }
}
