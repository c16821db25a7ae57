import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Testing } from '../../modules/core';
import { EventRoute, addEventRuleTarget, type EventRouteProps, type EventRuleTargetProps } from '../../modules/event-route';
import { resourcesOf } from '../support/synth';

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:probe-notifications';
const PATTERN = { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } };
const ROUTE: EventRouteProps = { ruleName: 'probe-findings', description: 'High findings', eventPattern: PATTERN, topicArn: TOPIC };

function synthRoute(props: EventRouteProps = ROUTE): { json: string; tf: Record<string, any> } {
  const json = Testing.synthScope((scope) => new EventRoute(scope, 'route', props));
  return { json, tf: JSON.parse(json) };
}

function synthRuleTarget(props: EventRuleTargetProps): Record<string, any> {
  return JSON.parse(Testing.synthScope((scope) => addEventRuleTarget(scope, { rule: 'r', target: 't' }, props)));
}

describe('EventRoute', () => {
  test('an enabled rule on the default bus, its pattern serialized as given', () => {
    const { json, tf } = synthRoute();
    expect(json).toHaveResourceWithProperties(CloudwatchEventRule, {
      name: 'probe-findings',
      description: 'High findings',
      state: 'ENABLED',
    });
    const [rule] = resourcesOf(tf, 'aws_cloudwatch_event_rule');
    expect(JSON.parse(rule.event_pattern)).toEqual(PATTERN);
    expect(rule.event_bus_name).toBeUndefined();
  });

  test('one target: the topic, fed by this rule, with the event itself as the message', () => {
    const { json, tf } = synthRoute();
    expect(json).toHaveResourceWithProperties(CloudwatchEventTarget, { arn: TOPIC, target_id: 'sns' });
    const [target] = resourcesOf(tf, 'aws_cloudwatch_event_target');
    expect(target.rule).toMatch(/^\$\{aws_cloudwatch_event_rule\.[^.]+\.name\}$/);
    expect(target.input_transformer).toBeUndefined();
    expect(resourcesOf(tf, 'aws_cloudwatch_event_target')).toHaveLength(1);
  });

  test('refuses an empty pattern, which would match nothing', () => {
    expect(() => synthRoute({ ...ROUTE, eventPattern: {} })).toThrow(
      /eventPattern is empty and would match nothing; name at least a source/,
    );
  });
});

describe('addEventRuleTarget', () => {
  const base: EventRuleTargetProps = {
    ruleName: 'probe-log',
    description: 'd',
    eventPattern: PATTERN,
    targetArn: 'arn:x',
    targetId: 'log',
  };

  test('leaves the state to EventBridge unless given', () => {
    const [rule] = resourcesOf(synthRuleTarget(base), 'aws_cloudwatch_event_rule');
    expect(rule.state).toBeUndefined();
    const [disabled] = resourcesOf(synthRuleTarget({ ...base, state: 'DISABLED' }), 'aws_cloudwatch_event_rule');
    expect(disabled.state).toBe('DISABLED');
  });

  test('a message reads the named values of the event into its template, sent as a JSON string', () => {
    const tf = synthRuleTarget({
      ...base,
      message: { inputPaths: { pipeline: '$.detail.pipeline' }, template: 'Failed: <pipeline> "now"' },
    });
    const [target] = resourcesOf(tf, 'aws_cloudwatch_event_target');
    expect(target.input_transformer).toEqual({
      input_paths: { pipeline: '$.detail.pipeline' },
      input_template: '"Failed: <pipeline> \\"now\\""',
    });
    expect(target).toMatchObject({ arn: 'arn:x', target_id: 'log' });
  });
});
