// The Electron shell suite: `npm run test:electron` (xvfb-run on Linux). It
// skips, printing why, where Electron's binary is not installed.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
});
