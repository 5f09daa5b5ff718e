// End-to-end tests of the lab UI: the browser edition in Debian's Chromium
// (tests/e2e/*.spec.ts), and the same flows in Electron where its binary
// exists (tests/e2e/electron/*.spec.ts, skipped with a reason otherwise).
//   npx playwright test -c playwright.config.ts
import { defineConfig } from '@playwright/test';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/support/global_setup.ts',
  // The machines here have two cores shared with other work.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  // Its own folder: other suites may clean test-results/ while this one runs.
  outputDir: 'test-results/ui-e2e',
  reporter: [['line'], ['json', { outputFile: 'artifacts/e2e-results.json' }]],
  use: {
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: '**/electron/**',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'electron',
      testMatch: 'electron/**/*.spec.ts',
    },
  ],
});
