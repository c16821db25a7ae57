import { Testing } from '../../modules/core';
import { buildExample } from '../support/synth';

// One snapshot per stack and environment, synthesized with validations on. They guard against accidental
// change; the behaviour is asserted in the other tests. Update deliberately: `npx jest -u`, and review the diff.
const stacks = buildExample();

test.each(stacks.all.map((s) => [s.node.id, s] as const))('%s matches its snapshot', (_name, stack) => {
  expect(Testing.synth(stack, true)).toMatchSnapshot();
});
