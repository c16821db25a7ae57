import { COMMENT_MARKER, renderPrComment } from '../../tools/ci/comment';
import { countPlan } from '../../tools/ci/plan';
import { listStacks, plannableStacks } from '../../tools/ci/stacks';
import { EXAMPLE_STACKS_SORTED, exampleConfig } from '../support/config';
import { synthInto, tempDir } from './support/synth-pair';

const tmp = tempDir('ci-test-');
afterAll(() => tmp.cleanup());

test('the plan matrix is every stack with remote state, from the synthesized manifest', () => {
  const outdir = synthInto(exampleConfig(), `${tmp.dir}/out`);
  expect(listStacks(outdir).map((s) => [s.name, s.backend])).toEqual([
    ['bootstrap', 'local'],
    ['dev', 's3'],
    ['dev-access', 's3'],
    ['management-access', 's3'],
    ['platform', 's3'],
    ['prod', 's3'],
    ['prod-access', 's3'],
    ['staging', 's3'],
    ['staging-access', 's3'],
    ['test', 's3'],
    ['test-access', 's3'],
  ]);
  expect(plannableStacks(outdir)).toEqual(EXAMPLE_STACKS_SORTED.filter((name) => name !== 'bootstrap'));
  const migrated = synthInto(
    exampleConfig((raw) => (raw.organisation.stateBackend.bootstrapMigrated = true)),
    `${tmp.dir}/migrated`,
  );
  expect(plannableStacks(migrated)).toEqual(EXAMPLE_STACKS_SORTED);
});

test('plan counts follow terraform: a replacement is an add and a destroy', () => {
  expect(
    countPlan([
      { address: 'aws_s3_bucket.a', actions: ['create'] },
      { address: 'aws_iam_role.b', actions: ['update'] },
      { address: 'aws_kms_key.c', actions: ['delete', 'create'] },
      { address: 'aws_sns_topic.d', actions: ['delete'] },
    ]),
  ).toEqual({
    add: 2,
    change: 1,
    destroy: 2,
    destructive: [
      { address: 'aws_kms_key.c', how: 'replace' },
      { address: 'aws_sns_topic.d', how: 'destroy' },
    ],
  });
});

test('the PR comment starts with its marker and holds plans, policy findings and the diff', () => {
  const body = renderPrComment({
    sha: '0123456789abcdef0123',
    plans: [
      { stack: 'prod', outcome: 'failed' },
      { stack: 'dev', outcome: 'planned', changes: [{ address: 'aws_kms_key.k', actions: ['create', 'delete'] }] },
      { stack: 'test', outcome: 'planned', changes: [] },
    ],
    policy: {
      summaries: [{ stack: 'dev', rules: 9, checks: 9, errors: 0, warnings: 1, suppressed: 1 }],
      findings: [
        { stack: 'dev', ruleId: 'PLAT-S3-002', level: 'warning', address: 'aws_s3_bucket.x', path: 'dev/x', message: 'no lifecycle' },
        {
          stack: 'dev',
          ruleId: 'PLAT-KMS-001',
          level: 'error',
          address: 'aws_kms_key.k',
          path: 'dev/k',
          message: 'rotation off',
          suppressedBecause: 'asymmetric keys cannot rotate',
        },
      ],
    },
    diffMarkdown: '### Synth diff\n\nNo change in the synthesized output.\n',
    runUrl: 'https://github.com/acme/repo/actions/runs/1',
  });
  expect(body.split('\n')[0]).toBe(COMMENT_MARKER);
  expect(body).toContain('## Plan review for `0123456789ab`');
  expect(body).toContain('| dev | 🛑 destroys | 1 | 0 | 1 |');
  expect(body).toContain('| prod | ❌ failed | | | |');
  expect(body).toContain('| test | ✅ no changes | 0 | 0 | 0 |');
  expect(body).toContain('- 🛑 **dev**: `aws_kms_key.k` (replace)');
  expect(body).toContain('| dev | 9 | 9 | 0 | 1 | 1 |');
  expect(body).toContain('- `PLAT-S3-002` **dev** `aws_s3_bucket.x`: no lifecycle (WARNING)');
  expect(body).toContain('(suppressed: asymmetric keys cannot rotate)');
  expect(body.trimEnd().endsWith('No change in the synthesized output.')).toBe(true);
});
