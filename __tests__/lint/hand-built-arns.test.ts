import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// ARNs are built in one place, modules/core/arn.ts (`formatArn` and its helpers), so an ARN's shape is written
// once. This check fails on an ARN built by hand anywhere else in the source: a string that starts with `arn:`
// followed by an interpolation or a partition (`arn:${partition}:...`, 'arn:aws:...'), or the `'arn'` piece of
// a joined list. Comments may show an ARN's shape.

const ROOT = path.resolve(__dirname, '..', '..');
const FOLDERS = [
  'main.ts',
  'model',
  'modules',
  'stacks',
  'tools',
  'policies',
  'vocabulary',
  'environments/load.ts',
  'environments/read.ts',
];
const HOME = 'modules/core/arn.ts';

const HAND_BUILT = [/[`'"]arn:(?:\$\{|aws[a-z-]*:)/g, /[`'"]arn[`'"]\s*[,+]/g, /[`'"]arn:[`'"]\s*\+/g];

/** The hand-built ARNs of `source`, one entry per match, comment lines aside. */
function handBuiltArns(source: string): string[] {
  return source
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .flatMap((line) => HAND_BUILT.flatMap((pattern) => [...line.matchAll(pattern)].map((m) => `${line.trim()} (${m[0]})`)));
}

function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '--', ...FOLDERS], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && f !== HOME && fs.existsSync(path.join(ROOT, f)));
}

describe('the guard finds a hand-built ARN', () => {
  test.each([
    ['an interpolated partition', 'const a = `arn:${partition}:iam::${account}:role/${name}`;'],
    ['a literal partition', "const a = 'arn:aws:s3:::bucket';"],
    ['a literal partition in a template', 'const a = `arn:aws-us-gov:kms:${region}:${account}:key/*`;'],
    ['a joined list', "const a = ['arn', partition, 'iam', '', account, 'root'].join(':');"],
    ['a concatenation', "const a = 'arn:' + partition + ':s3:::b';"],
  ])('%s', (_case, line) => {
    expect(handBuiltArns(line)).toHaveLength(1);
  });

  test.each([
    ['a comment', '  // e.g. `arn:aws:s3:::acme-prod-artifacts/x/*`'],
    ['a doc comment', ' * other names it (`arn:${p}:s3:::bucket`)'],
    ['a call of the helpers', 'const a = iamRoleArn(partition, account, name);'],
    ['a pattern that checks an ARN', 'const ok = /^arn:[a-z-]+:iam::\\d{12}:role\\/./.test(arn);'],
  ])('but not in %s', (_case, line) => {
    expect(handBuiltArns(line)).toEqual([]);
  });
});

describe('no ARN is built by hand outside modules/core/arn.ts', () => {
  const found = new Map(sourceFiles().map((file) => [file, handBuiltArns(fs.readFileSync(path.join(ROOT, file), 'utf8'))]));

  test('the guard reads the source folders (not vacuous)', () => {
    expect(found.size).toBeGreaterThan(50);
    expect(found.has('modules/account-access/environment-access.ts')).toBe(true);
  });

  test('no file builds an ARN by hand (use formatArn or a helper of modules/core/arn.ts)', () => {
    const offenders = [...found].filter(([, arns]) => arns.length > 0).map(([file, arns]) => ({ file, arns }));
    expect(offenders).toEqual([]);
  });
});
