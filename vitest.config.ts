import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests import services and queries directly; `server-only` guards them only in Next's browser
// bundles, so here it is the package's empty module, as under Next's server condition.
const alias = {
  '@': path.resolve(import.meta.dirname),
  'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
};

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
          // Vitest's default is one worker fewer than the cores: one, on CI's two. The files mostly wait on
          // PostgreSQL, each in a database of its own, so two at a time use both cores.
          maxWorkers: 2,
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
          // One at a time, after the API's files: these start servers and stop databases, and time them.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
