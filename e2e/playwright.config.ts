import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests: the production build, started as `npm start` starts it (e2e/playwright-setup.ts),
 * driven by Debian's chromium when it is installed (Playwright's own browser download is not needed).
 */
const E2E_PORT = 3120;
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.(spec|setup)\.ts$/,
  globalSetup: './playwright-setup.ts',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: '../test-results/e2e-report', open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: { executablePath },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'sign-in', testMatch: /auth\.setup\.ts$/ },
    {
      name: 'desk',
      testMatch: /.*\.spec\.ts$/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, storageState: 'test-results/e2e-admin.json' },
      dependencies: ['sign-in'],
    },
  ],
});
