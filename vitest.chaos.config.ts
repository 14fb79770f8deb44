import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// `npm run chaos`: every chaos scenario at full length (test/e2e/chaos/*.chaos.ts), one at a time,
// each with its own broker and PostgreSQL. The smoke (smoke.chaos.ts) runs with them.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/e2e/chaos/**/*.chaos.ts'],
    globalSetup: base.test?.globalSetup,
    maxWorkers: 1,
    testTimeout: 1_800_000,
    hookTimeout: 900_000,
  },
});
