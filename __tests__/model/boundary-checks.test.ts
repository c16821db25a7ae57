import { boundaryAllows, boundaryDocument } from '../../modules/core';
import { boundaryScope, resolveInfrastructure } from '../../model';
import fixture from '../fixtures/service-actions';
import { scenarioConfig, scenarioErrorOf, type RawConfig } from '../support/config';
import { buildExample, synthObject } from '../support/synth';

// Issue 14: what a service's infrastructure declares (`actions`) is checked against the permissions boundary when the
// config loads, on the service's own resources, not found out at apply time. Scenario: __tests__/fixtures/service-actions/.

const config = scenarioConfig(fixture);
const [service] = config.services;
const declare = (actions: string[]) => (raw: RawConfig) => {
  raw.services[0].pipeline.infrastructure.actions = actions;
};

describe('actions a service declares for its infrastructure', () => {
  test("those the boundary allows on the service's resources load: added by config (sqs) or in its catalogue (logs, s3)", () => {
    const infrastructure = resolveInfrastructure(service, config.environments[0], config.organisation)!;
    expect(infrastructure.actions).toEqual(['logs:CreateLogGroup', 's3:GetObject', 'sqs:CreateQueue', 'sqs:GetQueueAttributes']);
  });

  test('the synthesized apply role and the boundary of its account agree: each declared action on each resource', () => {
    const stacks = buildExample(config);
    const dev = stacks.environments.find((s) => s.node.id === 'dev')!;
    const tf = synthObject(dev);
    const role = Object.entries<any>(tf.resource.aws_iam_role).find(([, r]) => r.name === 'mini-dev-ledger-iac-apply-tf')!;
    const policy = Object.values<any>(tf.resource.aws_iam_role_policy).find((p) => p.role.includes(role[0]))!;
    const id = /aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1];
    const own = tf.data.aws_iam_policy_document[id].statement.find((s: any) => s.sid === 'ItsOwnResources');
    const { statements } = boundaryDocument({
      scope: boundaryScope(config.organisation, '100000000002'),
      additionalActions: config.organisation.permissionsBoundary.additionalActions,
      deniedActions: [],
    });
    const pairs = own.actions.flatMap((action: string) => own.resources.map((resource: string) => [action, resource]));
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    for (const [action, resource] of pairs)
      expect([action, resource, boundaryAllows(statements, action, resource)]).toEqual([action, resource, true]);
  });

  test('an action the boundary does not allow stops the load, naming the file, service, field, action and fix', () => {
    const error = scenarioErrorOf(fixture, declare(['sqs:GetQueueAttributes', 'sqs:DeleteQueue']));
    expect(error.message).toContain(
      'environments/services.ts (service "ledger"): pipeline.infrastructure.actions[1]: "sqs:DeleteQueue" is not allowed by the permissions boundary on the service\'s resources (arn:aws:sqs:eu-west-1:100000000002:mini-ledger-*, environment "dev"); add it to organisation.permissionsBoundary.additionalActions in environments/organisation.ts (the boundary then allows it on "mini-*" names, the service\'s among them), or remove it',
    );
    expect(error.message).not.toContain('sqs:GetQueueAttributes"');
  });

  test("an action outside the boundary's catalogue is refused until config adds it to the boundary", () => {
    const error = scenarioErrorOf(fixture, (raw) => {
      declare(['sqs:CreateQueue', 'lambda:CreateFunction'])(raw);
    });
    expect(error.message).toContain(
      'pipeline.infrastructure.actions[1]: "lambda:CreateFunction" is not allowed by the permissions boundary',
    );
    const added = scenarioConfig(fixture, (raw) => {
      declare(['lambda:CreateFunction'])(raw);
      raw.organisation.permissionsBoundary.additionalActions.push('lambda:CreateFunction');
    });
    expect(added.services[0].pipeline!.infrastructure!.actions).toEqual(['lambda:CreateFunction']);
  });

  test('a deploy of type infrastructure is checked the same way, under pipeline.deploy', () => {
    const error = scenarioErrorOf(fixture, (raw) => {
      const { infrastructure } = raw.services[0].pipeline;
      raw.services[0].pipeline = {
        pattern: 'promotion',
        deploy: { type: 'infrastructure', ...infrastructure, actions: ['sqs:PurgeQueue'] },
      };
    });
    expect(error.message).toContain(
      '(service "ledger"): pipeline.deploy.actions[0]: "sqs:PurgeQueue" is not allowed by the permissions boundary',
    );
  });
});

describe("the state backend's names", () => {
  test.each([
    ['bucketName', 'tfstate-100000000001', 'buckets'],
    ['lockTableName', 'tflock', 'tables'],
  ])('stateBackend.%s outside the prefix is refused: the state roles\' boundary allows only "mini-*"', (field, name, what) => {
    const error = scenarioErrorOf(fixture, (raw) => {
      raw.organisation.stateBackend[field] = name;
    });
    expect(error.message).toContain(
      `environments/organisation.ts: stateBackend.${field}: "${name}" must start with "mini-": the permissions boundary of the state roles allows ${what} named "mini-*" only; rename it`,
    );
  });

  test('the lock table is not checked when state locks in S3', () => {
    expect(() =>
      scenarioConfig(fixture, (raw) => {
        raw.organisation.stateBackend.lockTableName = 'tflock';
        raw.organisation.stateBackend.locking = 's3';
      }),
    ).not.toThrow();
  });
});
