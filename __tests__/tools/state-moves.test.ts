import * as fs from 'fs';
import * as path from 'path';
import { stateMoveScript, stateMovesInto } from '../../tools/ci/state-moves';
import deploy from '../fixtures/deploy';
import { scenarioConfig } from '../support/config';
import { synthInto, tempDir } from './support/synth-pair';

const tmp = tempDir('state-moves-test-');
afterAll(() => tmp.cleanup());

/** The deploy scenario (__tests__/fixtures/deploy) with prod's payments team (its service `relay`) split out into `prod-payments`. */
const outdir = synthInto(
  scenarioConfig(deploy, (raw) => {
    for (const env of Object.values(raw.environments)) delete env.stackGroups;
    raw.environments.prod.stackGroups = [{ name: 'payments', teams: ['payments'] }];
  }),
  `${tmp.dir}/out`,
);

function resourceAddresses(stack: string): string[] {
  const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  return Object.entries(tf.resource as Record<string, object>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
}

test('a split-out stack moves every managed resource it declares, from its environment stack, at the same address', () => {
  const plan = stateMovesInto(outdir, 'prod-payments');
  expect(plan.from).toBe('prod');
  expect(plan.to).toBe('prod-payments');
  expect(plan.addresses).toEqual(resourceAddresses('prod-payments').sort());
  expect(plan.addresses.every((a) => /[._-]relay[_-]/.test(a))).toBe(true);
  expect(plan.addresses).toContainEqual(expect.stringMatching(/^aws_codepipeline\.pipeline-relay_pipeline_[0-9A-F]{8}$/));
  expect(plan.addresses.some((a) => a.startsWith('data.'))).toBe(false);
});

test('the script pulls both states, moves each address to itself, and pushes both back', () => {
  const script = stateMoveScript({ from: 'prod', to: 'prod-payments', addresses: ['aws_iam_role.a_1', 'aws_iam_role.b_2'] }, '/w');
  expect(script.split('\n')).toEqual([
    '#!/bin/sh',
    '# Move 2 resources from the state of "prod" to that of "prod-payments", at the same addresses.',
    'set -eu',
    'work=/w',
    'mkdir -p "$work"',
    '(cd stacks/prod && terraform init -input=false >/dev/null && terraform state pull > "$work/prod.tfstate")',
    '(cd stacks/prod-payments && terraform init -input=false >/dev/null)',
    'cd "$work"',
    "terraform state mv -lock=false -state=prod.tfstate -state-out=prod-payments.tfstate 'aws_iam_role.a_1' 'aws_iam_role.a_1'",
    "terraform state mv -lock=false -state=prod.tfstate -state-out=prod-payments.tfstate 'aws_iam_role.b_2' 'aws_iam_role.b_2'",
    'cd - >/dev/null',
    '(cd stacks/prod && terraform state push "$work/prod.tfstate")',
    '(cd stacks/prod-payments && terraform state push "$work/prod-payments.tfstate")',
    '',
  ]);
});

test.each([
  ['prod', /^stack "prod" is not split out of an environment \(split-out stacks in .*: prod-payments\)$/],
  [
    'prod-billing',
    /^no stack "prod-billing" in .* \(stacks: bootstrap, dev, dev-access, management-access, platform, prod, prod-access, prod-payments, staging, staging-access, test, test-access\)$/,
  ],
])('%s: a stack that is not split out is refused, naming those that are', (stack, message) => {
  expect(() => stateMovesInto(outdir, stack)).toThrow(message);
});
