/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (sucrase): type-checking runs once, in `npm run typecheck`.
  transform: { '\\.ts$': '@sucrase/jest-plugin' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  // the example synthesized once per run, for tests that only read its output (__tests__/support/example.ts)
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  // jest's transform cache in the project (not /tmp/jest_*): tests leave nothing in /tmp
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  // jest's default is one worker fewer than the cores: on a 2-core machine that is one; use both
  maxWorkers: '100%',
  testTimeout: 120000,
};
