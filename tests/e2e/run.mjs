// Runs the e2e suites (`npx playwright test -c playwright.config.ts`) and ends
// with the one summary line CI reads: `N passed, N failed, N skipped`.
// Extra arguments go to Playwright (e.g. `--project=chromium`, a file, `-g`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const REPORT = 'artifacts/e2e-results.json';
rmSync(REPORT, { force: true });
const run = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '-c', 'playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
if (!existsSync(REPORT)) {
  console.log('0 passed, 1 failed');
  process.exit(run.status || 1);
}
const { stats } = JSON.parse(readFileSync(REPORT, 'utf8'));
console.log(`${stats.expected + stats.flaky} passed, ${stats.unexpected} failed, ${stats.skipped} skipped`);
process.exit(run.status ?? 1);
