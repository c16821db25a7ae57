import { lint, ofRule, type LintCase } from './eslint';

// The layer rules of eslint.config.mjs, run through ESLint's own API on small sources, so a rule that stops
// firing (a renamed folder, a block that overrides another) fails here instead of vanishing silently.

function lintImports(cases: readonly LintCase[]): string[][] {
  return lint(cases).map((messages) => ofRule(messages, 'no-restricted-imports'));
}

const importing = (from: string, specifier: string): LintCase => ({
  filePath: from,
  source: `import * as imported from '${specifier}';\nexport const used = imported;\n`,
});

// [importer, import specifier, the layer the message names]
const FORBIDDEN: readonly (readonly [string, string, string])[] = [
  ['modules/secret/secret.ts', '../../policies/rules', 'policies/'],
  ['modules/secret/secret.ts', '../../environments', 'environments/'],
  ['modules/secret/secret.ts', '../../stacks/compose/secrets', 'stacks/'],
  ['modules/secret/secret.ts', '../../model', 'model/'],
  ['policies/rules/s3-versioning.ts', '../../modules/core', 'modules/'],
  ['policies/aspect.ts', '../stacks', 'stacks/'],
  ['environments/schema/secrets.ts', '../../modules/core/build-naming', 'modules/'],
  ['environments/dev.ts', '../model', 'model/'],
  ['vocabulary/tags.ts', '../modules/core', 'modules/'],
  ['vocabulary/tags.ts', '../policies', 'policies/'],
  ['model/names.ts', '../stacks', 'stacks/'],
  ['model/names.ts', '../modules/secure-bucket', 'modules/'],
  ['stacks/compose/secrets.ts', '../../tools/diff', 'tools/'],
];

const ALLOWED: readonly (readonly [string, string])[] = [
  ['modules/secret/secret.ts', '../../vocabulary/suppressions'],
  ['modules/secret/secret.ts', '../core'],
  ['policies/rules/s3-versioning.ts', '../../vocabulary/tags'],
  ['environments/schema/secrets.ts', '../../vocabulary/build-purposes'],
  ['model/names.ts', '../environments/schema'],
  ['model/names.ts', '../modules/core'],
  ['stacks/compose/secrets.ts', '../../modules/secret'],
  ['stacks/compose/secrets.ts', '../../model'],
  ['tools/diff/cli.ts', '../../stacks'],
];

const CDKTF: readonly LintCase[] = [
  { filePath: 'modules/secret/secret.ts', source: "import { App } from 'cdktf';\nexport const app = App;\n" },
  { filePath: 'vocabulary/cdktf.ts', source: "import { App } from 'cdktf';\nexport const app = App;\n" },
];

describe('layer rules (eslint.config.mjs)', () => {
  let forbidden: string[][];
  let allowed: string[][];
  let cdktf: string[][];

  beforeAll(() => {
    const cases = [
      ...FORBIDDEN.map(([from, spec]) => importing(from, spec)),
      ...ALLOWED.map(([from, spec]) => importing(from, spec)),
      ...CDKTF,
    ];
    const results = lintImports(cases);
    forbidden = results.slice(0, FORBIDDEN.length);
    allowed = results.slice(FORBIDDEN.length, FORBIDDEN.length + ALLOWED.length);
    cdktf = results.slice(FORBIDDEN.length + ALLOWED.length);
  });

  test.each(FORBIDDEN.map((c, i) => [...c, i] as const))('%s may not import %s', (from, _spec, layer, i) => {
    expect(forbidden[i]).toEqual([expect.stringContaining(`${from.split('/')[0]}/ may not import ${layer}`)]);
  });

  test.each(ALLOWED.map((c, i) => [...c, i] as const))('%s may import %s', (_from, _spec, i) => {
    expect(allowed[i]).toEqual([]);
  });

  test('cdktf itself is imported only by vocabulary/cdktf.ts', () => {
    expect({ outside: cdktf[0], gateway: cdktf[1] }).toEqual({
      outside: [expect.stringContaining('vocabulary/cdktf.ts is the one place')],
      gateway: [],
    });
  });
});
