import { loadConfig } from '../../model';
import { bucketsWithoutDataEvents } from '../support/audit';
import { liveStackNames, liveTerraform } from '../support/example';
import {
  boundaryProblems,
  boundedStacks,
  codebuildProblems,
  expectedStacks,
  flowProblems,
  pipelineProblems,
  serviceStacks,
} from './support/invariants';

// Properties of the live `environments/` that hold for every valid catalogue (./support/invariants.ts): they
// name no service and count none, so adding a service, a team or an environment needs no change here.
// Detailed behaviour is tested on the frozen fixtures (__tests__/fixtures/).
const config = loadConfig();
const holders = serviceStacks(config);

test('every environment has its stacks and its access stack; bootstrap, platform and management-access exist once', () => {
  expect([...liveStackNames()].sort()).toEqual(expectedStacks(config));
});

test.each(holders.map((h) => [h.stack, h] as const))(
  '%s holds exactly the pipelines of its services that reach its environment',
  (stack, holder) => {
    expect(pipelineProblems(config, holder, liveTerraform(stack))).toEqual([]);
  },
);

test.each(holders.map((h) => h.stack))('%s: every CodeBuild action of a pipeline runs a project of the stack', (stack) => {
  expect(codebuildProblems(stack, liveTerraform(stack))).toEqual([]);
});

test.each(holders.map((h) => [h.stack, h] as const))(
  '%s: every pipeline scans before its first deploy, checks after each deploy, and rolls each deploy stage back on failure',
  (stack, holder) => {
    expect(flowProblems(config, holder, liveTerraform(stack))).toEqual([]);
  },
);

test.each(boundedStacks(liveStackNames()))('%s: every role carries the permissions boundary', (stack) => {
  expect(boundaryProblems(config, stack, liveTerraform(stack))).toEqual([]);
});

test("every bucket's object access is recorded by a trail of its account (S3 data events: policies/checkov-skips.yaml, CKV_AWS_18)", () => {
  const stacks = liveStackNames().map((name) => ({ name, tf: liveTerraform(name) }));
  expect(stacks.some((s) => Object.keys(s.tf.resource?.aws_s3_bucket ?? {}).length > 0)).toBe(true);
  expect(bucketsWithoutDataEvents(stacks)).toEqual([]);
});
