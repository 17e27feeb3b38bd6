/** Jest runs TypeScript as native ESM through ts-jest (the @actions/* packages are ESM only). */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts'],
  coverageThreshold: { global: { lines: 90 } },
  testTimeout: 60000,
  // Two workers even on a 2-core machine: the end-to-end suites mostly wait on the emulator's timers and the child
  // bundle, not on the CPU (the whole suite: 9.4 min with one worker, 5.1 min with two, both green).
  maxWorkers: 2,
};
