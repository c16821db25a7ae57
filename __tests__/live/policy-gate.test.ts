import * as path from 'path';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { readSynthOutput } from '../../tools/diff/diff';
import { minimalConfig } from '../support/config';
import { liveOutdir, liveStackNames } from '../support/example';
import { errorAnnotations, stackNamesOf, synthesizeKeepingFindings } from '../support/keep-findings';
import { once, tempDir } from '../tools/support/synth-pair';

// The policy gate over the live configuration: one test per stack. The run's synth keeps error findings in the
// manifest instead of aborting (support/keep-findings.ts), so a policy error fails its stack's test here while
// every other test still runs and reports.
test.each(liveStackNames())('%s has no error findings', (stack) => {
  expect(errorAnnotations(liveOutdir(), stack)).toEqual([]);
});

describe('a planted policy violation', () => {
  const tmp = tempDir('planted-gate-');
  afterAll(() => tmp.cleanup());
  const planted = once(() =>
    synthesizeKeepingFindings(minimalConfig(), path.join(tmp.dir, 'out'), (stacks) => {
      new IamUser(stacks.environments[0], 'planted-user', { name: 'planted' });
    }),
  );

  test('fails the gate of its stack, naming the rule', () => {
    expect(errorAnnotations(planted(), 'dev')).toEqual([expect.stringMatching(/^dev\/planted-user: \[PLAT-IAM-005\] /)]);
  });

  test('leaves the other stacks gated clean', () => {
    expect(stackNamesOf(planted()).filter((stack) => errorAnnotations(planted(), stack).length > 0)).toEqual(['dev']);
  });

  test('still writes every stack for the other tests to read', () => {
    const stacks = readSynthOutput(planted());
    expect([...stacks.keys()].sort()).toEqual([...stackNamesOf(planted())].sort());
    expect(Object.keys(stacks.get('dev')?.resource as object)).toContain('aws_iam_user');
  });
});
