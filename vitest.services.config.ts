// `npm run test:services`: the storage, cache and bus contract suites against real PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/services/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup/seed.ts'],
  },
});
