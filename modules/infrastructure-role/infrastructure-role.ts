import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct, serviceResourceArns, type ServiceResourceScope } from '../core';

/** Verbs of the actions a plan may call: they read, never change. */
const READ_VERBS = /^(Get|List|Describe)/;

/** Whether `action` (`service:Verb...`) only reads: its verb is Get, List or Describe. */
export function isReadAction(action: string): boolean {
  return READ_VERBS.test(action.split(':')[1] ?? '');
}

export interface InfrastructureRoleProps {
  /** Name of the role. */
  readonly roleName: string;
  /** `plan`: the read actions only, and the read-only state role; `apply`: every action, and the read-write one. */
  readonly mode: 'plan' | 'apply';
  /** The one role that may assume it: the service's CodeBuild project role for this purpose (a reference). */
  readonly trustedRoleArn: string;
  /** The permissions boundary it carries (the environment's). */
  readonly boundaryArn: string;
  /**
   * Actions the service's infrastructure calls (`sqs:CreateQueue`, ...; no wildcards), on its own resources only
   * (`resources`). The plan role gets the read ones (Get, List, Describe). @default none
   */
  readonly actions?: readonly string[];
  /** Where the service's resources live and how their names start. */
  readonly resources: ServiceResourceScope;
  /** The state role of the service's state key (management account) that the backend assumes. */
  readonly stateRoleArn: string;
  readonly description: string;
}

/**
 * The role a service's own Terraform runs as in one environment: trusted only by the CodeBuild project of that
 * service and purpose, carrying the environment's permissions boundary, allowed the actions the service's config
 * declares on the resources named with the service's prefix, and the state role of its own state key. The plan
 * role holds no write action; the constructor refuses one.
 */
export class InfrastructureRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  /** Every action of its policy, sorted. */
  readonly actions: readonly string[];

  constructor(scope: Construct, id: string, props: InfrastructureRoleProps) {
    super(scope, id);
    const where = `InfrastructureRole ${this.node.path}`;
    const declared = [...new Set(props.actions ?? [])].sort();
    const wild = declared.find((a) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a));
    if (wild !== undefined)
      throw new Error(`${where}: actions must be single actions such as "sqs:CreateQueue", no wildcards (got "${wild}")`);
    const actions = props.mode === 'plan' ? declared.filter(isReadAction) : declared;
    const services = [...new Set(actions.map((a) => a.split(':')[0]))].sort();

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'ItsBuildProject',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'AWS', identifiers: [props.trustedRoleArn] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.boundaryArn,
      maxSessionDuration: 3600,
    });
    this.arn = this.role.arn;

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      ...(actions.length === 0
        ? []
        : [{ sid: 'ItsOwnResources', effect: 'Allow', actions, resources: serviceResourceArns(services, props.resources) }]),
      { sid: 'ItsOwnState', effect: 'Allow', actions: ['sts:AssumeRole'], resources: [props.stateRoleArn] },
    ];
    this.actions = [...new Set(statements.flatMap((s) => s.actions ?? []))].sort();
    if (props.mode === 'plan') {
      const writes = this.actions.filter((a) => a !== 'sts:AssumeRole' && !isReadAction(a));
      if (writes.length > 0) throw new Error(`${where}: a plan role may not hold write actions (got ${writes.join(', ')})`);
    }
    const policy = new DataAwsIamPolicyDocument(this, 'permissions', { statement: statements });
    new IamRolePolicy(this, 'policy', { name: `service-infrastructure-${props.mode}`, role: this.role.id, policy: policy.json });
  }
}
