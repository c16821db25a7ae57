// ESLint (flat config) with typescript-eslint. Project-specific rules:
// - provider packages are imported deeply (`@cdktf/provider-aws/lib/<resource>`): the package root loads every
//   resource of the provider (measured: 10x slower synth and 7x the memory);
// - cdktf itself is imported in one file (vocabulary/cdktf.ts);
// - the layers import one way (LAYERS below; docs/layers.md);
// - no source file over 400 lines and no function over 80 (SIZE below).
import tseslint from 'typescript-eslint';

const PROVIDER_PATHS = [
  {
    name: '@cdktf/provider-aws',
    message: 'Import deeply: @cdktf/provider-aws/lib/<resource> (the root costs seconds and hundreds of MB per synth).',
  },
  { name: '@cdktf/provider-github', message: 'Import deeply: @cdktf/provider-github/lib/<resource>.' },
  { name: '@cdktf/provider-aws/lib', message: 'Import deeply: @cdktf/provider-aws/lib/<resource>.' },
  { name: '@cdktf/provider-github/lib', message: 'Import deeply: @cdktf/provider-github/lib/<resource>.' },
];

const CDKTF_PATTERN = {
  regex: '^(cdktf|constructs)(/.*)?$',
  message:
    'Import cdktf through modules/core (in modules) or vocabulary (elsewhere): vocabulary/cdktf.ts is the one place to switch to the cdktn fork.',
};

/**
 * The layers, and the top-level folders each may not import. Data flows environments/ -> model/ -> stacks/ ->
 * modules/; vocabulary/ is the leaf every layer may import (suppressions, stack traits, tags, rule ids, build
 * purposes, the cdktf runtime); policies/ read synthesized output and the vocabulary only. tools/, main.ts and
 * __tests__/ sit on top and may import anything. __tests__/lint/layers.test.ts proves each rule fires.
 */
const LAYERS = [
  {
    folder: 'vocabulary',
    forbidden: ['environments', 'model', 'stacks', 'modules', 'policies', 'tools'],
    why: 'it is the leaf every layer imports',
  },
  {
    folder: 'environments',
    forbidden: ['model', 'stacks', 'modules', 'policies', 'tools'],
    why: 'it is data: the model reads it, never the reverse',
  },
  // model/ may use the naming helpers of modules/core, no construct
  {
    folder: 'model',
    forbidden: ['stacks', 'policies', 'tools', 'modules/(?!core(/|$))[^/]+'],
    why: 'the model is resolved from data before any stack or construct exists',
  },
  { folder: 'stacks', forbidden: ['tools'], why: 'stacks are composition: tools sit on top of them' },
  {
    folder: 'modules',
    forbidden: ['environments', 'model', 'stacks', 'policies', 'tools'],
    why: 'a module knows no environment, model, stack or policy: it takes props',
  },
  {
    folder: 'policies',
    forbidden: ['environments', 'model', 'stacks', 'modules', 'tools'],
    why: 'policies read synthesized output and the vocabulary only',
  },
];

/** The `no-restricted-imports` options for a file of `layer` (flat config replaces a rule's options, so each block has all of them). */
function restrictedImports(layer, { cdktf = true } = {}) {
  const layerPatterns = (layer?.forbidden ?? []).map((target) => ({
    regex: `^(\\.\\./)+${target}(/.*)?$`,
    message: `${layer.folder}/ may not import ${target.replace(/\/.*/, '')}/: ${layer.why} (docs/layers.md).`,
  }));
  return ['error', { paths: PROVIDER_PATHS, patterns: [...(cdktf ? [CDKTF_PATTERN] : []), ...layerPatterns] }];
}

/**
 * Size, outside the tests: no file over 400 lines and no function over 80, blank lines and comments aside. The one
 * exception is a data table (a function or file that is a literal list, e.g. the IAM actions per service), marked
 * where it is: `// eslint-disable-next-line max-lines-per-function -- data table: <what it lists>`.
 * __tests__/lint/size.test.ts refuses a disable of these rules that does not say `data table`.
 */
const SIZE = {
  'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
  'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
};

/**
 * Files still over the limits when the rule landed (issue 18). Each leaves this list when it is split along its
 * seams; never add a file here to get past the rule.
 */
const SIZE_PENDING = [];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', 'coverage/**', '.venv/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports(undefined),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...LAYERS.map((layer) => ({ files: [`${layer.folder}/**/*.ts`], rules: { 'no-restricted-imports': restrictedImports(layer) } })),
  {
    // the one file that imports cdktf itself (and the types of its jest matchers)
    files: ['vocabulary/cdktf.ts'],
    rules: { 'no-restricted-imports': restrictedImports(LAYERS[0], { cdktf: false }) },
  },
  {
    files: ['modules/core/jest-matchers.d.ts'],
    rules: {
      'no-restricted-imports': restrictedImports(
        LAYERS.find((l) => l.folder === 'modules'),
        { cdktf: false },
      ),
    },
  },
  { files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'], ignores: ['__tests__/**', ...SIZE_PENDING], rules: SIZE },
  {
    // tests read synthesized Terraform JSON, which is untyped by nature
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
