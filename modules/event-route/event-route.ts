import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Construct } from '../core';

export interface EventRouteProps {
  /** Rule name. */
  readonly ruleName: string;
  /** What the rule routes, in one line. */
  readonly description: string;
  /** EventBridge event pattern, as an object (serialized here). */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** ARN of the SNS topic that receives the events; its policy and key must let events.amazonaws.com publish. */
  readonly topicArn: string;
}

/** An EventBridge rule on the default bus that sends matching events to an SNS topic. */
export class EventRoute extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: EventRouteProps) {
    super(scope, id);
    if (Object.keys(props.eventPattern).length === 0) {
      throw new Error(`EventRoute ${this.node.path}: eventPattern is empty and would match nothing; name at least a source`);
    }
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: props.ruleName,
      description: props.description,
      eventPattern: JSON.stringify(props.eventPattern),
      state: 'ENABLED',
    });
    this.target = new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      targetId: 'sns',
      arn: props.topicArn,
    });
  }
}
