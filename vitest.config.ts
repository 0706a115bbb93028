import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        // The API and services, against a fresh PostgreSQL database per test file.
        resolve: { alias },
        test: {
          name: 'api',
          include: ['app/**/*.test.ts', 'lib/**/*.test.ts', 'db/**/*.test.ts', 'bin/**/*.test.ts'],
          globalSetup: ['lib/test/global-setup.ts'],
          setupFiles: ['lib/test/database-per-file.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The production build, started the way `npm start` starts it, on the embedded database.
        resolve: { alias },
        test: {
          name: 'server',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/build.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
