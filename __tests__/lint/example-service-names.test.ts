import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { loadConfig } from '../../model';

// Tests hold for any valid catalogue: detailed behaviour is asserted on the frozen fixtures (__tests__/fixtures/),
// the live `environments/` only by invariants (__tests__/live/). A test that names a service of the live catalogue
// depends on it, or on a fixture that copies it: renaming or removing that service in `environments/` would leave
// the test reading a catalogue nobody edits, or fail it. This check reads the live service names at test time and
// fails on a string, template or regular-expression literal of a test that names one (as a whole word: `acme-dev-
// <service>-build` names it, `<service>x` does not). Comments may. The fix: move the assertion onto a scenario
// fixture with neutral service names (`scenarioConfig`, docs/testing.md), or rename the fixture's service.
// A live service that shares its name with a service of a scenario fixture is not looked for: a test naming it
// names the fixture's (the example fixture, a copy of the live catalogue, is no scenario), so a platform team
// adding a service of any name to `environments/` never fails this check.

const ROOT = path.resolve(__dirname, '..', '..');
const TESTS = path.join(ROOT, '__tests__');
/** Where the live catalogue may be named: its invariants, and the fixtures themselves (data, not tests). */
const EXEMPT = ['__tests__/live/', '__tests__/fixtures/'];
const FIXTURES = path.join(TESTS, 'fixtures');
/** Fixture folders that are no scenario: the copy of the live catalogue, and the services' application sources. */
const NOT_SCENARIOS = ['example', 'services'];

const LITERALS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each literal of `source` that names one of `services`, as `<line>: <literal> (<service>)`, one entry per name. */
function namingLiterals(source: string, services: readonly string[], file = 'test.ts'): string[] {
  const words = services.map((name) => [name, new RegExp(`(?<![A-Za-z0-9])${escape(name)}(?![A-Za-z0-9])`)] as const);
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (LITERALS.has(node.kind)) {
      const text = node.getText(sourceFile);
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      for (const [name, word] of words) if (word.test(text)) found.push(`${line}: ${text} (${name})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The names of the services of every scenario fixture (`__tests__/fixtures/<scenario>/index.ts`, `services`). */
function scenarioServiceNames(): Set<string> {
  const scenarios = fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_SCENARIOS.includes(entry.name));
  return new Set(
    scenarios.flatMap((entry) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- every scenario, read as the folder holds them
      const fixture = require(path.join(FIXTURES, entry.name)) as { services?: { name: string }[] };
      if (!Array.isArray(fixture.services)) throw new Error(`__tests__/fixtures/${entry.name}/index.ts: exports no \`services\` list`);
      return fixture.services.map((service) => service.name);
    }),
  );
}

/** The live services a test may not name: those no scenario fixture has a service of the same name for. */
function lookedFor(live: readonly string[], scenarios: ReadonlySet<string>): string[] {
  return live.filter((name) => !scenarios.has(name));
}

/** The test sources (`.ts`, `.js`) under __tests__/, relative to the root, outside the exempt folders. */
function testFiles(dir = TESTS): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    const relative = path.relative(ROOT, full).split(path.sep).join('/');
    if (EXEMPT.some((folder) => `${relative}/`.startsWith(folder))) return [];
    if (entry.isDirectory()) return testFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [relative] : [];
  });
}

describe('the guard finds a test that names a service', () => {
  const services = ['planted-api', 'planted-fn'];

  test.each([
    ['a string', "const p = pipeline('dev', 'planted-api');"],
    ['a derived name', "expect(names).toContain('acme-dev-planted-api-build');"],
    ['a template', 'const key = `promotion/planted-api/${env}/artifact.zip`;'],
    ['a template part', 'const id = `${prefix}-planted-fn-${purpose}`;'],
    ['a regular expression', 'expect(a).toMatch(/^aws_codepipeline\\.pipeline-planted-fn_/);'],
  ])('%s', (_case, line) => {
    expect(namingLiterals(line, services)).toHaveLength(1);
  });

  test.each([
    ['a comment', "// planted-api deploys to ECS: see 'planted-api'"],
    ['an identifier', 'const plantedFn = config.services[0];'],
    ['a longer word', "const team = 'planted-fn2' + 'xplanted-api';"],
    ['another service', "const p = pipeline('dev', 'planted-apis');"],
  ])('but not in %s', (_case, line) => {
    expect(namingLiterals(line, services)).toEqual([]);
  });

  test('nor a live service that shares its name with a service of a scenario fixture', () => {
    expect(lookedFor(['planted-api', 'site', 'planted-fn'], new Set(['site', 'hook']))).toEqual(['planted-api', 'planted-fn']);
  });
});

describe('no test names a service of the live catalogue (environments/services.ts)', () => {
  const live = loadConfig().services.map((s) => s.name);
  const scenarios = scenarioServiceNames();
  const services = lookedFor(live, scenarios);
  const found = new Map(testFiles().map((file) => [file, namingLiterals(fs.readFileSync(path.join(ROOT, file), 'utf8'), services, file)]));

  test('the live catalogue, the scenario fixtures and the tests are read', () => {
    expect(live.length).toBeGreaterThan(0);
    expect(scenarios.size).toBeGreaterThan(0);
    expect(found.size).toBeGreaterThan(0);
  });

  test('no test file names one (move the assertion onto a fixture with neutral names)', () => {
    const offenders = [...found].filter(([, literals]) => literals.length > 0).map(([file, literals]) => ({ file, literals }));
    expect(offenders).toEqual([]);
  });
});
