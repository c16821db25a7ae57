import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildStackView, type PolicyFinding } from '../../policies';
import { CHECKOV_VERSION, SELECTORS, SKIPS_FILE, forCheckov, formatScan, loadSkips, selects } from '../../tools/checkov';
import { exampleTerraform } from '../support/example';

// every skips file of these tests under one folder, removed after them
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skips-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function skipsFrom(text: string): () => unknown {
  const file = path.join(fs.mkdtempSync(path.join(tmp, 'case-')), 'checkov-skips.yaml');
  fs.writeFileSync(file, text);
  return () => loadSkips(file);
}

describe('the Checkov skips file', () => {
  test('pins one Checkov release', () => {
    expect(CHECKOV_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('gives every skip a reason of at least 40 characters and a known selector', () => {
    const skips = loadSkips();
    expect(skips.length).toBeGreaterThan(0);
    for (const skip of skips) {
      expect(skip.id).toMatch(/^CKV2?_[A-Z0-9]+_\d+$/);
      expect(skip.reason.length).toBeGreaterThanOrEqual(40);
      if (skip.only !== undefined)
        expect(skip.only).toMatch(new RegExp(`^(${Object.keys(SELECTORS).join('|')}|suppressed:PLAT-[A-Z0-9]+-\\d{3})$`));
    }
    expect(fs.readFileSync(SKIPS_FILE, 'utf8')).toContain('CKV_AWS_18');
  });

  test.each([
    ['a skip without a reason', '- id: CKV_AWS_18\n', /entry 1 \(CKV_AWS_18\): reason must say why/],
    ['a reason too short to say why', '- id: CKV_AWS_18\n  reason: not needed\n', /reason must say why/],
    [
      'a made-up check id',
      '- id: S3_LOGGING\n  reason: a long enough reason that still names no real check\n',
      /id must be a Checkov check id/,
    ],
    [
      'an unknown selector',
      '- id: CKV_AWS_18\n  only: buckets\n  reason: a long enough reason for a selector that does not exist\n',
      /only must be one of kms-key-policy, permissions-boundary or suppressed:<RULE-ID>/,
    ],
    ['a misspelt field', '- id: CKV_AWS_18\n  reasn: a long enough reason under a misspelt key\n', /unknown field\(s\) reasn/],
    ['not a list', 'CKV_AWS_18: skip\n', /must be a list/],
  ])('refuses %s', (_name, text, expected) => {
    expect(skipsFrom(text)).toThrow(expected);
  });
});

describe('preparing stacks for Checkov', () => {
  const dev = exampleTerraform('dev');

  test('drops only the terraform block, which Checkov 3.3 cannot parse', () => {
    const prepared = forCheckov(dev);
    expect(prepared.terraform).toBeUndefined();
    expect(Object.keys(prepared).sort()).toEqual(
      Object.keys(dev)
        .filter((k) => k !== 'terraform')
        .sort(),
    );
  });

  const view = buildStackView('dev', dev);
  const documents = Object.keys(dev.data.aws_iam_policy_document);
  const pickedBy = (only: string, findings: PolicyFinding[] = []) =>
    documents.filter((name) => selects(only, { resource: `data.${name}`, stack: 'dev', view, findings }));

  test('the kms-key-policy selector picks key policy documents and nothing else', () => {
    const picked = pickedBy('kms-key-policy');
    expect(picked).toHaveLength(Object.keys(dev.resource.aws_kms_key).length);
    expect(picked.every((name) => /key_policy/.test(name))).toBe(true);
    expect(documents.length).toBeGreaterThan(picked.length);
  });

  test("the permissions-boundary selector picks the boundary documents only (the platform boundary and the Terraform role's)", () => {
    const access = exampleTerraform('dev-access');
    const accessView = buildStackView('dev-access', access);
    const picked = Object.keys(access.data.aws_iam_policy_document).filter((name) =>
      selects('permissions-boundary', { resource: `data.${name}`, stack: 'dev-access', view: accessView, findings: [] }),
    );
    expect(picked.sort()).toEqual([
      expect.stringMatching(/^permissions-boundary_document_/),
      expect.stringMatching(/^terraform-role_boundary_document_/),
    ]);
    expect(pickedBy('permissions-boundary')).toEqual([]);
  });

  test('a suppressed:<rule> selector picks only resources whose suppression of that rule the report shows', () => {
    const [secret] = Object.keys(dev.resource.aws_secretsmanager_secret);
    const address = `aws_secretsmanager_secret.${secret}`;
    const finding = (suppressedBecause?: string): PolicyFinding => ({
      stack: 'dev',
      ruleId: 'PLAT-SM-002',
      level: 'error',
      address,
      path: 'dev/x',
      message: 'has no rotation',
      suppressedBecause,
    });
    const failed = (findings: PolicyFinding[]) => ({ resource: address, stack: 'dev', view, findings });
    expect(selects('suppressed:PLAT-SM-002', failed([finding('issued by a third party without a rotation API')]))).toBe(true);
    expect(selects('suppressed:PLAT-SM-002', failed([finding(undefined)]))).toBe(false);
    expect(selects('suppressed:PLAT-SM-001', failed([finding('issued by a third party without a rotation API')]))).toBe(false);
  });
});

describe('the scan report', () => {
  test('columns align whatever the length of a stack name', () => {
    const stacks = [
      { stack: 'dev', passed: 2357, failed: 0, skipped: 67 },
      { stack: 'management-access', passed: 97, failed: 1, skipped: 4 },
    ];
    const rows = formatScan({ stacks, failures: [], parsingErrors: [], unusedSkips: [] } as never)
      .split('\n')
      .slice(1, 4);
    // every number column ends at the same character as its header
    for (const header of ['passed', 'failed', 'skipped']) {
      const end = rows[0].indexOf(header) + header.length;
      for (const row of rows.slice(1)) expect(row[end - 1]).toMatch(/\d/);
      for (const row of rows.slice(1)) expect(row.slice(end, end + 1)).toMatch(/^( |)$/);
    }
    expect(rows[2]).toMatch(/^ {2}management-access {2}\s*97 {2}\s*1 {2}\s*4$/);
  });
});
