import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'e2e/**', 'build/**'],
    environment: 'node',
    globals: true,
    setupFiles: ['./test/setup.ts'],
    globalSetup: ['./test/global-setup.ts'],
    // Each file opens its own database (an in-memory PGlite, or a schema on DATABASE_URL):
    // starting PGlite takes seconds, so hooks get room.
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
