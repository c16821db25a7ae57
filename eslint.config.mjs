// ESLint (flat config) with typescript-eslint. The one project-specific rule: provider packages are
// imported deeply (`@cdktf/provider-aws/lib/<resource>`): the package root loads every resource of the
// provider (measured: 10x slower synth and 7x the memory).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', 'coverage/**', '.venv/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-aws',
              message: 'Import deeply: @cdktf/provider-aws/lib/<resource> (the root costs seconds and hundreds of MB per synth).',
            },
            { name: '@cdktf/provider-github', message: 'Import deeply: @cdktf/provider-github/lib/<resource>.' },
            { name: '@cdktf/provider-aws/lib', message: 'Import deeply: @cdktf/provider-aws/lib/<resource>.' },
            { name: '@cdktf/provider-github/lib', message: 'Import deeply: @cdktf/provider-github/lib/<resource>.' },
          ],
          patterns: [
            {
              regex: '^(cdktf|constructs)(/.*)?$',
              message: 'Import cdktf through modules/core (one place to switch to the cdktn fork).',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // tests read synthesized Terraform JSON, which is untyped by nature
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // the one file allowed to import cdktf directly
    files: ['modules/core/cdktf.ts', 'modules/core/jest-matchers.d.ts'],
    rules: { 'no-restricted-imports': 'off' },
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
