import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Construct } from '../core';

/** How a target turns each matching event into the message it receives. */
export interface EventMessage {
  /** Values read from the event, by name, e.g. `{ pipeline: '$.detail.pipeline' }`. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** The message, with `<name>` where a value goes; sent as a JSON string. */
  readonly template: string;
}

export interface EventRuleTargetProps {
  /** Rule name. */
  readonly ruleName: string;
  /** What the rule routes, in one line. */
  readonly description: string;
  /** EventBridge event pattern, as an object (serialized here). */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** ARN of what receives the events (an SNS topic, a log group); its policy must let events.amazonaws.com deliver. */
  readonly targetArn: string;
  /** Id of the target within the rule. */
  readonly targetId: string;
  /** The message the target receives. @default the event itself */
  readonly message?: EventMessage;
  /** State of the rule. @default unset (EventBridge enables a new rule) */
  readonly state?: 'ENABLED' | 'DISABLED';
}

/** The construct ids of a rule and its target within their scope. */
export interface EventRuleTargetIds {
  readonly rule: string;
  readonly target: string;
}

/**
 * An EventBridge rule on the default bus and its one target, created on `scope` under `ids`. `EventRoute` wraps
 * it in a construct of its own; a module whose rules already exist at these ids (their addresses are a contract)
 * calls it directly.
 */
export function addEventRuleTarget(
  scope: Construct,
  ids: EventRuleTargetIds,
  props: EventRuleTargetProps,
): { rule: CloudwatchEventRule; target: CloudwatchEventTarget } {
  if (Object.keys(props.eventPattern).length === 0) {
    throw new Error(`event rule ${scope.node.path}/${ids.rule}: eventPattern is empty and would match nothing; name at least a source`);
  }
  const rule = new CloudwatchEventRule(scope, ids.rule, {
    name: props.ruleName,
    description: props.description,
    eventPattern: JSON.stringify(props.eventPattern),
    state: props.state,
  });
  const message = props.message;
  const target = new CloudwatchEventTarget(scope, ids.target, {
    rule: rule.name,
    arn: props.targetArn,
    targetId: props.targetId,
    inputTransformer:
      message === undefined ? undefined : { inputPaths: { ...message.inputPaths }, inputTemplate: JSON.stringify(message.template) },
  });
  return { rule, target };
}

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

/** An EventBridge rule on the default bus, enabled, that sends matching events to an SNS topic. */
export class EventRoute extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: EventRouteProps) {
    super(scope, id);
    const { rule, target } = addEventRuleTarget(
      this,
      { rule: 'rule', target: 'target' },
      {
        ruleName: props.ruleName,
        description: props.description,
        eventPattern: props.eventPattern,
        targetArn: props.topicArn,
        targetId: 'sns',
        state: 'ENABLED',
      },
    );
    this.rule = rule;
    this.target = target;
  }
}
