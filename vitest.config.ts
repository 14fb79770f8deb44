import { defineConfig } from 'vitest/config';

// Test tiers by suffix: *.test.ts are unit and integration tests (integration ones gate on real
// infrastructure through test/helpers/infra.ts); test/e2e/<scenario>/*.e2e.ts run whole processes.
export default defineConfig({
  resolve: {
    // Vite would load graphql's ESM build for our sources while @apollo/* require its CJS build:
    // two graphql instances, and "Cannot use GraphQLScalarType from another module or realm".
    // Node (tsx) loads the CJS build for both; so must the tests.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['**/*.test.ts', 'test/e2e/**/*.e2e.ts'],
    exclude: ['node_modules/**', 'data/**'],
    globalSetup: ['test/setup/infra.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only thrash the broker and PostgreSQL.
    maxWorkers: 2,
  },
});
