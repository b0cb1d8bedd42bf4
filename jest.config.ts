/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

// Both projects resolve the harness by its package name and the project's node_modules, so a
// solution in a folder anywhere on disk compiles and runs (KATA_SOLUTIONS_DIR).
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^aws-basics-dojo$': '<rootDir>/harness/index.ts',
    '^aws-basics-dojo/testing$': '<rootDir>/harness/testing.ts',
  },
  modulePaths: ['<rootDir>/node_modules'],
  // Staged images and the moto venv live here; their package.json files are not project modules.
  modulePathIgnorePatterns: ['<rootDir>/.dojo/'],
} satisfies Config;

const config: Config = {
  // The second records the learner's kata results in .dojo/progress.json for `npm run kata`.
  reporters: ['default', '<rootDir>/harness/cli/kata/progress-reporter.cjs'],
  globalSetup: '<rootDir>/harness/runner/jest-global-setup.ts',
  globalTeardown: '<rootDir>/harness/runner/jest-global-teardown.ts',
  projects: [
    { ...shared, displayName: 'suite', testMatch: ['<rootDir>/test/**/*.test.ts'], setupFiles: ['<rootDir>/test/english.ts'] },
    { ...shared, displayName: 'katas', testMatch: ['<rootDir>/katas/*/kata.test.ts'] },
  ],
};

export default config;
