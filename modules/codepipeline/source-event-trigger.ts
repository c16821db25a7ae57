import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from '../core';

export interface SourceEventTriggerProps {
  /** Rule name (also the name of the role EventBridge assumes). */
  readonly name: string;
  /** What starts the pipeline. */
  readonly description: string;
  /** The EventBridge event pattern (serialized here). */
  readonly eventPattern: Record<string, unknown>;
  /** ARN of the pipeline to start. */
  readonly pipelineArn: string;
  /** The account that owns the pipeline and the rule. */
  readonly accountId: string;
}

/**
 * Starts a pipeline from an EventBridge event (a CodeCommit push, an S3 upload), for sources that have
 * no V2 trigger: a rule, its target, and a role that may start exactly that pipeline.
 */
export class SourceEventTrigger extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: SourceEventTriggerProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'EventBridgeOfThisAccount',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', { name: props.name, assumeRolePolicy: trust.json, description: props.description });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        { sid: 'StartPipeline', effect: 'Allow', actions: ['codepipeline:StartPipelineExecution'], resources: [props.pipelineArn] },
      ],
    });
    new IamRolePolicy(this, 'policy', { name: 'start-pipeline', role: this.role.id, policy: permissions.json });
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: props.name,
      description: props.description,
      eventPattern: JSON.stringify(props.eventPattern),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      arn: props.pipelineArn,
      roleArn: this.role.arn,
      targetId: 'pipeline',
    });
  }
}
