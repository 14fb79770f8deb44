import { defineConfig } from 'vitest/config';

// Test tiers by suffix: *.test.ts are unit and integration tests (integration ones gate on real
// infrastructure through test/helpers/infra.ts); test/e2e/<scenario>/*.e2e.ts run whole processes.
export default defineConfig({
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
