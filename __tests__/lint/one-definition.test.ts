import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// Two facts have one definition each (issue 18), and these guards fail on a second one written by hand:
// - which environment is first, production, previous or next is model/promotion.ts's (`firstOf`, `productionOf`,
//   `previousOf`, `nextOf`): nothing else picks an environment of the promotion order by its position;
// - a resource name is model/names.ts's: nothing outside it extends one of its prefixes (`logGroupPrefix`, ...)
//   into a name by template; the name gets a function of its own in model/names.ts.
// Comment lines may show either.

const ROOT = path.resolve(__dirname, '..', '..');
const FOLDERS = ['main.ts', 'model', 'modules', 'stacks', 'tools', 'policies', 'vocabulary', 'environments'];

/** The lines of `source` that match one of `patterns`, comment lines aside. */
function matches(source: string, patterns: readonly RegExp[]): string[] {
  return source
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .flatMap((line) => patterns.flatMap((pattern) => [...line.matchAll(pattern)].map((m) => `${line.trim()} (${m[0]})`)));
}

/** Tracked source files of FOLDERS but `home`, with what each matches of `patterns` (files without a match left out). */
function offenders(home: string, patterns: readonly RegExp[]): { file: string; found: string[] }[] {
  return execFileSync('git', ['ls-files', '--', ...FOLDERS], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && f !== home && fs.existsSync(path.join(ROOT, f)))
    .map((file) => ({ file, found: matches(fs.readFileSync(path.join(ROOT, file), 'utf8'), patterns) }))
    .filter(({ found }) => found.length > 0);
}

// ---- positions in the promotion order ----------------------------------------------------------------

/** What holds the promotion order, or environments in its order. */
const ORDER = String.raw`\b(?:promotionOrder|environments|order|envs)`;
const BY_POSITION = [
  new RegExp(String.raw`${ORDER}\s*\[\s*0\s*\]`, 'g'),
  new RegExp(String.raw`${ORDER}\s*\[[^\]]*\.length\s*-\s*1\s*\]`, 'g'),
  new RegExp(String.raw`${ORDER}\s*\.\s*at\s*\(`, 'g'),
  new RegExp(String.raw`${ORDER}\s*\.\s*slice\s*\(\s*-`, 'g'),
  new RegExp(String.raw`${ORDER}\s*\.\s*(?:pop|shift)\s*\(`, 'g'),
];

describe('the guard finds an environment picked by its position in the promotion order', () => {
  test.each([
    ['the last of promotionOrder', 'const prod = organisation.promotionOrder[organisation.promotionOrder.length - 1];'],
    ['the first of promotionOrder', 'const first = config.organisation.promotionOrder[0];'],
    ['the first environment', 'const first = config.environments[0];'],
    ['the last environment by at(-1)', 'const prod = config.environments.at(-1);'],
    ['the last by slice(-1)', 'const [prod] = order.slice(-1);'],
    ['the last by pop()', 'const prod = envs.pop();'],
  ])('%s', (_case, line) => {
    expect(matches(line, BY_POSITION)).toHaveLength(1);
  });

  test.each([
    ['a comment', '// production is promotionOrder[promotionOrder.length - 1]'],
    ['a call of model/promotion.ts', 'const prod = productionOf(organisation.promotionOrder);'],
    ['membership', 'if (!organisation.promotionOrder.includes(name)) return;'],
    ['another list by position', 'const source = stages[0].actions;'],
  ])('but not in %s', (_case, line) => {
    expect(matches(line, BY_POSITION)).toEqual([]);
  });
});

test('no file but model/promotion.ts picks an environment by its position (use firstOf, productionOf, previousOf, nextOf)', () => {
  expect(offenders('model/promotion.ts', BY_POSITION)).toEqual([]);
});

// ---- resource names ------------------------------------------------------------------------------------

const NAMES = 'model/names.ts';

/** The prefix functions of model/names.ts (`logGroupPrefix`, `environmentNamePrefix`, `logGroupRoot`, ...). */
function namePrefixFunctions(): string[] {
  const source = fs.readFileSync(path.join(ROOT, NAMES), 'utf8');
  return [...source.matchAll(/^export function (\w+(?:Prefix|Root))\(/gm)].map((m) => m[1]);
}

/** A template that extends a name prefix into a name: `${logGroupPrefix(p, env)}/cloudtrail` (a `/*` pattern aside). */
const extendedPrefix = (functions: readonly string[]) => [
  new RegExp(String.raw`\$\{(?:${functions.join('|')})\([^\`]*?\)\}[-/._]?[A-Za-z0-9]`, 'g'),
];

describe('the guard finds a name built from a prefix of model/names.ts', () => {
  const patterns = extendedPrefix(['logGroupPrefix', 'environmentNamePrefix']);

  test.each([
    ['a log group', 'logGroupName: `${logGroupPrefix(prefix, environment.name)}/cloudtrail`,'],
    ['a rule', 'ruleName: `${environmentNamePrefix(prefix, env)}-failed`,'],
  ])('%s', (_case, line) => {
    expect(matches(line, patterns)).toHaveLength(1);
  });

  test.each([
    ['a pattern of every name under the prefix', 'resources: [logGroupArn(at, `${logGroupPrefix(prefix, env)}/*`)],'],
    ['a call of a name function', 'logGroupName: auditLogGroupName(prefix, environment.name),'],
  ])('but not in %s', (_case, line) => {
    expect(matches(line, patterns)).toEqual([]);
  });
});

test('model/names.ts has prefix functions for the guard to look for', () => {
  expect(namePrefixFunctions()).toEqual(expect.arrayContaining(['logGroupRoot', 'logGroupPrefix', 'environmentNamePrefix']));
});

test('no file but model/names.ts extends one of its prefixes into a name (give the name a function in model/names.ts)', () => {
  expect(offenders(NAMES, extendedPrefix(namePrefixFunctions()))).toEqual([]);
});
