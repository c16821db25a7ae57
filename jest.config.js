/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (sucrase): type-checking runs once, in `npm run typecheck`.
  transform: { '\\.ts$': '@sucrase/jest-plugin' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  // jest's default is one worker fewer than the cores: on a 2-core machine that is one; use both
  maxWorkers: '100%',
  testTimeout: 120000,
};
