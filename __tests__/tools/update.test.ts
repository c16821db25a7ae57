import * as fs from 'fs';
import * as path from 'path';
import type { Generator } from '../../tools/update/generators';
import { INVENTORY_DIR, bodyHash, inventoryEntries, renderInventory } from '../../tools/update/inventory';
import { administratorNotes, applyChanges, changedLines, pendingChanges, type Change } from '../../tools/update/update';
import { tempDir } from './support/synth-pair';

const stack = {
  '//': { metadata: { stackName: 'dev' } },
  terraform: { backend: { s3: { key: 'dev' } }, required_providers: { aws: { source: 'aws' } } },
  provider: { aws: [{ region: 'eu-west-1' }] },
  resource: {
    aws_s3_bucket: { store_1A2B: { '//': { metadata: { path: 'dev/store' } }, bucket: 'acme-store' } },
    aws_iam_role: { role_3C4D: { name: 'acme-role' } },
  },
  data: { aws_iam_policy_document: { trust_5E6F: { statement: [{ actions: ['sts:AssumeRole'] }] } } },
  output: { bucket: { value: 'acme-store' } },
};

describe('a stack inventory', () => {
  test('lists every resource, data source and setting by address, sorted, with the hash of its body', () => {
    expect(inventoryEntries(stack).entries.map(([address]) => address)).toEqual([
      'aws_iam_role.role_3C4D',
      'aws_s3_bucket.store_1A2B',
      'data.aws_iam_policy_document.trust_5E6F',
      'output.bucket',
      'provider.aws',
      'terraform.backend',
      'terraform.required_providers',
    ]);
  });

  test('says how many resources, data sources and settings the stack has', () => {
    expect(renderInventory('dev', stack).split('\n')[0]).toBe('# dev: 2 resources, 1 data sources, 4 settings');
  });

  test('hashes a body without cdktf metadata, independent of key order', () => {
    expect(bodyHash({ '//': { metadata: { path: 'a' } }, a: 1, b: [2] })).toBe(bodyHash({ b: [2], a: 1 }));
    expect(bodyHash({ a: 1 })).toMatch(/^[0-9a-f]{10}$/);
  });

  test('a change to one body changes that line only', () => {
    const changed = structuredClone(stack);
    changed.resource.aws_s3_bucket.store_1A2B.bucket = 'acme-other';
    const before = renderInventory('dev', stack).split('\n');
    const after = renderInventory('dev', changed).split('\n');
    expect(after.filter((line) => !before.includes(line))).toEqual([expect.stringMatching(/^[0-9a-f]{10} {2}aws_s3_bucket\.store_1A2B$/)]);
  });
});

describe('update and its check', () => {
  const tmp = tempDir('update-test-');
  afterAll(() => tmp.cleanup());
  let files: Map<string, string>;
  const generator: Generator = {
    name: 'fake',
    description: 'fake files',
    folder: { dir: 'out', extension: '.txt' },
    generate: () => files,
  };
  const context = { config: {} as never, stacks: new Map() };

  test('reports a missing file as added, a different one as changed and one no longer generated as removed', () => {
    const root = fs.mkdtempSync(path.join(tmp.dir, 'root-'));
    fs.mkdirSync(path.join(root, 'out'));
    fs.writeFileSync(path.join(root, 'out', 'same.txt'), 'same\n');
    fs.writeFileSync(path.join(root, 'out', 'old.txt'), 'old\n');
    fs.writeFileSync(path.join(root, 'out', 'stale.txt'), 'before\n');
    fs.writeFileSync(path.join(root, 'out', 'notes.md'), 'not owned\n');
    files = new Map([
      ['out/same.txt', 'same\n'],
      ['out/stale.txt', 'after\n'],
      ['out/new.txt', 'new\n'],
    ]);
    expect(pendingChanges(root, [generator], context).map((c) => [c.status, c.path])).toEqual([
      ['added', path.join('out', 'new.txt')],
      ['removed', path.join('out', 'old.txt')],
      ['changed', path.join('out', 'stale.txt')],
    ]);
  });

  test('writes and removes what it reported, after which nothing is stale', () => {
    const root = fs.mkdtempSync(path.join(tmp.dir, 'root-'));
    fs.mkdirSync(path.join(root, 'out'));
    fs.writeFileSync(path.join(root, 'out', 'old.txt'), 'old\n');
    files = new Map([['out/new.txt', 'new\n']]);
    applyChanges(root, pendingChanges(root, [generator], context));
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['new.txt']);
    expect(pendingChanges(root, [generator], context)).toEqual([]);
  });

  test('shows the lines of a stale file that differ', () => {
    expect(changedLines('a\nb\nc\n', 'a\nB\nc\n')).toBe('- b\n+ B');
    expect(changedLines('', 'x\ny\nz', 2).split('\n')).toEqual(['- ', '+ x', '... and 2 more lines']);
  });
});

describe('what npm run update tells the administrator', () => {
  const byHand = { provider: { aws: [{ allowed_account_ids: ['111111111111'] }] } };
  const byWorkflow = { provider: { aws: [{ allowed_account_ids: ['222222222222'], assume_role: [{ role_arn: 'x' }] }] } };
  const stacks = new Map<string, Record<string, unknown>>([
    ['bootstrap', byHand],
    ['dev-access', { provider: { aws: [{ allowed_account_ids: ['222222222222'] }] } }],
    ['dev', byWorkflow],
  ]);
  const inventory = (stack: string, status: 'added' | 'changed' | 'removed'): Change => ({
    generator: 'inventories',
    path: path.join(INVENTORY_DIR, `${stack}.txt`),
    status,
    ...(status === 'removed' ? {} : { text: 'x' }),
  });

  test('a changed bootstrap inventory and a new access stack: apply them by hand, in their accounts', () => {
    expect(administratorNotes([inventory('bootstrap', 'changed'), inventory('dev-access', 'added')], stacks)).toEqual([
      'Administrator: bootstrap changes and no workflow applies it: once this merges, an administrator of account 111111111111 must apply it with their own credentials (npx cdktf deploy bootstrap; docs/bootstrap-and-access.md); until then what it adds does not exist and the plans and applies that need it fail.',
      expect.stringMatching(
        /^Administrator: dev-access is new and no workflow applies it: once this merges, an administrator of account 222222222222 must apply it/,
      ),
    ]);
  });

  test('nothing for a stack a workflow applies, another derived file, or a removed inventory', () => {
    const docs: Change = { generator: 'docs', path: path.join('docs', 'pipelines', 'bootstrap.md'), status: 'changed', text: 'x' };
    expect(administratorNotes([inventory('dev', 'changed'), docs, inventory('dev-access', 'removed')], stacks)).toEqual([]);
  });
});
